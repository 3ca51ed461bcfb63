namespace Backprop.Lang.Layers;

/// <summary><c>exp(x) = z</c>: its own derivative, so backward reuses the output.</summary>
public sealed class ExpLayer : UnaryLayer
{
    public static readonly ExpLayer Instance = new();
    public override string Name => "ExpLayer";
    public override string Symbol => "exp";
    public override string Rule => "dx = dout*z";

    public override double Forward(double x) => Math.Exp(x);

    public override double Backward(double dout, double x, double z) => dout * z;
}
