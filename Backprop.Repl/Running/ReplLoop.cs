using Backprop.Lang.Text;
using Backprop.Repl.Terminal;

namespace Backprop.Repl.Running;

/// <summary>
/// The interactive loop: read a line, run it, report, repeat. An error is reported and the session goes
/// on with every variable it had. A line with an unclosed '(' continues on the next line (prompt "..>"), saying
/// which '(' is open; an empty line or a line starting with ':' ends the continuation, and the unfinished statement
/// gets its "never closed" error at the '(' on the line it started on.
/// </summary>
internal static class ReplLoop
{
    public const string Path = "<repl>";

    /// <param name="interrupts">Ctrl+C during a line cancels that line; null where there is no console (tests).</param>
    public static void Run(Interpreter interpreter, ILineSource lines, Interrupts? interrupts = null)
    {
        int number = 0;
        string? pending = null;
        int pendingLine = 0;
        // A :quiz reads its answers at the "..>" prompt; Ctrl+C there stops the quiz.
        interpreter.ReadAnswer = () =>
        {
            try
            {
                string? answer = lines.ReadLine(continuation: true);
                if (answer is not null) number++;
                return answer;
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        };
        while (true)
        {
            string? text;
            try
            {
                text = lines.ReadLine(continuation: pending is not null);
            }
            catch (OperationCanceledException)
            {
                pending = null; // Ctrl+C at "..>": drop the unfinished statement
                continue;
            }
            if (text is null)
            {
                if (pending is not null)
                {
                    RunLine(interpreter, new SourceLine(Path, pendingLine, pending), interrupts);
                }
                return;
            }
            number++;
            if (pending is not null && EndsContinuation(text))
            {
                // The user has moved on (:quit, another command, or Enter on nothing): the unfinished statement is
                // reported where it began, and the new line runs as typed.
                RunLine(interpreter, new SourceLine(Path, pendingLine, pending), interrupts);
                pending = null;
                if (text.Trim().Length == 0) continue;
            }
            string statement = pending is null ? text : pending + " " + text;
            if (IsUnfinished(statement))
            {
                if (pending is null)
                {
                    pendingLine = number;
                    var (line, column) = (number, FirstOpen(statement) + 1);
                    interpreter.Reporter.Text(new SourceLine(Path, number, statement), ReplMessages.StillOpen(line, column));
                }
                pending = statement;
                continue;
            }
            int at = pending is null ? number : pendingLine;
            pending = null;
            if (RunLine(interpreter, new SourceLine(Path, at, statement), interrupts) == LineStatus.Quit)
            {
                return;
            }
        }
    }

    /// <summary>Runs one line with its own cancellation token, so Ctrl+C stops this line and no other.</summary>
    internal static LineStatus RunLine(Interpreter interpreter, SourceLine line, Interrupts? interrupts)
    {
        if (interrupts is null)
        {
            return interpreter.RunLine(line);
        }
        interpreter.Cancellation = interrupts.Begin();
        try
        {
            return interpreter.RunLine(line);
        }
        finally
        {
            interrupts.End();
            interpreter.Cancellation = default;
        }
    }

    /// <summary>A line that is not the rest of an unfinished statement: nothing, or a command.</summary>
    internal static bool EndsContinuation(string line) =>
        line.Trim().Length == 0 || Lang.Syntax.WidthFold.Fold(line).TrimStart().StartsWith(':');

    /// <summary>Where the first '(' that is still open starts (the one the "never closed" error points at).</summary>
    internal static int FirstOpen(string text)
    {
        text = Lang.Syntax.WidthFold.Fold(text); // （ is (, as the grammar reads it; the offsets are the same
        var open = new Stack<int>();
        for (int i = 0; i < text.Length && text[i] != '#'; i++)
        {
            if (text[i] == '(') open.Push(i);
            else if (text[i] == ')' && open.Count > 0) open.Pop();
        }
        return open.Count == 0 ? 0 : open.Last();
    }

    /// <summary>More '(' than ')' before any comment: the statement goes on on the next line.</summary>
    internal static bool IsUnfinished(string text)
    {
        int depth = 0;
        foreach (char c in Lang.Syntax.WidthFold.Fold(text))
        {
            if (c == '#') break;
            if (c == '(') depth++;
            else if (c == ')') depth--;
        }
        return depth > 0;
    }
}
