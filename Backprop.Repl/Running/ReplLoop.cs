using Backprop.Lang.Text;
using Backprop.Repl.Terminal;

namespace Backprop.Repl.Running;

/// <summary>
/// The interactive loop: read a line, run it, report, repeat. An error is reported and the session goes
/// on with every variable it had. A line with an unclosed '(' continues on the next line (prompt "..>").
/// </summary>
internal static class ReplLoop
{
    public const string Path = "<repl>";

    /// <param name="interrupts">Ctrl+C during a line cancels that line; null where there is no console (tests).</param>
    public static void Run(Interpreter interpreter, ILineSource lines, Interrupts? interrupts = null)
    {
        int number = 0;
        string? pending = null;
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
                    RunLine(interpreter, new SourceLine(Path, number, pending), interrupts);
                }
                return;
            }
            number++;
            string statement = pending is null ? text : pending + " " + text;
            if (IsUnfinished(statement))
            {
                pending = statement;
                continue;
            }
            pending = null;
            if (RunLine(interpreter, new SourceLine(Path, number, statement), interrupts) == LineStatus.Quit)
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

    /// <summary>More '(' than ')' before any comment: the statement goes on on the next line.</summary>
    internal static bool IsUnfinished(string text)
    {
        int depth = 0;
        foreach (char c in text)
        {
            if (c == '#') break;
            if (c == '(') depth++;
            else if (c == ')') depth--;
        }
        return depth > 0;
    }
}
