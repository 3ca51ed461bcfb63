using System.Text;
using Spectre.Console;

namespace Backprop.Repl.Output;

/// <summary>
/// Output that fits the terminal's width without splitting a number or a word: text is wrapped between
/// words, and a word longer than the width is cut with a visible '…'.
/// </summary>
internal static class Fit
{
    public const char Elided = '…';

    /// <summary>A table cell: wrapped between words; a number or word wider than its column is cut with '…', never split.</summary>
    public static Text Cell(string text) => new(text) { Overflow = Overflow.Ellipsis };

    /// <summary>
    /// Wraps each line of <paramref name="text"/> to <paramref name="width"/> columns. A continued line keeps its
    /// indentation, or, for a line laid out in two columns ("  :grad EXPR   value of ..."), starts under the second.
    /// </summary>
    /// <summary>How a command to copy is indented in a message (exactly this much); <see cref="Wrap"/> never breaks such a line.</summary>
    public const string CodeIndent = "    ";

    public static string Wrap(string text, int width)
    {
        var result = new StringBuilder();
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            if (i > 0) result.Append('\n');
            string line = lines[i].TrimEnd('\r');
            // A line indented exactly four spaces is a command to copy (as in Markdown): broken, it would not paste.
            if (line.Length > CodeIndent.Length && line.StartsWith(CodeIndent, StringComparison.Ordinal) && line[CodeIndent.Length] != ' ')
            {
                result.Append(line);
                continue;
            }
            WrapLine(line, Math.Max(width, 20), result);
        }
        return result.ToString();
    }

    private static void WrapLine(string line, int width, StringBuilder result)
    {
        if (line.Length <= width)
        {
            result.Append(line);
            return;
        }
        int lead = line.Length - line.TrimStart(' ').Length;
        int indent = HangingIndent(line);
        if (indent > width / 2 && indent > lead)
        {
            // Two columns that do not fit side by side: the second goes under the first, indented.
            int gap = line.IndexOf("  ", lead, StringComparison.Ordinal);
            WrapLine(line[..gap], width, result);
            result.Append('\n');
            WrapLine(new string(' ', Math.Min(lead + 4, width / 2)) + line[indent..], width, result);
            return;
        }
        result.Append(' ', lead);
        int column = lead;
        bool first = true;
        int i = lead;
        while (i < line.Length)
        {
            // The spaces before a word are kept while the words stay on one line (a column gap stays a gap).
            int gapStart = i;
            while (i < line.Length && line[i] == ' ') i++;
            int gap = i - gapStart;
            int wordStart = i;
            while (i < line.Length && line[i] != ' ') i++;
            if (i == wordStart) break;
            string word = line[wordStart..i];
            if (!first && column + gap + word.Length > width)
            {
                result.Append('\n').Append(' ', indent);
                column = indent;
                gap = 0;
            }
            result.Append(' ', gap);
            int room = width - column - gap;
            string shown = word.Length <= room ? word : word[..Math.Max(0, room - 1)] + Elided;
            result.Append(shown);
            column += gap + shown.Length;
            first = false;
        }
    }

    /// <summary>Where a continued line starts: after a run of two or more spaces inside the line (a second column), else the line's indent.</summary>
    private static int HangingIndent(string line)
    {
        int lead = line.Length - line.TrimStart().Length;
        int gap = line.IndexOf("  ", lead, StringComparison.Ordinal);
        if (gap < 0) return lead;
        int second = gap;
        while (second < line.Length && line[second] == ' ') second++;
        return second < line.Length ? second : lead;
    }
}
