using Backprop.Lang.Rules;

namespace Backprop.Lang.Layers;

/// <summary>
/// <c>relu(x) = max(0, x) = z</c>. relu'(0) = 0, as PyTorch and JAX: heaviside(x, 0) is the step that is 0 at 0,
/// and mask sends exactly nothing back through a switched-off relu, whatever arrives.
/// </summary>
public sealed class ReluLayer : UnaryLayer<ReluLayer.Rules>
{
    public static readonly ReluLayer Instance = new();
    public override string Name => "ReluLayer";
    public override string Symbol => "relu";

    public override string Note => Text.Language.Text("x = 0: dx = 0, as the book's mask (x <= 0)", "x = 0 では dx = 0（本の mask、x <= 0 と同じ）");

    public override string? NoteAt(double x, double y) => x == 0 ? Note : null;

    protected override string? TextbookRule(int input) => input == 0 ? "dx = dout if x > 0 else 0" : null;

    public readonly struct Rules : IUnaryRule
    {
        public static T Forward<T, TA>(TA a, T x) where TA : IArithmetic<T> => a.Relu(x);

        public static T Dx<T, TA>(TA a, T dout, T x, T z) where TA : IArithmetic<T> => a.Mask(a.Heaviside(x, a.Constant(0)), dout);
    }

    public override bool IsPiecewise => true;

    public override int Branch(double x) => double.IsNaN(x) ? 1 : Math.Sign(x);
}
