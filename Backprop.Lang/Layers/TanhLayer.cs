using Backprop.Lang.Rules;

namespace Backprop.Lang.Layers;

/// <summary><c>tanh(x) = z</c>: dx = dout·(1 - z²).</summary>
public sealed class TanhLayer : UnaryLayer<TanhLayer.Rules>
{
    public static readonly TanhLayer Instance = new();
    public override string Name => "TanhLayer";
    public override string Symbol => "tanh";

    public readonly struct Rules : IUnaryRule
    {
        public static T Forward<T, TA>(TA a, T x) where TA : IArithmetic<T> => a.Tanh(x);

        public static T Dx<T, TA>(TA a, T dout, T x, T z) where TA : IArithmetic<T> => a.Multiply(dout, a.Subtract(a.Constant(1), a.Multiply(z, z)));
    }
}
