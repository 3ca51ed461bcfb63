namespace Backprop.Lang.Layers;

/// <summary><c>x × y = z</c>: each input gets the upstream gradient times the other input.</summary>
public sealed class MulLayer : BinaryLayer
{
    public static readonly MulLayer Instance = new();
    public override string Name => "MulLayer";
    public override string Symbol => "*";
    public override string Rule => "dx = dout*y, dy = dout*x";

    public override double Forward(double x, double y) => x * y;

    public override (double Dx, double Dy) Backward(double dout, double x, double y, double z) => (dout * y, dout * x);
}
