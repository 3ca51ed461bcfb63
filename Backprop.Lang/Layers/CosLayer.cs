namespace Backprop.Lang.Layers;

/// <summary><c>cos(x) = z</c>.</summary>
public sealed class CosLayer : UnaryLayer
{
    public static readonly CosLayer Instance = new();
    public override string Name => "CosLayer";
    public override string Symbol => "cos";
    public override string Rule => "dx = -dout*sin(x)";

    public override double Forward(double x) => Math.Cos(x);

    public override double Backward(double dout, double x, double z) => -dout * Math.Sin(x);
}
