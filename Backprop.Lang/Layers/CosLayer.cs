using Backprop.Lang.Rules;

namespace Backprop.Lang.Layers;

/// <summary><c>cos(x) = z</c>: dx = -dout·sin(x).</summary>
public sealed class CosLayer : UnaryLayer<CosLayer.Rules>
{
    public static readonly CosLayer Instance = new();
    public override string Name => "CosLayer";
    public override string Symbol => "cos";

    public readonly struct Rules : IUnaryRule
    {
        public static T Forward<T, TA>(TA a, T x) where TA : IArithmetic<T> => a.Cos(x);

        public static T Dx<T, TA>(TA a, T dout, T x, T z) where TA : IArithmetic<T> => a.Multiply(a.Negate(dout), a.Sin(x));
    }
}
