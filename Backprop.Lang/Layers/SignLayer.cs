using Backprop.Lang.Rules;

namespace Backprop.Lang.Layers;

/// <summary>
/// <c>sign(x) = z</c>: -1, 0 or 1. Flat on each side, so its derivative is 0 (at 0 too, by convention); it is
/// how abs's derivative is written, and a second derivative through abs comes out 0.
/// </summary>
public sealed class SignLayer : UnaryLayer<SignLayer.Rules>
{
    public static readonly SignLayer Instance = new();
    public override string Name => "SignLayer";
    public override string Symbol => "sign";

    public override string Note => Text.Language.Text("x = 0: a jump, where dx is taken as 0", "x = 0 は跳び（不連続）で、dx は 0 とします");

    public override string? NoteAt(double x, double y) => x == 0 ? Note : null;

    protected override string? TextbookRule(int input) => input == 0 ? "dx = 0" : null;

    public readonly struct Rules : IUnaryRule
    {
        public static T Forward<T, TA>(TA a, T x) where TA : IArithmetic<T> => a.Sign(x);

        public static T Dx<T, TA>(TA a, T dout, T x, T z) where TA : IArithmetic<T> => a.Constant(0);
    }
}
