using System.Text;
using Backprop.Fuzz;
using Backprop.Fuzz.Catalogue;
using Backprop.Lang.Evaluation;
using Backprop.Lang.Text;
using Backprop.Repl.Cli;
using Backprop.Repl.Output;
using Backprop.Repl.Running;
using Backprop.Repl.Terminal;
using static Backprop.Repl.Tests.Printed;

namespace Backprop.Repl.Tests;

/// <summary>
/// No input breaks backprop (issue #6): every row of Catalogue/*.tsv gets its result, or an error with the expected
/// words at the marked span, and keeps the promise the fuzzer checks. The file's header explains the columns.
/// </summary>
public sealed class CatalogueTests
{
    /// <summary>What the REPL knows before a line row runs: an input for 'did you mean' to find.</summary>
    private const string LineSession = "x = 2\napple = 100";

    public static string Directory => Path.Combine(RepoPaths.Root, "tests", "Backprop.Repl.Tests", "Catalogue");

    private static readonly Lazy<IReadOnlyList<CatalogueRow>> All = new(() => CatalogueFile.Load(Directory));

    /// <summary>
    /// Rows longer than this are left out of <see cref="Row_KeepsThePromise"/>: seven runs of a megabyte line take ten
    /// seconds, and <see cref="DeepInputTests"/> already runs such lines through the real command.
    /// </summary>
    private const int LongestPromiseRow = 500_000;

    public static TheoryData<string, string> Rows() => RowData(All.Value);

    public static TheoryData<string, string> PromiseRows() => RowData(All.Value.Where(r => r.Text.Length <= LongestPromiseRow));

    private static TheoryData<string, string> RowData(IEnumerable<CatalogueRow> rows)
    {
        var data = new TheoryData<string, string>();
        foreach (var row in rows)
        {
            data.Add(row.Where, $"{row.Kind.ToString().ToLowerInvariant()} {row.Shown}");
        }
        return data;
    }

    private static CatalogueRow Row(string where) => All.Value.Single(r => r.Where == where);

    // ---- Each row: its result or its diagnostic -----------------------------------------------------------

    [Theory]
    [MemberData(nameof(Rows))]
    public void Row_GivesItsResultOrItsDiagnostic(string where, string shown)
    {
        _ = shown; // in the test's name only
        var row = Row(where);
        if (row.Kind == InputKind.Line)
        {
            RunLine(row);
        }
        else
        {
            RunScript(row);
        }
    }

    [Theory]
    [MemberData(nameof(PromiseRows))]
    public void Row_KeepsThePromise(string where, string shown)
    {
        _ = shown;
        var row = Row(where);
        using var promise = new Promise();

        var broken = row.Kind == InputKind.Bytes ? promise.Check(row.Bytes) : promise.Check(row.Text);

        Assert.True(broken.Count == 0, string.Join("\n", broken));
    }

    private static void RunLine(CatalogueRow row)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var recorder = new RecordingReporter(new HumanReporter(ConsoleSetup.Plain(output), errors));
        var session = new Session();
        session.Run(LineSession);

        var status = new Interpreter(session, recorder).RunLine(new SourceLine(ReplLoop.Path, 1, row.Text));

        Expect(row, status == LineStatus.Error, recorder, ReplLoop.Path, output.ToString(), errors.ToString());
    }

    /// <summary>A script row runs from a file twice: through the interpreter (to see the diagnostics as data) and through 'backprop eval'.</summary>
    private static void RunScript(CatalogueRow row)
    {
        using var temp = new TempDirectory();
        string path = Path.Combine(temp.Path, "input.bp");
        File.WriteAllBytes(path, row.Bytes);
        var output = new StringWriter();
        var errors = new StringWriter();
        var recorder = new RecordingReporter(new HumanReporter(ConsoleSetup.Plain(output), errors));

        var status = new Interpreter(new Session(), recorder).RunFile(path, recorder.Error);

        Expect(row, status == LineStatus.Error, recorder, path, output.ToString(), errors.ToString());

        var cliOutput = new StringWriter();
        var cliErrors = new StringWriter();
        int code = new BackpropCli(new StringReader(""), cliOutput, cliErrors, isTerminal: false).Run(["eval", path]);
        if (row.Expect != Expectation.Any)
        {
            Assert.Equal(row.Expect == Expectation.Error ? BackpropCli.InputError : BackpropCli.Success, code);
        }
        Assert.Equal(Normalize(output.ToString()), Normalize(cliOutput.ToString()));
        Assert.Equal(Normalize(errors.ToString()), Normalize(cliErrors.ToString()));
    }

    private static void Expect(CatalogueRow row, bool failed, RecordingReporter recorder, string path, string output, string errors)
    {
        Assert.False(Promise.HasStackTrace(errors), errors);
        switch (row.Expect)
        {
            case Expectation.Ok:
                Assert.True(!failed && recorder.ErrorCount == 0, $"expected a result, got:\n{errors}");
                if (row.Words.Count == 0)
                {
                    Assert.Equal("", output);
                }
                foreach (string word in row.Words)
                {
                    Assert.Contains(word, output);
                }
                break;

            case Expectation.Error:
                Assert.True(failed, $"expected an error, got:\n{output}");
                var diagnostic = recorder.Diagnostics.FirstOrDefault(d => d.IsError);
                string message = diagnostic?.Message ?? Assert.Single(recorder.FileErrors);
                foreach (string word in row.Words)
                {
                    Assert.Contains(word, message);
                }
                if (row.Mark is { } mark)
                {
                    Assert.NotNull(diagnostic);
                    Assert.Equal((mark.Line, mark.Span, mark.Column), (diagnostic.Line, diagnostic.Span, diagnostic.Column));
                    Assert.StartsWith($"{path}:{mark.Line}:{mark.Column}: error: {message}\n", Normalize(errors));
                }
                break;
        }
    }

    // ---- All rows in one REPL session --------------------------------------------------------------------

    [Fact]
    public void Repl_EveryCatalogueInputInOneSession_KeepsItsVariables()
    {
        const string check = "kept = keep";
        var typed = new StringBuilder("keep = 42\n");
        foreach (var row in All.Value)
        {
            typed.Append(row.Text).Append('\n');
            // A '(' left open makes the REPL wait for the rest of the statement: close it, as the user would.
            int open = OpenAtTheEnd(row.Text);
            if (open > 0)
            {
                typed.Append(')', open).Append('\n');
            }
            typed.Append(check).Append('\n');
        }
        var output = new StringWriter();
        var errors = new StringWriter();
        var interpreter = new Interpreter(new Session(), new HumanReporter(ConsoleSetup.Plain(output), errors));

        ReplLoop.Run(interpreter, new TextLineSource(new StringReader(typed.ToString())));

        Assert.True(interpreter.Session.TryGetVariable("keep", out var keep));
        Assert.Equal(42, keep.Value);
        Assert.Equal(All.Value.Count, Lines(output.ToString()).Count(line => line == "kept = 42"));
        Assert.False(Promise.HasStackTrace(errors.ToString()), errors.ToString());
    }

    /// <summary>How many '(' the REPL would still be waiting to see closed after typing <paramref name="text"/>.</summary>
    private static int OpenAtTheEnd(string text)
    {
        string? pending = Sandbox.LoopStatements(text).LastOrDefault();
        if (pending is null || !ReplLoop.IsUnfinished(pending))
        {
            return 0;
        }
        int depth = 0;
        foreach (char c in pending.TakeWhile(c => c != '#'))
        {
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
        }
        return depth;
    }

    // ---- The catalogue itself ----------------------------------------------------------------------------

    [Fact]
    public void Catalogue_CoversTheIssuesList()
    {
        var rows = All.Value;
        string[] inputs = [.. rows.Select(r => r.Text)];

        Assert.True(rows.Count >= 100, $"{rows.Count} rows");
        Assert.Contains(rows, r => r.Kind == InputKind.Line && r.Text.Length >= 1_000_000);
        Assert.Contains(rows, r => r.Kind == InputKind.Script && r.Text.StartsWith('\uFEFF'));
        Assert.Contains(inputs, t => t.Contains("\r\n", StringComparison.Ordinal));
        Assert.Contains(inputs, t => t.Contains('\r') && !t.Contains('\n'));
        Assert.Contains(inputs, t => t.Contains('\0'));
        Assert.Contains(inputs, t => t.Contains('\t'));
        Assert.Contains(rows, r => r.Kind == InputKind.Bytes);
    }

    [Fact]
    public void CatalogueFile_EscapedText_ReadsBackTheSame()
    {
        string text = "a\\b\tc\r\n\0 ⟦x⟧ \u202E\u0301 é 😀 \uD800 \uFFFD";

        string written = CatalogueFile.Escape(text);

        Assert.DoesNotContain('\t', written);
        Assert.DoesNotContain('\n', written);
        Assert.DoesNotContain('⟦', written);
        Assert.Equal(text, CatalogueFile.Unescape(written, "test"));
        var row = Assert.Single(CatalogueFile.Parse(CatalogueFile.FormatRow(text, "note"), "saved.tsv"));
        Assert.Equal(text, row.Text);
        Assert.Equal(Expectation.Any, row.Expect);
    }

    [Fact]
    public void CatalogueFile_MarkOnALaterLine_IsLocatedInThatLine()
    {
        var row = Assert.Single(CatalogueFile.Parse("script\t\\uFEFFa = 1\\r\\nb = 2\\rc = ⟦q⟧\terror\tq", "t.tsv"));

        Assert.Equal(new MarkedLocation(3, new TextSpan(4, 1), 5), row.Mark);
    }
}
