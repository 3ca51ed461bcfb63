using Backprop.Lang.Rules;

namespace Backprop.Lang.Layers;

/// <summary><c>tan(x) = z</c>: dx = dout·(1 + z²).</summary>
public sealed class TanLayer : UnaryLayer<TanLayer.Rules>
{
    public static readonly TanLayer Instance = new();
    public override string Name => "TanLayer";
    public override string Symbol => "tan";

    public readonly struct Rules : IUnaryRule
    {
        public static T Forward<T, TA>(TA a, T x) where TA : IArithmetic<T> => a.Tan(x);

        public static T Dx<T, TA>(TA a, T dout, T x, T z) where TA : IArithmetic<T> => a.Multiply(dout, a.Add(a.Constant(1), a.Multiply(z, z)));
    }
}
