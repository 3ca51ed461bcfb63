using Backprop.Lang.Rules;

namespace Backprop.Lang.Layers;

/// <summary><c>x + y = z</c>: the upstream gradient passes to both inputs unchanged (the article's <c>dout * 1</c>).</summary>
public sealed class AddLayer : BinaryLayer<AddLayer.Rules>
{
    public static readonly AddLayer Instance = new();
    public override string Name => "AddLayer";
    public override string Symbol => "+";

    public readonly struct Rules : IBinaryRule
    {
        public static T Forward<T, TA>(TA a, T x, T y) where TA : IArithmetic<T> => a.Add(x, y);

        public static T Dx<T, TA>(TA a, T dout, T x, T y, T z) where TA : IArithmetic<T> => a.Times(dout, 1);

        public static T Dy<T, TA>(TA a, T dout, T x, T y, T z) where TA : IArithmetic<T> => a.Times(dout, 1);
    }
}
