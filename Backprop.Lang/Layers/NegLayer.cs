namespace Backprop.Lang.Layers;

/// <summary><c>-x = z</c>. (Unary plus is the identity and adds no layer.)</summary>
public sealed class NegLayer : UnaryLayer
{
    public static readonly NegLayer Instance = new();
    public override string Name => "NegLayer";
    public override string Symbol => "-";
    public override string Rule => "dx = -dout";

    public override double Forward(double x) => -x;

    public override double Backward(double dout, double x, double z) => -dout;
}
