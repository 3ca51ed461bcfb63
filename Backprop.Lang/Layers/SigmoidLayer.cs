using Backprop.Lang.Rules;

namespace Backprop.Lang.Layers;

/// <summary><c>sigmoid(x) = 1/(1 + e^-x) = z</c>: dx = dout·z·(1 - z).</summary>
public sealed class SigmoidLayer : UnaryLayer<SigmoidLayer.Rules>
{
    public static readonly SigmoidLayer Instance = new();
    public override string Name => "SigmoidLayer";
    public override string Symbol => "sigmoid";

    public readonly struct Rules : IUnaryRule
    {
        public static T Forward<T, TA>(TA a, T x) where TA : IArithmetic<T> => a.Sigmoid(x);

        public static T Dx<T, TA>(TA a, T dout, T x, T z) where TA : IArithmetic<T> => a.Multiply(a.Multiply(dout, z), a.Subtract(a.Constant(1), z));
    }
}
