using Backprop.Lang.Rules;

namespace Backprop.Lang.Layers;

/// <summary>
/// <c>softplus(x) = ln(1 + e^x) = z</c>, the smooth relu: dx = dout·sigmoid(x). Computed as log1p(e^-|x|) + max(x, 0),
/// so that e^x never overflows (softplus(1000) is 1000, not Infinity).
/// </summary>
public sealed class SoftplusLayer : UnaryLayer<SoftplusLayer.Rules>
{
    public static readonly SoftplusLayer Instance = new();
    public override string Name => "SoftplusLayer";
    public override string Symbol => "softplus";

    public readonly struct Rules : IUnaryRule
    {
        public static T Forward<T, TA>(TA a, T x) where TA : IArithmetic<T> => a.Softplus(x);

        public static T Dx<T, TA>(TA a, T dout, T x, T z) where TA : IArithmetic<T> => a.Multiply(dout, a.Sigmoid(x));
    }
}
