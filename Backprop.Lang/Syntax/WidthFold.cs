namespace Backprop.Lang.Syntax;

/// <summary>
/// Full-width input read as what it stands for: a Japanese keyboard's ＡＢＣ, １２３, ＋－＊／＾＝（）［］，．＿ and the
/// ideographic space (U+3000) become their ASCII forms, as Unicode's NFKC maps them. Each is one UTF-16 character
/// for one, so the folded line is exactly as long as the typed one and every span, column and caret still points
/// at the character the user typed; diagnostics show the line as it was typed.
/// </summary>
/// <remarks>Only these characters, not all of NFKC: its other foldings change lengths (㍍ is メートル, ｶﾞ is ガ),
/// which would move spans, and they are not something a user types for an operator or a digit.</remarks>
public static class WidthFold
{
    public static bool IsFullWidth(char c) => c is >= '\uFF01' and <= '\uFF5E' or '\u3000';

    public static char Fold(char c) => c switch
    {
        '\u3000' => ' ',
        >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
        _ => c,
    };

    /// <summary>The text with full-width characters folded; the same instance when there are none.</summary>
    public static string Fold(string text)
    {
        if (!text.AsSpan().ContainsAnyInRange('\uFF01', '\uFF5E') && !text.Contains('\u3000'))
        {
            return text;
        }
        return string.Create(text.Length, text, static (span, source) =>
        {
            for (int i = 0; i < source.Length; i++) span[i] = Fold(source[i]);
        });
    }
}
