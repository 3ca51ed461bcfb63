using Backprop.Lang.Rules;

namespace Backprop.Lang.Layers;

/// <summary>
/// <c>x ^ y = z</c> (also <c>x ** y</c> and <c>pow(x, y)</c>).
/// Conventions, as PyTorch: dz/dx is 0 when y = 0 (x^0 is the constant 1), even at x = 0 where x^(y-1) is
/// infinite; dz/dy is 0 at x = 0 (the limit from the right for y &gt; 0, where ln x is -∞). For x &lt; 0,
/// dz/dy = z·ln(x) is undefined and comes out NaN. <c>mask(m, v)</c> is m·v but exactly 0 where m = 0, so both
/// conventions hold on every path; dout is masked too, so that in a second derivative a zero arriving at the
/// x^(y-1) of x^0 sends 0 back, not 0·∞ (d²(x^0)/dx² is 0 at x = 0 as everywhere).
/// </summary>
public sealed class PowLayer : BinaryLayer<PowLayer.Rules>
{
    public static readonly PowLayer Instance = new();
    public override string Name => "PowLayer";
    public override string Symbol => "^";

    public override string Note => Text.Language.Text("y = 0: dx = 0 (x^0 is 1), even at x = 0; x = 0: dy = 0; x < 0: dy undefined (NaN)", "y = 0 では dx = 0（x^0 は 1）、x = 0 でも同じ。x = 0 では dy = 0。x < 0 では dy は定義されません（NaN）");

    // Only the clause that applies at these inputs.
    public override string? NoteAt(double x, double y) =>
        x < 0 ? Text.Language.Text("x < 0: dy is undefined (NaN), as log(x) is", "x < 0 では log(x) と同じく dy は定義されません（NaN）")
        : y == 0 ? Text.Language.Text("y = 0: dx = 0 (x^0 is the constant 1), even at x = 0", "y = 0 では dx = 0（x^0 は定数 1）、x = 0 でも同じ")
        : x == 0 ? Text.Language.Text("x = 0: dy = 0, the limit from the right", "x = 0 では dy = 0（右からの極限）")
        : null;

    protected override string? TextbookRule(int input) => input switch { 0 => "dx = dout*y*x^(y - 1)", 1 => "dy = dout*z*log(x)", _ => null };

    public readonly struct Rules : IBinaryRule
    {
        public static T Forward<T, TA>(TA a, T x, T y) where TA : IArithmetic<T> => a.Power(x, y);

        public static T Dx<T, TA>(TA a, T dout, T x, T y, T z) where TA : IArithmetic<T> => 
            a.Mask(y, a.Mask(dout, a.Power(x, a.Subtract(y, a.Constant(1)))));

        public static T Dy<T, TA>(TA a, T dout, T x, T y, T z) where TA : IArithmetic<T> => 
            a.Mask(a.Sign(a.Abs(x)), a.Multiply(a.Multiply(dout, z), a.Log(x)));
    }
}
