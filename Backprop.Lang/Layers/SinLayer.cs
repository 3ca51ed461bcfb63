using Backprop.Lang.Rules;

namespace Backprop.Lang.Layers;

/// <summary><c>sin(x) = z</c>: dx = dout·cos(x).</summary>
public sealed class SinLayer : UnaryLayer<SinLayer.Rules>
{
    public static readonly SinLayer Instance = new();
    public override string Name => "SinLayer";
    public override string Symbol => "sin";

    public readonly struct Rules : IUnaryRule
    {
        public static T Forward<T, TA>(TA a, T x) where TA : IArithmetic<T> => a.Sin(x);

        public static T Dx<T, TA>(TA a, T dout, T x, T z) where TA : IArithmetic<T> => a.Multiply(dout, a.Cos(x));
    }
}
