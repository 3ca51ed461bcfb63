using Backprop.Lang.Rules;

namespace Backprop.Lang.Layers;

/// <summary><c>-x = z</c>: the gradient changes sign.</summary>
public sealed class NegLayer : UnaryLayer<NegLayer.Rules>
{
    public static readonly NegLayer Instance = new();
    public override string Name => "NegLayer";
    public override string Symbol => "-";

    public readonly struct Rules : IUnaryRule
    {
        public static T Forward<T, TA>(TA a, T x) where TA : IArithmetic<T> => a.Negate(x);

        public static T Dx<T, TA>(TA a, T dout, T x, T z) where TA : IArithmetic<T> => a.Negate(dout);
    }
}
