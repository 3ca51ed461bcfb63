using System.Text;

namespace Backprop.Lang.Text;

/// <summary>
/// How many terminal columns text takes: East Asian wide and full-width characters (りんご, 消費税, １＋２) take two,
/// combining marks none, everything else one, as wcwidth and Spectre.Console count them.
/// </summary>
public static class DisplayWidth
{
    public static int Of(string text)
    {
        int width = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            width += Of(rune);
        }
        return width;
    }

    public static int Of(Rune rune)
    {
        int c = rune.Value;
        if (c < 0x300) return 1;
        var category = Rune.GetUnicodeCategory(rune);
        if (category is System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.EnclosingMark
            || c == 0x200B)
        {
            return 0;
        }
        return IsWide(c) ? 2 : 1;
    }

    // The East Asian Wide (W) and Fullwidth (F) blocks of Unicode's EastAsianWidth.txt, by range.
    private static bool IsWide(int c) =>
        c is >= 0x1100 and <= 0x115F
        or >= 0x2E80 and <= 0x303E
        or >= 0x3041 and <= 0x33FF
        or >= 0x3400 and <= 0x4DBF
        or >= 0x4E00 and <= 0x9FFF
        or >= 0xA000 and <= 0xA4CF
        or >= 0xAC00 and <= 0xD7A3
        or >= 0xF900 and <= 0xFAFF
        or >= 0xFE30 and <= 0xFE4F
        or >= 0xFF00 and <= 0xFF60
        or >= 0xFFE0 and <= 0xFFE6
        or >= 0x1F300 and <= 0x1F64F
        or >= 0x1F900 and <= 0x1F9FF
        or >= 0x20000 and <= 0x3FFFD;
}
