using System.Globalization;

namespace Backprop.Web.Model;

/// <summary>How the page writes numbers: as the REPL does by default, at most 12 significant digits (110, not 110.00000000000001).</summary>
internal static class Numbers
{
    public static string Format(double value) =>
        double.IsNaN(value) ? "NaN"
        : double.IsPositiveInfinity(value) ? "Infinity"
        : double.IsNegativeInfinity(value) ? "-Infinity"
        : value.ToString("G12", CultureInfo.InvariantCulture);

    /// <summary>A number inside arithmetic: negative ones in parentheses, so <c>1·(-2)</c> reads right.</summary>
    public static string Operand(double value) => value < 0 || double.IsNegativeInfinity(value) ? $"({Format(value)})" : Format(value);
}
