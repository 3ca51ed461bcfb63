namespace Backprop.Lang.Layers;

/// <summary><c>x - y = z</c>.</summary>
public sealed class SubLayer : BinaryLayer
{
    public static readonly SubLayer Instance = new();
    public override string Name => "SubLayer";
    public override string Symbol => "-";
    public override string Rule => "dx = dout*1, dy = dout*(-1)";

    public override double Forward(double x, double y) => x - y;

    public override (double Dx, double Dy) Backward(double dout, double x, double y, double z) => (dout, -dout);
}
