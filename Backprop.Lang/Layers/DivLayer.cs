using Backprop.Lang.Rules;

namespace Backprop.Lang.Layers;

/// <summary><c>x ÷ y = z</c>: dz/dx = 1/y, dz/dy = -x/y².</summary>
public sealed class DivLayer : BinaryLayer<DivLayer.Rules>
{
    public static readonly DivLayer Instance = new();
    public override string Name => "DivLayer";
    public override string Symbol => "/";

    public readonly struct Rules : IBinaryRule
    {
        public static T Forward<T, TA>(TA a, T x, T y) where TA : IArithmetic<T> => a.Divide(x, y);

        public static T Dx<T, TA>(TA a, T dout, T x, T y, T z) where TA : IArithmetic<T> => a.Divide(dout, y);

        public static T Dy<T, TA>(TA a, T dout, T x, T y, T z) where TA : IArithmetic<T> => a.Divide(a.Multiply(a.Negate(dout), x), a.Multiply(y, y));
    }
}
