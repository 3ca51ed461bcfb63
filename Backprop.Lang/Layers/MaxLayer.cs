namespace Backprop.Lang.Layers;

/// <summary>
/// <c>max(x, y) = z</c>: the gradient goes to the larger input. On a tie it is split evenly (as PyTorch's
/// <c>maximum</c>), which is the average of the two one-sided derivatives; the evaluator warns when it happens.
/// </summary>
public sealed class MaxLayer : BinaryLayer
{
    public static readonly MaxLayer Instance = new();
    public override string Name => "MaxLayer";
    public override string Symbol => "max";
    public override string Rule => "dx = dout*[x>y], dy = dout*[y>x], a tie splits dout/2 each";

    public override double Forward(double x, double y) => Math.Max(x, y);

    public override (double Dx, double Dy) Backward(double dout, double x, double y, double z) =>
        x > y ? (dout, 0) : y > x ? (0, dout) : (dout / 2, dout / 2);

    public override bool IsPiecewise => true;

    public override int Branch(double x, double y) => x > y ? 1 : x < y ? -1 : 0;
}
