namespace Backprop.Lang.Layers;

/// <summary><c>x + y = z</c>: the upstream gradient passes through unchanged to both inputs.</summary>
public sealed class AddLayer : BinaryLayer
{
    public static readonly AddLayer Instance = new();
    public override string Name => "AddLayer";
    public override string Symbol => "+";
    public override string Rule => "dx = dout*1, dy = dout*1";

    public override double Forward(double x, double y) => x + y;

    public override (double Dx, double Dy) Backward(double dout, double x, double y, double z) => (dout, dout);
}
