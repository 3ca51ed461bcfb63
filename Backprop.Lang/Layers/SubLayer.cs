using Backprop.Lang.Rules;

namespace Backprop.Lang.Layers;

/// <summary><c>x - y = z</c>: dout to x, -dout to y.</summary>
public sealed class SubLayer : BinaryLayer<SubLayer.Rules>
{
    public static readonly SubLayer Instance = new();
    public override string Name => "SubLayer";
    public override string Symbol => "-";

    public readonly struct Rules : IBinaryRule
    {
        public static T Forward<T, TA>(TA a, T x, T y) where TA : IArithmetic<T> => a.Subtract(x, y);

        public static T Dx<T, TA>(TA a, T dout, T x, T y, T z) where TA : IArithmetic<T> => a.Times(dout, 1);

        public static T Dy<T, TA>(TA a, T dout, T x, T y, T z) where TA : IArithmetic<T> => a.Negate(dout);
    }
}
