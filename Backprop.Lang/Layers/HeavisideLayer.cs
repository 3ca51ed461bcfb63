using Backprop.Lang.Rules;

namespace Backprop.Lang.Layers;

/// <summary>
/// <c>heaviside(x, h) = z</c>: the step, 0 for x &lt; 0, 1 for x &gt; 0 and h at x = 0 (as numpy's). Flat in x,
/// so dz/dx = 0 (at the step too, by convention); dz/dh = 1 at x = 0 and 0 elsewhere, written 1 - abs(sign(x)).
/// relu' and max' are written with it.
/// </summary>
public sealed class HeavisideLayer : BinaryLayer<HeavisideLayer.Rules>
{
    public static readonly HeavisideLayer Instance = new();
    public override string Name => "HeavisideLayer";
    public override string Symbol => "heaviside";

    public override string Note => Text.Language.Text("x = 0: a jump, where dx is taken as 0", "x = 0 は跳び（不連続）で、dx は 0 とします");

    public override string? NoteAt(double x, double y) => x == 0 ? Note : null;

    protected override string? TextbookRule(int input) => input switch { 0 => "dx = 0", 1 => "dy = dout if x = 0 else 0", _ => null };

    public readonly struct Rules : IBinaryRule
    {
        public static T Forward<T, TA>(TA a, T x, T y) where TA : IArithmetic<T> => a.Heaviside(x, y);

        public static T Dx<T, TA>(TA a, T dout, T x, T y, T z) where TA : IArithmetic<T> => a.Constant(0);

        public static T Dy<T, TA>(TA a, T dout, T x, T y, T z) where TA : IArithmetic<T> => a.Mask(a.Subtract(a.Constant(1), a.Abs(a.Sign(x))), dout);
    }
}
