using Backprop.Lang.Rules;

namespace Backprop.Lang.Layers;

/// <summary><c>min(x, y) = z</c>: the gradient goes to the smaller input; a tie splits it evenly, as for max.</summary>
public sealed class MinLayer : BinaryLayer<MinLayer.Rules>
{
    public static readonly MinLayer Instance = new();
    public override string Name => "MinLayer";
    public override string Symbol => "min";

    public override string Note => Text.Language.Text("x = y: dout is split, half each", "x = y では dout を半分ずつ分けます");

    public override string? NoteAt(double x, double y) => x == y ? Note : null;

    protected override string? TextbookRule(int input) => input switch { 0 => "dx = dout if x < y else 0", 1 => "dy = dout if y < x else 0", _ => null };

    public readonly struct Rules : IBinaryRule
    {
        public static T Forward<T, TA>(TA a, T x, T y) where TA : IArithmetic<T> => a.Min(x, y);

        public static T Dx<T, TA>(TA a, T dout, T x, T y, T z) where TA : IArithmetic<T> => a.Mask(a.Heaviside(a.Subtract(y, x), a.Constant(0.5)), dout);

        public static T Dy<T, TA>(TA a, T dout, T x, T y, T z) where TA : IArithmetic<T> => a.Mask(a.Heaviside(a.Subtract(x, y), a.Constant(0.5)), dout);
    }

    public override bool IsPiecewise => true;

    public override int Branch(double x, double y) => x > y ? 1 : x < y ? -1 : 0;
}
