using System.Globalization;

namespace Backprop.Lang.Syntax;

/// <summary>
/// The value of a decimal literal that the tokenizer has already checked. Most literals have at most 15
/// significant digits and a small exponent: their value is then one exact integer multiplied or divided by an
/// exact power of ten, a single correctly rounded IEEE operation (Clinger's fast path). Anything else goes
/// to <see cref="double.Parse(ReadOnlySpan{char}, NumberStyles, IFormatProvider?)"/>.
/// </summary>
internal static class DecimalLiteral
{
    private static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    public static double Parse(ReadOnlySpan<char> text)
    {
        long mantissa = 0;
        int digits = 0, scale = 0, i = 0;
        for (; i < text.Length && char.IsAsciiDigit(text[i]); i++)
        {
            if (digits > 0 || text[i] != '0') digits++;
            mantissa = mantissa * 10 + (text[i] - '0');
            if (digits > 15) return Slow(text);
        }
        if (i < text.Length && text[i] == '.')
        {
            for (i++; i < text.Length && char.IsAsciiDigit(text[i]); i++)
            {
                if (digits > 0 || text[i] != '0') digits++;
                mantissa = mantissa * 10 + (text[i] - '0');
                scale--;
                if (digits > 15) return Slow(text);
            }
        }
        if (i < text.Length)
        {
            // An exponent: rare enough to leave to the general parser.
            return Slow(text);
        }
        return scale == 0 ? mantissa
            : -scale <= 22 ? mantissa / PowersOfTen[-scale]
            : Slow(text);
    }

    private static double Slow(ReadOnlySpan<char> text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
