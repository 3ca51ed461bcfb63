using Backprop.Lang.Diagnostics;

namespace Backprop.Repl.Output;

/// <summary>
/// Colour for diagnostics on a terminal: "error" in red, "warning" in yellow, with the caret line in the
/// same colour. Only when stderr is a terminal, TERM is not "dumb" and NO_COLOR (no-color.org) is not set.
/// </summary>
internal static class Colours
{
    private const string Red = "\u001b[1;31m", Yellow = "\u001b[1;33m", Reset = "\u001b[0m";

    /// <summary>True when NO_COLOR is set to anything non-empty: then no styling at all, not even bold.</summary>
    public static bool NoColor => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));

    public static bool ForErrors(TextWriter errors) => IsTerminal(errors) && !NoColor;

    /// <summary>True when <paramref name="errors"/> is the process's stderr and that is a terminal that understands ANSI.</summary>
    public static bool IsTerminal(TextWriter errors) =>
        ReferenceEquals(errors, Console.Error) && !Console.IsErrorRedirected
        && Environment.GetEnvironmentVariable("TERM") is { Length: > 0 } term && term != "dumb";

    /// <summary>A diagnostic as <see cref="DiagnosticFormatter.Format"/> writes it, with its kind and caret coloured.</summary>
    public static string Paint(string formatted, bool isError)
    {
        string colour = isError ? Red : Yellow;
        string kind = isError ? Lang.Text.Language.Text("error", "エラー") : Lang.Text.Language.Text("warning", "警告");
        string[] lines = formatted.Split('\n');
        int at = lines[0].IndexOf($": {kind}: ", StringComparison.Ordinal);
        if (at >= 0)
        {
            lines[0] = lines[0][..(at + 2)] + colour + kind + Reset + lines[0][(at + 2 + kind.Length)..];
        }
        lines[^1] = colour + lines[^1] + Reset;
        return string.Join('\n', lines);
    }
}
