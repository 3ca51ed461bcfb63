namespace Backprop.Lang.Layers;

/// <summary><c>abs(x) = z</c>: dx = dout·sign(x), with sign(0) = 0 (PyTorch's convention).</summary>
public sealed class AbsLayer : UnaryLayer
{
    public static readonly AbsLayer Instance = new();
    public override string Name => "AbsLayer";
    public override string Symbol => "abs";
    public override string Rule => "dx = dout*sign(x)";

    public override double Forward(double x) => Math.Abs(x);

    public override double Backward(double dout, double x, double z) => x > 0 ? dout : x < 0 ? -dout : x == 0 ? 0 : double.NaN;

    public override bool IsPiecewise => true;

    public override int Branch(double x) => double.IsNaN(x) ? 1 : Math.Sign(x);
}
