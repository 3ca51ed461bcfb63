using Backprop.Lang.Rules;

namespace Backprop.Lang.Layers;

/// <summary><c>abs(x) = z</c>: dx = dout·sign(x), with abs'(0) = sign(0) = 0 as PyTorch.</summary>
public sealed class AbsLayer : UnaryLayer<AbsLayer.Rules>
{
    public static readonly AbsLayer Instance = new();
    public override string Name => "AbsLayer";
    public override string Symbol => "abs";

    public override string Note => Text.Language.Text("x = 0: dx = 0", "x = 0 では dx = 0");

    public override string? NoteAt(double x, double y) => x == 0 ? Note : null;

    protected override string? TextbookRule(int input) => input == 0 ? "dx = dout*sign(x)" : null;

    public readonly struct Rules : IUnaryRule
    {
        public static T Forward<T, TA>(TA a, T x) where TA : IArithmetic<T> => a.Abs(x);

        public static T Dx<T, TA>(TA a, T dout, T x, T z) where TA : IArithmetic<T> => a.Mask(a.Sign(x), dout);
    }

    public override bool IsPiecewise => true;

    public override int Branch(double x) => double.IsNaN(x) ? 1 : Math.Sign(x);
}
