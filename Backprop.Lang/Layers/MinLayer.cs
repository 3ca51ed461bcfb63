namespace Backprop.Lang.Layers;

/// <summary><c>min(x, y) = z</c>: the gradient goes to the smaller input; a tie splits it evenly, as for max.</summary>
public sealed class MinLayer : BinaryLayer
{
    public static readonly MinLayer Instance = new();
    public override string Name => "MinLayer";
    public override string Symbol => "min";
    public override string Rule => "dx = dout*[x<y], dy = dout*[y<x], a tie splits dout/2 each";

    public override double Forward(double x, double y) => Math.Min(x, y);

    public override (double Dx, double Dy) Backward(double dout, double x, double y, double z) =>
        x < y ? (dout, 0) : y < x ? (0, dout) : (dout / 2, dout / 2);

    public override bool IsPiecewise => true;

    public override int Branch(double x, double y) => x > y ? 1 : x < y ? -1 : 0;
}
