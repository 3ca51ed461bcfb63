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

    public readonly struct Rules : IBinaryRule
    {
        public static T Forward<T, TA>(TA a, T x, T y) where TA : IArithmetic<T> => a.Power(x, y);

        public static T Dx<T, TA>(TA a, T dout, T x, T y, T z) where TA : IArithmetic<T> => 
            a.Mask(y, a.Mask(dout, a.Power(x, a.Subtract(y, a.Constant(1)))));

        public static T Dy<T, TA>(TA a, T dout, T x, T y, T z) where TA : IArithmetic<T> => 
            a.Mask(a.Sign(a.Abs(x)), a.Multiply(a.Multiply(dout, z), a.Log(x)));
    }
}
