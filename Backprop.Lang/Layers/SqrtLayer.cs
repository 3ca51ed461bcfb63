namespace Backprop.Lang.Layers;

/// <summary><c>sqrt(x) = z</c>. At x = 0 the derivative is +Infinity (the IEEE value of 1/(2·0)).</summary>
public sealed class SqrtLayer : UnaryLayer
{
    public static readonly SqrtLayer Instance = new();
    public override string Name => "SqrtLayer";
    public override string Symbol => "sqrt";
    public override string Rule => "dx = dout/(2*z)";

    public override double Forward(double x) => Math.Sqrt(x);

    public override double Backward(double dout, double x, double z) => dout / (2 * z);
}
