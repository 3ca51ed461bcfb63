using Backprop.Lang.Rules;

namespace Backprop.Lang.Layers;

/// <summary><c>exp(x) = z</c>: its own derivative, so dx = dout·z.</summary>
public sealed class ExpLayer : UnaryLayer<ExpLayer.Rules>
{
    public static readonly ExpLayer Instance = new();
    public override string Name => "ExpLayer";
    public override string Symbol => "exp";

    public readonly struct Rules : IUnaryRule
    {
        public static T Forward<T, TA>(TA a, T x) where TA : IArithmetic<T> => a.Exp(x);

        public static T Dx<T, TA>(TA a, T dout, T x, T z) where TA : IArithmetic<T> => a.Multiply(dout, z);
    }
}
