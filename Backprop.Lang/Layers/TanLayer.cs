namespace Backprop.Lang.Layers;

/// <summary><c>tan(x) = z</c>: d/dx tan x = 1 + tan²x, which reuses the output.</summary>
public sealed class TanLayer : UnaryLayer
{
    public static readonly TanLayer Instance = new();
    public override string Name => "TanLayer";
    public override string Symbol => "tan";
    public override string Rule => "dx = dout*(1 + z^2)";

    public override double Forward(double x) => Math.Tan(x);

    public override double Backward(double dout, double x, double z) => dout * (1 + z * z);
}
