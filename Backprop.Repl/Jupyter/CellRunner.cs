using System.Text.RegularExpressions;
using Backprop.Lang.Text;
using Backprop.Repl.Running;

namespace Backprop.Repl.Jupyter;

/// <summary>
/// A cell is a script: its statements run one after another in the kernel's one session, and the first error stops
/// the cell (nothing runs on a broken state), as in <c>backprop eval</c>. Two things a notebook adds: a statement may
/// go on over several lines while a <c>(</c> or <c>[</c> is open (a matrix written row by row), as at the REPL's
/// <c>..&gt;</c> prompt; and <c>:grad --picture EXPR</c> asks for the graph's picture beside the tables.
/// </summary>
internal sealed partial class CellRunner(Interpreter interpreter, NotebookReporter reporter)
{
    public const string PictureFlag = "--picture";

    [GeneratedRegex(@"^\s*:grad\s+(--picture)(?=\s|$)")]
    private static partial Regex PictureRequest();

    /// <summary>
    /// Runs the cell. A <c>:quiz</c> takes its answers from the cell's next lines when there are any, as in a script;
    /// past them it asks <paramref name="ask"/> (the front end's stdin), or, with none, says how to answer.
    /// </summary>
    /// <param name="ask">Asks the front end for one line (<c>input_request</c>); null when it does not allow input.</param>
    public LineStatus Run(string code, string path, Func<string, string?>? ask)
    {
        var statements = Statements(code, path);
        var pictures = new HashSet<SourceLine>();
        for (int i = 0; i < statements.Count; i++)
        {
            statements[i] = WithoutPictureFlag(statements[i], out bool picture);
            if (picture) pictures.Add(statements[i]);
        }
        reporter.PictureLines = pictures;
        int next = 0;
        bool told = false;
        interpreter.ReadAnswer = () =>
        {
            if (next < statements.Count) return statements[next++].Text;
            if (ask is not null) return ask(KernelMessages.AnswerPrompt);
            if (!told) interpreter.Reporter.Text(statements[^1], KernelMessages.NoStdin);
            told = true;
            return null;
        };
        var cancellation = interpreter.Cancellation;
        while (next < statements.Count)
        {
            var line = statements[next++];
            if (cancellation.IsCancellationRequested)
            {
                return Cancelled(line);
            }
            var status = interpreter.RunLine(line);
            if (status == LineStatus.Ok && cancellation.IsCancellationRequested)
            {
                return Cancelled(line); // a :quiz whose wait for an answer was interrupted ends well; the cell does not
            }
            if (status != LineStatus.Ok)
            {
                return status;
            }
        }
        return LineStatus.Ok;
    }

    private LineStatus Cancelled(SourceLine line)
    {
        interpreter.Error(line, new TextSpan(0, line.Text.Length), ReplMessages.Cancelled);
        return LineStatus.Cancelled;
    }

    /// <summary>
    /// The cell's statements: its lines, except that a line with an unclosed <c>(</c> or <c>[</c> takes the lines after
    /// it (joined with a space, so the statement reads as typed on one line) until they close, a blank line or a
    /// command line comes, or the cell ends. A statement is numbered by the line it starts on.
    /// </summary>
    public static List<SourceLine> Statements(string code, string path)
    {
        var statements = new List<SourceLine>();
        string? pending = null;
        int pendingLine = 0;
        foreach (var line in SourceLine.Split(code, path))
        {
            if (pending is not null && ReplLoop.EndsContinuation(line.Text))
            {
                statements.Add(new SourceLine(path, pendingLine, pending));
                pending = null;
            }
            string text = pending is null ? line.Text : pending + " " + line.Text;
            if (IsUnfinished(text))
            {
                if (pending is null) pendingLine = line.Number;
                pending = text;
                continue;
            }
            statements.Add(pending is null ? line : new SourceLine(path, pendingLine, text));
            pending = null;
        }
        if (pending is not null)
        {
            statements.Add(new SourceLine(path, pendingLine, pending));
        }
        return statements;
    }

    /// <summary>More <c>(</c> and <c>[</c> opened than closed before any comment: the statement goes on.</summary>
    public static bool IsUnfinished(string text) => OpenBrackets(text) > 0;

    /// <summary>How many brackets are still open at the end of <paramref name="text"/> (negative when more close than open).</summary>
    public static int OpenBrackets(string text)
    {
        int depth = 0;
        foreach (char c in text)
        {
            if (c == '#') break;
            if (c is '(' or '[') depth++;
            else if (c is ')' or ']') depth--;
        }
        return depth;
    }

    /// <summary><c>:grad --picture EXPR</c> as <c>:grad EXPR</c> with the flag blanked, so columns in messages stay where they were.</summary>
    public static SourceLine WithoutPictureFlag(SourceLine line, out bool picture)
    {
        var match = PictureRequest().Match(line.Text);
        picture = match.Success;
        if (!picture) return line;
        var flag = match.Groups[1];
        string text = line.Text[..flag.Index] + new string(' ', flag.Length) + line.Text[(flag.Index + flag.Length)..];
        return new SourceLine(line.Path, line.Number, text);
    }
}
