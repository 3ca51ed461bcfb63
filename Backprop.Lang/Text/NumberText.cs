using System.Globalization;

namespace Backprop.Lang.Text;

/// <summary>
/// The one way numbers are written for people, everywhere: invariant culture, and an exponent written as
/// the language reads it back (<c>1e-6</c>, <c>2.025e-9</c>, <c>6.02e23</c>), never <c>1E-06</c> or <c>5.0e-1</c>.
/// </summary>
public static class NumberText
{
    /// <param name="significantDigits">At most this many significant digits; null for the shortest text that round-trips.</param>
    public static string Format(double value, int? significantDigits = null)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsPositiveInfinity(value)) return "Infinity";
        if (double.IsNegativeInfinity(value)) return "-Infinity";
        string text = significantDigits is { } digits
            ? value.ToString("G" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)
            : value.ToString("R", CultureInfo.InvariantCulture);
        return Normalise(text);
    }

    /// <summary><c>1E-06</c> to <c>1e-6</c>, <c>1E+15</c> to <c>1e15</c>; text without an exponent is unchanged.</summary>
    public static string Normalise(string text)
    {
        int e = text.IndexOfAny(['E', 'e']);
        if (e < 0) return text;
        string mantissa = text[..e];
        string exponent = text[(e + 1)..];
        bool negative = exponent.StartsWith('-');
        string digits = exponent.TrimStart('+', '-').TrimStart('0');
        if (digits.Length == 0) return mantissa;
        return $"{mantissa}e{(negative ? "-" : "")}{digits}";
    }
}
