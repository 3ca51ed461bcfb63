using System.Globalization;

namespace Backprop.Repl.Output;

/// <summary>
/// How human output writes numbers: by default at most 12 significant digits, which hides binary
/// floating-point noise (the book's 110.00000000000001 shows as 110); <c>full</c> shows the shortest
/// text that round-trips to the same double. JSON always uses round-trip digits.
/// </summary>
internal readonly record struct NumberFormat(int? SignificantDigits)
{
    public static readonly NumberFormat Default = new(12);
    public static readonly NumberFormat Full = new(null);

    /// <summary>The one number format of human output (<see cref="Lang.Text.NumberText"/>): <c>1e-6</c>, never <c>1E-06</c>.</summary>
    public string Format(double value) => Lang.Text.NumberText.Format(value, SignificantDigits);

    public static string RoundTrip(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Accepts <c>full</c> or a number of significant digits from 1 to 17.</summary>
    public static bool TryParse(string? text, out NumberFormat format)
    {
        format = Default;
        if (string.Equals(text, "full", StringComparison.OrdinalIgnoreCase))
        {
            format = Full;
            return true;
        }
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int digits) && digits is >= 1 and <= 17)
        {
            format = new NumberFormat(digits);
            return true;
        }
        return false;
    }

    public override string ToString() => SignificantDigits is { } d ? d.ToString(CultureInfo.InvariantCulture) : "full";
}
