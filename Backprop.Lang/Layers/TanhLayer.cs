namespace Backprop.Lang.Layers;

/// <summary><c>tanh(x) = z</c>: d/dx tanh x = 1 - tanh²x.</summary>
public sealed class TanhLayer : UnaryLayer
{
    public static readonly TanhLayer Instance = new();
    public override string Name => "TanhLayer";
    public override string Symbol => "tanh";
    public override string Rule => "dx = dout*(1 - z^2)";

    public override double Forward(double x) => Math.Tanh(x);

    public override double Backward(double dout, double x, double z) => dout * (1 - z * z);
}
