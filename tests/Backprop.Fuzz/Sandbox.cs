using Backprop.Lang.Syntax;
using Backprop.Repl.Running;

namespace Backprop.Fuzz;

/// <summary>
/// Keeps random input from touching the machine: <c>:load</c> may only read, and <c>:dot ... &gt; FILE</c> may only
/// write, inside the fuzzer's scratch directory. A statement that would reach further is not run (it is still parsed).
/// </summary>
internal static class Sandbox
{
    /// <param name="inScratch">True when relative paths resolve inside the scratch directory (a script run from it).</param>
    /// <param name="scratch">That directory, for a script: a target may climb out of it with '..' as far as
    /// <paramref name="moat"/>, a directory of the fuzzer's own, to see the write policy refuse it.</param>
    public static bool IsSafe(string statement, bool inScratch, string? scratch = null, string? moat = null)
    {
        if (!statement.TrimStart().StartsWith(':'))
        {
            return true; // not a command: nothing but the session is touched
        }
        if (SyntaxParser.ParseLine(statement).Statement is not CommandStatement command)
        {
            return true;
        }
        if (command.Name == "load" && command.Argument.Length > 0 && !StaysInside(command.Argument))
        {
            return false;
        }
        // A target is written relative to the running script, or to the working directory at the REPL: only the former is ours.
        // Rendering .svg or .png would start Graphviz once per input, which is slow and tests nothing of ours.
        return command.Target is not { Path.Length: > 0 } target
            || (inScratch && (StaysInside(target.Path) || StaysInMoat(target.Path, scratch, moat))
                && !Backprop.Repl.Output.Graphviz.Rendered.Contains(Path.GetExtension(target.Path).ToLowerInvariant()));
    }

    private static bool StaysInMoat(string path, string? scratch, string? moat)
    {
        if (scratch is null || moat is null || Path.IsPathRooted(path) || path.StartsWith('~') || path.Contains(':') || path.Contains('\\'))
        {
            return false;
        }
        try
        {
            string full = Path.GetFullPath(Path.Combine(scratch, path));
            return full.StartsWith(moat + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return false;
        }
    }

    private static bool StaysInside(string path) =>
        !Path.IsPathRooted(path) && !path.Contains("..", StringComparison.Ordinal) && !path.StartsWith('~') && !path.Contains(':');

    /// <summary>The statements <see cref="ReplLoop"/> forms from <paramref name="text"/>: a line with an unclosed '(' joins the next.</summary>
    public static IEnumerable<string> LoopStatements(string text)
    {
        using var reader = new StringReader(text);
        string? pending = null;
        bool first = true;
        while (reader.ReadLine() is { } line)
        {
            if (first && line.StartsWith('\uFEFF'))
            {
                line = line[1..];
            }
            first = false;
            if (pending is not null && ReplLoop.EndsContinuation(line))
            {
                yield return pending;
                pending = null;
                if (line.Trim().Length == 0) continue;
            }
            string statement = pending is null ? line : pending + " " + line;
            if (ReplLoop.IsUnfinished(statement))
            {
                pending = statement;
                continue;
            }
            pending = null;
            yield return statement;
        }
        if (pending is not null)
        {
            yield return pending;
        }
    }
}
