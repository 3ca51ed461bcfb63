namespace Backprop.Lang.Layers;

/// <summary><c>log(x) = z</c>, the natural logarithm. log(0) = -Infinity and log(x &lt; 0) = NaN, as IEEE says.</summary>
public sealed class LogLayer : UnaryLayer
{
    public static readonly LogLayer Instance = new();
    public override string Name => "LogLayer";
    public override string Symbol => "log";
    public override string Rule => "dx = dout/x";

    public override double Forward(double x) => Math.Log(x);

    public override double Backward(double dout, double x, double z) => dout / x;
}
