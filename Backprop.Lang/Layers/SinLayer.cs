namespace Backprop.Lang.Layers;

/// <summary><c>sin(x) = z</c>.</summary>
public sealed class SinLayer : UnaryLayer
{
    public static readonly SinLayer Instance = new();
    public override string Name => "SinLayer";
    public override string Symbol => "sin";
    public override string Rule => "dx = dout*cos(x)";

    public override double Forward(double x) => Math.Sin(x);

    public override double Backward(double dout, double x, double z) => dout * Math.Cos(x);
}
