namespace Backprop.Lang.Layers;

/// <summary><c>x / y = z</c>.</summary>
public sealed class DivLayer : BinaryLayer
{
    public static readonly DivLayer Instance = new();
    public override string Name => "DivLayer";
    public override string Symbol => "/";
    public override string Rule => "dx = dout/y, dy = -dout*x/y^2";

    public override double Forward(double x, double y) => x / y;

    public override (double Dx, double Dy) Backward(double dout, double x, double y, double z) => (dout / y, -dout * x / (y * y));
}
