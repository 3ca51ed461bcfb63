using System.Text;

namespace Backprop.Lang.Text;

/// <summary>
/// One line of user input: a statement lives on exactly one line, so every span, diagnostic and
/// literal position is relative to one of these. <see cref="Number"/> is 1-based.
/// </summary>
public sealed class SourceLine(string path, int number, string text)
{
    public string Path { get; } = path;
    public int Number { get; } = number;
    public string Text { get; } = text;

    /// <summary>
    /// The 1-based column of a UTF-16 offset, counted in Unicode characters (a surrogate pair is one
    /// column, a tab is one column) so that it matches what an editor shows as "character N".
    /// </summary>
    public int ColumnOf(int offset)
    {
        offset = Math.Clamp(offset, 0, Text.Length);
        // Most lines have no surrogate pairs, and then a column is the offset plus one. Otherwise count
        // once, so reporting every literal of a million-term line stays linear.
        _lowSurrogatesBefore ??= CountLowSurrogates(Text);
        return offset + 1 - (_lowSurrogatesBefore.Length == 0 ? 0 : _lowSurrogatesBefore[offset]);
    }

    private int[]? _lowSurrogatesBefore;

    /// <summary>For each offset, how many second halves of surrogate pairs come before it; empty when there are none.</summary>
    private static int[] CountLowSurrogates(string text)
    {
        if (!text.AsSpan().ContainsAnyInRange('\uDC00', '\uDFFF'))
        {
            return [];
        }
        var counts = new int[text.Length + 1];
        for (int i = 0; i < text.Length; i++)
        {
            bool pairEnd = char.IsLowSurrogate(text[i]) && i > 0 && char.IsHighSurrogate(text[i - 1]);
            counts[i + 1] = counts[i] + (pairEnd ? 1 : 0);
        }
        return counts;
    }

    public string ToString(TextSpan span) => Text.Substring(span.Start, Math.Min(span.Length, Text.Length - span.Start));

    public override string ToString() => Text;

    /// <summary>Splits a script into lines on LF, CRLF or a lone CR, after dropping a UTF-8 byte-order mark.</summary>
    public static IEnumerable<SourceLine> Split(string text, string path = "<input>", int firstLine = 1)
    {
        int start = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        int number = firstLine;
        for (int i = start; i < text.Length; i++)
        {
            // A vectorised search to the next line break: a generated script may be one line of megabytes.
            int next = text.AsSpan(i).IndexOfAny('\n', '\r');
            if (next < 0)
            {
                break;
            }
            i += next;
            char c = text[i];
            yield return new SourceLine(path, number++, text[start..i]);
            if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                i++;
            }
            start = i + 1;
        }
        if (start < text.Length)
        {
            yield return new SourceLine(path, number, text[start..]);
        }
    }

    /// <summary>Reads a whole script with invalid UTF-8 replaced, not rejected: the parser reports the odd characters.</summary>
    public static string Decode(byte[] bytes) => new UTF8Encoding(false, false).GetString(bytes);
}
