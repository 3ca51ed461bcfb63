using System.Globalization;
using System.Text;
using Backprop.Lang.Tests;
using Backprop.Lang.Text;

namespace Backprop.Fuzz.Catalogue;

/// <summary>
/// Reads and writes catalogue files: tab-separated rows <c>kind input expect words [note]</c>, '#' comments.
/// <list type="bullet">
/// <item><c>kind</c> is <c>line</c>, <c>script</c> or <c>bytes</c> (<see cref="InputKind"/>).</item>
/// <item><c>input</c> is escaped text (<c>\t \n \r \0 \\ \uXXXX</c>, and <c>\*N{text}</c> for text repeated N times),
/// or hex for <c>bytes</c>; the expected span is marked inside it with ⟦ ⟧ as in the library's SpanTests.</item>
/// <item><c>expect</c> is <c>ok</c>, <c>error</c> or <c>any</c> (<see cref="Expectation"/>); <c>words</c> are separated by '|'.</item>
/// </list>
/// Every <c>*.tsv</c> in the catalogue directory is read, so a fuzzer's finding is added by moving its file there.
/// </summary>
public static class CatalogueFile
{
    public const string Extension = ".tsv";

    public static IReadOnlyList<CatalogueRow> Load(string directory) =>
        Directory.GetFiles(directory, "*" + Extension)
            .Order(StringComparer.Ordinal)
            .SelectMany(path => Parse(File.ReadAllText(path, Encoding.UTF8), Path.GetFileName(path)))
            .ToList();

    public static IEnumerable<CatalogueRow> Parse(string content, string fileName)
    {
        string[] lines = content.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            string where = $"{fileName}:{i + 1}";
            string[] cells = line.Split('\t');
            if (cells.Length is < 3 or > 5)
            {
                throw new FormatException($"{where}: expected 'kind<TAB>input<TAB>expect[<TAB>words[<TAB>note]]', found {cells.Length} cells");
            }
            yield return ParseRow(where, cells);
        }
    }

    private static CatalogueRow ParseRow(string where, string[] cells)
    {
        var kind = cells[0] switch
        {
            "line" => InputKind.Line,
            "script" => InputKind.Script,
            "bytes" => InputKind.Bytes,
            var other => throw new FormatException($"{where}: unknown kind '{other}' (line, script or bytes)"),
        };
        var expect = cells[2] switch
        {
            "ok" => Expectation.Ok,
            "error" => Expectation.Error,
            "any" => Expectation.Any,
            var other => throw new FormatException($"{where}: unknown expectation '{other}' (ok, error or any)"),
        };
        var words = cells.Length > 3
            ? cells[3].Split('|').Select(w => Unescape(w.Trim(), where)).Where(w => w.Length > 0).ToList()
            : [];
        string note = cells.Length > 4 ? cells[4] : "";

        // The mark is found in the row as written, so an escaped \u27E6 in the input stays a character.
        string written = cells[1];
        var (before, marked, after) = SplitAtMark(written, where);
        byte[] bytes;
        string text;
        TextSpan? span = null;
        if (kind == InputKind.Bytes)
        {
            byte[] b = Hex(before, where), m = Hex(marked ?? "", where), a = Hex(after, where);
            bytes = [.. b, .. m, .. a];
            text = SourceLine.Decode(bytes);
            if (marked is not null)
            {
                int start = SourceLine.Decode(b).Length;
                span = new TextSpan(start, SourceLine.Decode(m).Length);
            }
        }
        else
        {
            string b = Unescape(before, where), m = Unescape(marked ?? "", where), a = Unescape(after, where);
            text = b + m + a;
            bytes = Encoding.UTF8.GetBytes(text);
            if (marked is not null)
            {
                span = new TextSpan(b.Length, m.Length);
            }
            if (kind == InputKind.Line && text.AsSpan().ContainsAny('\n', '\r'))
            {
                throw new FormatException($"{where}: a line row has no line breaks; make it a script row");
            }
        }
        var mark = span is { } s ? Locate(text, s) : (MarkedLocation?)null;
        if (expect == Expectation.Ok && mark is not null)
        {
            throw new FormatException($"{where}: an ok row marks no span");
        }
        return new CatalogueRow(where, kind, written, text, bytes, mark, expect, words, note);
    }

    /// <summary>The row's input around its ⟦ ⟧ mark, using <see cref="Marked"/>'s rules (exactly one pair); no mark gives null.</summary>
    private static (string Before, string? Marked, string After) SplitAtMark(string written, string where)
    {
        if (written.IndexOf(Marked.Open) < 0 && written.IndexOf(Marked.Close) < 0)
        {
            return (written, null, "");
        }
        Marked marked;
        try
        {
            marked = Marked.Parse(written);
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"{where}: {e.Message}", e);
        }
        var span = marked.Span;
        return (marked.Text[..span.Start], marked.Text[span.Start..span.End], marked.Text[span.End..]);
    }

    /// <summary>
    /// Which line of <paramref name="text"/> a span falls on, split as a script is (LF, CRLF or a lone CR, after a
    /// byte-order mark), with the span made relative to that line and the column an editor shows.
    /// </summary>
    public static MarkedLocation Locate(string text, TextSpan span)
    {
        int start = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        int number = 1;
        for (int i = start; i <= text.Length; i++)
        {
            bool end = i == text.Length || text[i] is '\n' or '\r';
            if (!end)
            {
                continue;
            }
            if (span.Start <= i)
            {
                var inLine = new TextSpan(span.Start - start, span.Length);
                return new MarkedLocation(number, inLine, new Marked(text[start..i], inLine).Column);
            }
            if (i < text.Length && text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                i++;
            }
            start = i + 1;
            number++;
        }
        throw new ArgumentOutOfRangeException(nameof(span), $"{span} is outside the text");
    }

    // ---- Escapes -----------------------------------------------------------------------------------------

    public static string Unescape(string written, string where)
    {
        var text = new StringBuilder(written.Length);
        for (int i = 0; i < written.Length; i++)
        {
            char c = written[i];
            if (c != '\\')
            {
                text.Append(c);
                continue;
            }
            if (++i >= written.Length)
            {
                throw new FormatException($"{where}: a lone '\\' at the end of '{written}'");
            }
            switch (written[i])
            {
                case '\\': text.Append('\\'); break;
                case 't': text.Append('\t'); break;
                case 'n': text.Append('\n'); break;
                case 'r': text.Append('\r'); break;
                case '0': text.Append('\0'); break;
                case 'u' when i + 4 < written.Length
                    && ushort.TryParse(written.AsSpan(i + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ushort code):
                    text.Append((char)code);
                    i += 4;
                    break;
                case '*':
                    i = Repeat(written, i + 1, text, where);
                    break;
                default:
                    throw new FormatException($"{where}: unknown escape '\\{written[i]}' in '{written}'");
            }
        }
        return text.ToString();
    }

    /// <summary><c>\*N{text}</c>: appends text (taken literally) N times and returns the index of the closing brace.</summary>
    private static int Repeat(string written, int at, StringBuilder text, string where)
    {
        int open = written.IndexOf('{', at);
        int close = open < 0 ? -1 : written.IndexOf('}', open + 1);
        if (open < 0 || close < 0
            || !int.TryParse(written.AsSpan(at, open - at), NumberStyles.None, CultureInfo.InvariantCulture, out int count))
        {
            throw new FormatException($"{where}: expected \\*N{{text}} in '{written}'");
        }
        string part = written[(open + 1)..close];
        text.EnsureCapacity(text.Length + part.Length * count);
        for (int k = 0; k < count; k++)
        {
            text.Append(part);
        }
        return close;
    }

    /// <summary>The inverse of <see cref="Unescape"/> for any text: what a reader cannot see, or the file format would misread, is escaped.</summary>
    public static string Escape(string text)
    {
        var written = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            switch (c)
            {
                case '\\': written.Append(@"\\"); continue;
                case '\t': written.Append(@"\t"); continue;
                case '\n': written.Append(@"\n"); continue;
                case '\r': written.Append(@"\r"); continue;
                case '\0': written.Append(@"\0"); continue;
            }
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                written.Append(c).Append(text[++i]);
                continue;
            }
            bool visible = c == ' ' || (c != Marked.Open && c != Marked.Close && c != '\uFFFD' && !char.IsSurrogate(c)
                && CharUnicodeInfo.GetUnicodeCategory(c) is not (UnicodeCategory.Control or UnicodeCategory.Format
                    or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                    or UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.OtherNotAssigned
                    or UnicodeCategory.PrivateUse));
            if (visible)
            {
                written.Append(c);
            }
            else
            {
                written.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
        }
        return written.ToString();
    }

    private static byte[] Hex(string written, string where)
    {
        string digits = string.Concat(written.Where(c => !char.IsWhiteSpace(c)));
        try
        {
            return Convert.FromHexString(digits);
        }
        catch (FormatException e)
        {
            throw new FormatException($"{where}: '{written}' is not hex", e);
        }
    }

    // ---- Writing a row -------------------------------------------------------------------------------------

    /// <summary>
    /// A row for an input of unknown verdict (<c>any</c>), with <paramref name="note"/> in its last cell: as script text
    /// when the bytes are UTF-8 that decodes and re-encodes to themselves, as hex otherwise.
    /// </summary>
    public static string FormatRow(byte[] input, string note)
    {
        string text = SourceLine.Decode(input);
        return Encoding.UTF8.GetBytes(text).AsSpan().SequenceEqual(input)
            ? FormatRow(text, note)
            : $"bytes\t{Convert.ToHexString(input)}\tany\t\t{Clean(note)}";
    }

    /// <summary>A row for text of unknown verdict (<c>any</c>), escaped so any string survives, lone surrogates included.</summary>
    public static string FormatRow(string text, string note) => $"script\t{Escape(text)}\tany\t\t{Clean(note)}";

    private static string Clean(string note) => string.Concat(note.Select(c => char.IsControl(c) ? ' ' : c));
}
