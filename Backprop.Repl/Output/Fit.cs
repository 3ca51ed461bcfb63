using System.Text;
using Backprop.Lang.Text;
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
        if (DisplayWidth.Of(line) <= width)
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
            var pieces = Pieces(word);
            for (int p = 0; p < pieces.Count; p++)
            {
                // A piece of Japanese text follows the one before it without a space.
                int before = p == 0 ? gap : 0;
                int pieceWidth = DisplayWidth.Of(pieces[p]);
                if (!first && column + before + pieceWidth > width)
                {
                    result.Append('\n').Append(' ', indent);
                    column = indent;
                    before = 0;
                }
                result.Append(' ', before);
                int room = width - column - before;
                string shown = pieceWidth <= room ? pieces[p] : Cut(pieces[p], room - 1) + Elided;
                result.Append(shown);
                column += before + DisplayWidth.Of(shown);
                first = false;
            }
        }
    }

    /// <summary>
    /// A word as the pieces a line may break between: the word itself when it has no wide character (English breaks
    /// only at spaces), else each wide character on its own, as Japanese breaks between any two characters, except
    /// before a closing mark (、。）」) or after an opening one (（「).
    /// </summary>
    private static List<string> Pieces(string word)
    {
        var runes = word.EnumerateRunes().ToList();
        if (runes.All(r => DisplayWidth.Of(r) < 2))
        {
            return [word];
        }
        var pieces = new List<string>();
        var piece = new StringBuilder();
        for (int r = 0; r < runes.Count; r++)
        {
            if (r > 0 && (DisplayWidth.Of(runes[r]) == 2 || DisplayWidth.Of(runes[r - 1]) == 2)
                && !"、。，．）」』】：；！？ー".Contains(runes[r].ToString(), StringComparison.Ordinal)
                && !"（「『【".Contains(runes[r - 1].ToString(), StringComparison.Ordinal))
            {
                pieces.Add(piece.ToString());
                piece.Clear();
            }
            piece.Append(runes[r].ToString());
        }
        pieces.Add(piece.ToString());
        return pieces;
    }

    /// <summary>The start of <paramref name="text"/> that fits in <paramref name="columns"/> columns.</summary>
    private static string Cut(string text, int columns)
    {
        var cut = new StringBuilder();
        int width = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (width + DisplayWidth.Of(rune) > columns) break;
            width += DisplayWidth.Of(rune);
            cut.Append(rune.ToString());
        }
        return cut.ToString();
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
