using Backprop.Lang.Rules;

namespace Backprop.Lang.Layers;

/// <summary><c>x × y = z</c>: each input gets the upstream gradient times the other input.</summary>
public sealed class MulLayer : BinaryLayer<MulLayer.Rules>
{
    public static readonly MulLayer Instance = new();
    public override string Name => "MulLayer";
    public override string Symbol => "*";

    public readonly struct Rules : IBinaryRule
    {
        public static T Forward<T, TA>(TA a, T x, T y) where TA : IArithmetic<T> => a.Multiply(x, y);

        public static T Dx<T, TA>(TA a, T dout, T x, T y, T z) where TA : IArithmetic<T> => a.Multiply(dout, y);

        public static T Dy<T, TA>(TA a, T dout, T x, T y, T z) where TA : IArithmetic<T> => a.Multiply(dout, x);
    }
}
