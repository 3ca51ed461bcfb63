using Backprop.Lang.Rules;

namespace Backprop.Lang.Layers;

/// <summary><c>sqrt(x) = z</c>: dx = dout/(2z).</summary>
public sealed class SqrtLayer : UnaryLayer<SqrtLayer.Rules>
{
    public static readonly SqrtLayer Instance = new();
    public override string Name => "SqrtLayer";
    public override string Symbol => "sqrt";

    public readonly struct Rules : IUnaryRule
    {
        public static T Forward<T, TA>(TA a, T x) where TA : IArithmetic<T> => a.Sqrt(x);

        public static T Dx<T, TA>(TA a, T dout, T x, T z) where TA : IArithmetic<T> => a.Divide(dout, a.Multiply(a.Constant(2), z));
    }
}
