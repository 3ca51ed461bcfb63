using Backprop.Lang.Rules;

namespace Backprop.Lang.Layers;

/// <summary>
/// <c>leaky_relu(x, s) = z</c>: x for x &gt; 0, s·x otherwise (s is the slope, 0.01 when omitted). At the kink x = 0
/// the derivative is the slope side, s, as PyTorch (and as relu, whose slope side is 0): dx = dout where x &gt; 0 and
/// dout·s where x ≤ 0, written mask(heaviside(x, 0) + mask(heaviside(-x, 1), s), dout), so a slope of 0 sends exactly
/// nothing back, as relu does. The slope is an input with its own gradient: dz/ds = x where x ≤ 0, and 0 where x &gt; 0.
/// </summary>
public sealed class LeakyReluLayer : BinaryLayer<LeakyReluLayer.Rules>
{
    public static readonly LeakyReluLayer Instance = new();
    public override string Name => "LeakyReluLayer";
    public override string Symbol => "leaky_relu";

    public override string Note => Text.Language.Text("x = 0: dx = dout*y (the slope on the left)", "x = 0 では dx = dout*y（左側の傾き）");

    public override string? NoteAt(double x, double y) => x == 0 ? Note : null;

    protected override string? TextbookRule(int input) => input switch { 0 => "dx = dout if x > 0 else dout*y", 1 => "dy = dout*x if x < 0 else 0", _ => null };

    /// <summary>The slope when the call gives none, as PyTorch's <c>negative_slope</c>.</summary>
    public const double DefaultSlope = 0.01;

    public readonly struct Rules : IBinaryRule
    {
        public static T Forward<T, TA>(TA a, T x, T y) where TA : IArithmetic<T> => a.LeakyRelu(x, y);

        public static T Dx<T, TA>(TA a, T dout, T x, T y, T z) where TA : IArithmetic<T> =>
            a.Mask(a.Add(a.Heaviside(x, a.Constant(0)), a.Mask(NotPositive(a, x), y)), dout);

        public static T Dy<T, TA>(TA a, T dout, T x, T y, T z) where TA : IArithmetic<T> => a.Mask(NotPositive(a, x), a.Multiply(dout, x));

        // 1 where x ≤ 0, 0 where x > 0: the slope's side of the kink, which includes the kink.
        private static T NotPositive<T, TA>(TA a, T x) where TA : IArithmetic<T> => a.Heaviside(a.Negate(x), a.Constant(1));
    }

    public override bool IsPiecewise => true;

    public override int Branch(double x, double y) => double.IsNaN(x) ? 1 : Math.Sign(x);
}
