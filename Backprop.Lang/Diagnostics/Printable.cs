using System.Globalization;
using System.Text;

namespace Backprop.Lang.Diagnostics;

/// <summary>
/// User text made safe to print in a message or under a caret: control characters become their visible
/// Unicode pictures (␀, ␛, ␇), and invisible formatting characters (a right-to-left override, a zero-width
/// joiner) become U+FFFD, so nothing a user typed can move the cursor, clear the screen or reorder the line.
/// Each character stays one character, so a caret under the text stays aligned.
/// </summary>
public static class Printable
{
    public static char Show(char c) => c switch
    {
        '\t' => '\t',
        < ' ' => (char)(0x2400 + c),
        '\u007f' => '\u2421',
        _ when IsInvisible(c) => '\uFFFD',
        _ => c,
    };

    /// <summary>A file's path in a message: printable, and at most about 240 characters (its start and its end, an
    /// ellipsis between), so a message stays a message however long a path someone typed.</summary>
    public static string Path(string path)
    {
        string shown = Show(path);
        return shown.Length <= MaxPath ? shown : shown[..140] + "…" + shown[^100..];
    }

    private const int MaxPath = 241;

    public static string Show(string text)
    {
        if (!text.Any(c => c < ' ' || c == '\u007f' || (c > '\u007e' && IsInvisible(c))))
        {
            return text;
        }
        var shown = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            shown.Append(c == '\t' ? ' ' : Show(c));
        }
        return shown.ToString();
    }

    /// <summary>Characters a terminal does not draw as themselves.</summary>
    public static bool IsInvisible(char c) => c > '\u007e' && CharUnicodeInfo.GetUnicodeCategory(c) is
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or
        UnicodeCategory.ParagraphSeparator or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned;
}
