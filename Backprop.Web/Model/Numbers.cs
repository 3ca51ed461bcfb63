using Backprop.Lang.Text;

namespace Backprop.Web.Model;

/// <summary>How the page writes numbers: as the REPL does by default, at most 12 significant digits (110, not 110.00000000000001).</summary>
internal static class Numbers
{
    /// <remarks>Exponents as the language reads them back (<c>1e-6</c>, not <c>1E-06</c>), as everywhere in backprop.</remarks>
    public static string Format(double value) => NumberText.Format(value, 12);

    /// <summary>A number inside arithmetic: negative ones in parentheses, so <c>1·(-2)</c> reads right.</summary>
    public static string Operand(double value) => value < 0 || double.IsNegativeInfinity(value) ? $"({Format(value)})" : Format(value);
}
