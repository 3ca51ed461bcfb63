using Backprop.Lang.Rules;

namespace Backprop.Lang.Layers;

/// <summary>
/// <c>mask(m, v) = z</c>: m·v, but exactly 0 where m = 0 even if v is infinite or NaN. The kinks' conventions are
/// written with it (relu'(x) = mask(heaviside(x, 0), dout)). dz/dm = v and dz/dv = m, with the same zero.
/// </summary>
public sealed class MaskLayer : BinaryLayer<MaskLayer.Rules>
{
    public static readonly MaskLayer Instance = new();
    public override string Name => "MaskLayer";
    public override string Symbol => "mask";

    public readonly struct Rules : IBinaryRule
    {
        public static T Forward<T, TA>(TA a, T x, T y) where TA : IArithmetic<T> => a.Mask(x, y);

        public static T Dx<T, TA>(TA a, T dout, T x, T y, T z) where TA : IArithmetic<T> => a.Multiply(dout, y);

        public static T Dy<T, TA>(TA a, T dout, T x, T y, T z) where TA : IArithmetic<T> => a.Mask(x, dout);
    }
}
