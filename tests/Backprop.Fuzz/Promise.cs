using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Backprop.Lang.Diagnostics;
using Backprop.Lang.Evaluation;
using Backprop.Lang.Syntax;
using Backprop.Lang.Text;
using Backprop.Repl.Cli;
using Backprop.Repl.Output;
using Backprop.Repl.Running;
using Backprop.Repl.Terminal;

namespace Backprop.Fuzz;

/// <summary>One way the promise broke: on which path, which rule, and what was seen.</summary>
public sealed record BrokenPromise(string Path, string Rule, string Detail)
{
    /// <summary>
    /// The same bug found twice has the same category, whatever the input and whichever path found it: the rule,
    /// and for a rule about a message, which message it is (its words before the first colon, the user's text left out).
    /// </summary>
    public string Category { get; init; } = Rule;

    /// <summary>A broken rule about <paramref name="message"/>, categorised by the message's wording.</summary>
    public static BrokenPromise AboutMessage(string path, string rule, string message, string detail) =>
        new(path, rule, detail) { Category = $"{rule}: {Regex.Replace(message, @"'[^']*'|\d+", "…").Split(": ")[0]}" };

    public override string ToString() => Detail.Length == 0 ? $"{Path}: {Rule}" : $"{Path}: {Rule}: {Detail}";
}

/// <summary>
/// backprop's promise for any input: a result or a diagnostic that points at a line and a column inside it, never
/// an exception or a stack trace, and a session that keeps its variables (a failed statement changes nothing).
/// <see cref="Check(string)"/> runs one input down every path a user can take — the library, the interpreter line by
/// line with the human and the JSON reporter, the REPL loop, and <c>backprop eval</c> on a file — and returns every
/// way the promise broke; an empty list means it held.
/// </summary>
public sealed class Promise : IDisposable
{
    /// <summary>A variable bound before every input: only <c>:reset</c> may make the REPL forget it.</summary>
    public const string Keeper = "keep_ϡ";

    /// <summary>What every session knows before the input: inputs, an intermediate, and the keeper.</summary>
    public static readonly string Preamble = $"x = 1.5\ny = 2\nz = 0.5\napple = 100\ns = sin(x) * y\n{Keeper} = 42";

    /// <summary>User text inside a message is shortened, so a message longer than this has let some through whole.</summary>
    public const int MaxMessageLength = 1000;

    // Scripts run in scratch; a script may aim '..' at the moat around it, which the write policy must keep it out of.
    private readonly string _moat = Directory.CreateTempSubdirectory("backprop-fuzz-").FullName;
    private string _scratch => System.IO.Path.Combine(_moat, "scripts");

    // A folder beside the scripts that 'backprop eval --allow-write' opens to them.
    private string _allowed => System.IO.Path.Combine(_moat, "allowed");

    public IReadOnlyList<BrokenPromise> Check(string text) => Check(text, Encoding.UTF8.GetBytes(text));

    /// <summary>Checks bytes as a script file holds them; the paths that take text get them decoded as <c>backprop eval</c> decodes.</summary>
    public IReadOnlyList<BrokenPromise> Check(byte[] bytes) => Check(SourceLine.Decode(bytes), bytes);

    private List<BrokenPromise> Check(string text, byte[] bytes)
    {
        var broken = new List<BrokenPromise>();
        Guard(broken, "library", () => Library(text, broken));
        Guard(broken, "interpreter", () => LineByLine(text, broken));
        Guard(broken, "repl", () => Loop(text, broken));
        Guard(broken, "eval", () => Eval(bytes, broken));
        return broken;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_moat, recursive: true);
        }
        catch (IOException)
        {
            // A scratch directory left in /tmp is not worth failing a run for.
        }
    }

    // ---- The paths ---------------------------------------------------------------------------------------

    /// <summary>The library's own entry points: a session runs the text as a script, and takes it as one expression.</summary>
    private static void Library(string text, List<BrokenPromise> broken)
    {
        var session = new Session();
        session.Run(Preamble, "<preamble>");
        foreach (var outcome in session.Run(text, "<fuzz>"))
        {
            Inspect("library", outcome.Diagnostics, broken);
        }
        var gradient = session.Gradient(text);
        Inspect("library", gradient.Diagnostics, broken);
        if (gradient.Succeeded && gradient.Graph.Count == 0)
        {
            broken.Add(new("library", "a gradient succeeded without a graph", ""));
        }
        KeeperKept("library", session, broken);
    }

    /// <summary>Each line through the interpreter twice, once for people and once as JSON, with the session checked after each.</summary>
    private static void LineByLine(string text, List<BrokenPromise> broken)
    {
        var human = Run.Human();
        var json = Run.Json();
        foreach (var line in SourceLine.Split(text, ReplLoop.Path))
        {
            if (!Sandbox.IsSafe(line.Text, inScratch: false))
            {
                continue;
            }
            var before = human.Session.Variables;
            int humanErrors = human.Recorder.ErrorCount, jsonErrors = json.Recorder.ErrorCount;

            var status = human.Interpreter.RunLine(line);
            var jsonStatus = json.Interpreter.RunLine(line);

            bool reported = human.Recorder.ErrorCount > humanErrors;
            if ((status == LineStatus.Error) != reported)
            {
                broken.Add(new("interpreter", reported ? "an error was reported but the line counted as a success" : "the line failed without an error message",
                    $"line {line.Number}"));
            }
            if (status != jsonStatus || json.Recorder.ErrorCount - jsonErrors != human.Recorder.ErrorCount - humanErrors)
            {
                broken.Add(new("interpreter", "the human and the JSON runs disagree", $"line {line.Number}: {status} and {jsonStatus}"));
            }
            if (status == LineStatus.Error && !IsCommand(line.Text, "load") && !before.SequenceEqual(human.Session.Variables))
            {
                broken.Add(new("interpreter", "a failed statement changed the variables", $"line {line.Number}"));
            }
            if (IsCommand(line.Text, "reset"))
            {
                human.Rebind();
                json.Rebind();
            }
            KeeperKept("interpreter", human.Session, broken);
        }
        Inspect("interpreter", human.Recorder.Diagnostics, broken);
        Inspect("interpreter", json.Recorder.Diagnostics, broken);
        human.CheckPrinted("interpreter", broken);
        json.CheckPrinted("interpreter", broken);
    }

    /// <summary>The REPL as a user drives it: lines with an unclosed '(' continue on the next, and the session must keep the keeper.</summary>
    private static void Loop(string text, List<BrokenPromise> broken)
    {
        if (!Sandbox.LoopStatements(text).All(statement => Sandbox.IsSafe(statement, inScratch: false)))
        {
            return;
        }
        var human = Run.Human();
        bool mayReset = text.Contains(":reset", StringComparison.Ordinal);
        var lines = new WatchedLines(new TextLineSource(new StringReader(text)), () =>
        {
            if (!human.Session.TryGetVariable(Keeper, out _) && mayReset)
            {
                human.Rebind();
            }
            KeeperKept("repl", human.Session, broken);
        });
        ReplLoop.Run(human.Interpreter, lines);
        Inspect("repl", human.Recorder.Diagnostics, broken);
        human.CheckPrinted("repl", broken);
    }

    /// <summary>The input as a script file: the interpreter runs it (JSON), then the whole command does (<c>backprop eval</c>).</summary>
    private void Eval(byte[] bytes, List<BrokenPromise> broken)
    {
        Directory.CreateDirectory(_scratch);
        Directory.CreateDirectory(_allowed);
        if (!SourceLine.Split(SourceLine.Decode(bytes)).All(line => Sandbox.IsSafe(line.Text, inScratch: true, _scratch, _moat)))
        {
            return;
        }
        // Files a previous input wrote (with :dot > FILE) must not change what this one does.
        foreach (string file in Directory.EnumerateFiles(_scratch).Concat(Directory.EnumerateFiles(_allowed)))
        {
            File.Delete(file);
        }
        string script = System.IO.Path.Combine(_scratch, "input.bp");
        File.WriteAllBytes(script, bytes);

        // A fresh session without the preamble, as backprop eval starts, so the two can be compared.
        var json = Run.Json(preamble: false, new WritePolicy(trustTopLevel: false, [_allowed]));
        var status = json.Interpreter.RunFile(script, json.Recorder.Error);
        if ((status == LineStatus.Error) != (json.Recorder.ErrorCount > 0))
        {
            broken.Add(new("eval", status == LineStatus.Error ? "the script failed without an error message" : "an error was reported but the script succeeded", ""));
        }
        Inspect("eval", json.Recorder.Diagnostics, broken);
        json.CheckPrinted("eval", broken);

        var output = new StringWriter();
        var errors = new StringWriter();
        int code = new BackpropCli(new StringReader(""), output, errors, isTerminal: false).Run(["eval", "--allow-write", _allowed, script]);
        string err = errors.ToString();
        if (code is not (BackpropCli.Success or BackpropCli.InputError))
        {
            broken.Add(new("eval", $"exit code {code}", Excerpt(err)));
        }
        if ((code == BackpropCli.InputError) != err.Contains("error: ", StringComparison.Ordinal))
        {
            broken.Add(new("eval", code == BackpropCli.InputError ? "exit code 1 without an error message" : "an error message with exit code 0", Excerpt(err)));
        }
        if (code != (status == LineStatus.Error ? BackpropCli.InputError : BackpropCli.Success))
        {
            broken.Add(new("eval", "backprop eval and the interpreter disagree", $"exit code {code}, interpreter {status}"));
        }
        CheckNoStackTrace("eval", err, broken);
        MoatUntouched(broken);
    }

    /// <summary>A script writes only inside its own folder: nothing may appear beside it, however its paths climb.</summary>
    private void MoatUntouched(List<BrokenPromise> broken)
    {
        foreach (string entry in Directory.EnumerateFileSystemEntries(_moat).Where(e => e != _scratch && e != _allowed))
        {
            broken.Add(new("eval", "a script wrote outside its own folder", System.IO.Path.GetFileName(entry)));
            if (File.Exists(entry)) File.Delete(entry); else Directory.Delete(entry, recursive: true);
        }
    }

    // ---- The rules -----------------------------------------------------------------------------------------

    /// <summary>Every diagnostic points inside its line, says something short and printable, and renders.</summary>
    internal static void Inspect(string path, IEnumerable<Diagnostic> diagnostics, List<BrokenPromise> broken)
    {
        foreach (var d in diagnostics)
        {
            string text = d.Source.Text;
            if (d.Line < 1)
            {
                broken.Add(new(path, "a diagnostic on line 0 or before", $"line {d.Line}: {d.Message}"));
            }
            if (d.Span.Start < 0 || d.Span.Length < 0 || d.Span.End > text.Length)
            {
                broken.Add(new(path, "a span outside its line", $"{d.Span} in a line of {text.Length}: {d.Message}"));
            }
            int lastColumn = d.Source.ColumnOf(text.Length);
            if (d.Column < 1 || d.Column > lastColumn)
            {
                broken.Add(new(path, "a column outside its line", $"column {d.Column} of {lastColumn}: {d.Message}"));
            }
            if (string.IsNullOrWhiteSpace(d.Message))
            {
                broken.Add(new(path, "an empty message", $"{d.Span}"));
            }
            if (d.Message.Length > MaxMessageLength)
            {
                broken.Add(BrokenPromise.AboutMessage(path, $"a message longer than {MaxMessageLength} characters", d.Message, Excerpt(d.Message)));
            }
            if (d.Message.Any(IsInvisibleControl))
            {
                broken.Add(BrokenPromise.AboutMessage(path, "a control character printed raw in a message", d.Message, Visible(Excerpt(d.Message))));
            }
            string rendered = DiagnosticFormatter.Format(d);
            string header = $"{d.Path}:{d.Line}:{d.Column}: {(d.IsError ? "error" : "warning")}: {d.Message}\n";
            if (!rendered.StartsWith(header, StringComparison.Ordinal) || rendered.Count(c => c == '\n') != 2)
            {
                broken.Add(new(path, "a diagnostic that does not render as header, source and caret", Visible(Excerpt(rendered))));
            }
        }
    }

    private static void KeeperKept(string path, Session session, List<BrokenPromise> broken)
    {
        if (!session.TryGetVariable(Keeper, out var keeper) || keeper.Value != 42)
        {
            broken.Add(new(path, "the session lost a variable", Keeper));
            session.Run($"{Keeper} = 42");
        }
    }

    private static void CheckNoStackTrace(string path, string printed, List<BrokenPromise> broken)
    {
        if (HasStackTrace(printed))
        {
            broken.Add(new(path, "a stack trace was printed", Excerpt(printed)));
        }
    }

    /// <summary>
    /// Whether <paramref name="printed"/> shows an exception as .NET prints one ("System.IO.IOException: ..." or
    /// "   at Type.Method(...)" lines), which is a crash however politely it exits. A user's name such as
    /// <c>Exception</c> appears quoted in a message, so it does not match.
    /// </summary>
    public static bool HasStackTrace(string printed) =>
        printed.Contains("Exception: ", StringComparison.Ordinal) || printed.Contains("\n   at ", StringComparison.Ordinal)
        || printed.StartsWith("   at ", StringComparison.Ordinal);

    /// <summary>Characters that act on a terminal rather than show: C0 and C1 controls but tab, DEL, line and paragraph separators, bidi overrides.</summary>
    private static bool IsInvisibleControl(char c) =>
        (char.IsControl(c) && c != '\t') || c is '\u2028' or '\u2029' || c is >= '\u202A' and <= '\u202E' || c is >= '\u2066' and <= '\u2069';

    private static bool IsCommand(string line, string name) =>
        line.TrimStart().StartsWith(':') && SyntaxParser.ParseLine(line).Statement is CommandStatement command && command.Name == name;

    private static void Guard(List<BrokenPromise> broken, string path, Action action)
    {
        try
        {
            action();
        }
        catch (Exception e)
        {
            var frame = new StackTrace(e).GetFrames().FirstOrDefault(f => f.GetMethod()?.DeclaringType?.Namespace?.StartsWith("Backprop", StringComparison.Ordinal) == true)
                ?? new StackTrace(e).GetFrame(0);
            string where = frame?.GetMethod() is { } method ? $"{method.DeclaringType?.Name}.{method.Name}" : "?";
            broken.Add(new(path, $"throws {e.GetType().Name} in {where}", $"{e.Message}\n{e.StackTrace}"));
        }
    }

    private static string Excerpt(string text) => text.Length <= 300 ? text : text[..300] + "…";

    private static string Visible(string text) =>
        string.Concat(text.Select(c => IsInvisibleControl(c) && c != '\n' ? $"\\u{(int)c:X4}" : c.ToString()));

    // ---- One interpreter with its reporter ---------------------------------------------------------------

    /// <summary>An interpreter over a session that has run the preamble, with what it printed kept.</summary>
    private sealed class Run
    {
        public required Interpreter Interpreter { get; init; }
        public required RecordingReporter Recorder { get; init; }
        public required StringWriter Output { get; init; }
        public required StringWriter Errors { get; init; }
        public required bool IsJson { get; init; }

        public Session Session => Interpreter.Session;

        public static Run Human()
        {
            var output = new StringWriter();
            var errors = new StringWriter();
            return Create(new HumanReporter(ConsoleSetup.Plain(output), errors), output, errors, isJson: false);
        }

        public static Run Json(bool preamble = true, WritePolicy? writes = null)
        {
            var output = new StringWriter();
            return Create(new JsonReporter(output), output, new StringWriter(), isJson: true, preamble, writes);
        }

        private static Run Create(IReporter reporter, StringWriter output, StringWriter errors, bool isJson, bool preamble = true,
            WritePolicy? writes = null)
        {
            var recorder = new RecordingReporter(reporter);
            var session = new Session();
            if (preamble)
            {
                session.Run(Preamble, "<preamble>");
            }
            return new Run { Interpreter = new Interpreter(session, recorder, writes), Recorder = recorder, Output = output, Errors = errors, IsJson = isJson };
        }

        /// <summary>After a <c>:reset</c>, the keeper is bound again so the next check is meaningful.</summary>
        public void Rebind() => Session.Run($"{Keeper} = 42", "<preamble>");

        /// <summary>JSON output is one valid object per line with a kind; nothing printed has a stack trace.</summary>
        public void CheckPrinted(string path, List<BrokenPromise> broken)
        {
            CheckNoStackTrace(path, Errors.ToString(), broken);
            if (!IsJson)
            {
                return;
            }
            foreach (string line in Output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                try
                {
                    using var document = JsonDocument.Parse(line);
                    if (!document.RootElement.TryGetProperty("kind", out var kind) || kind.ValueKind != JsonValueKind.String)
                    {
                        broken.Add(new(path, "a JSON line without a kind", Excerpt(line)));
                    }
                }
                catch (JsonException e)
                {
                    broken.Add(new(path, "a line of JSON output that is not JSON", $"{e.Message}: {Excerpt(line)}"));
                }
            }
        }
    }

    /// <summary>Lines for the REPL loop, with a check of the session before each one is read (that is, after each statement ran).</summary>
    private sealed class WatchedLines(ILineSource inner, Action beforeEachRead) : ILineSource
    {
        public string? ReadLine(bool continuation)
        {
            beforeEachRead();
            return inner.ReadLine(continuation);
        }
    }
}
