namespace Backprop.Lang.Layers;

/// <summary>
/// <c>relu(x) = max(0, x) = z</c>, the book's <c>Relu</c> layer. relu'(0) is taken as 0, as PyTorch and
/// JAX do: the gradient passes only where the input was strictly positive.
/// </summary>
public sealed class ReluLayer : UnaryLayer
{
    public static readonly ReluLayer Instance = new();
    public override string Name => "ReluLayer";
    public override string Symbol => "relu";
    public override string Rule => "dx = dout*[x>0]";

    public override double Forward(double x) => x > 0 || double.IsNaN(x) ? x : 0;

    public override double Backward(double dout, double x, double z) => x > 0 ? dout : 0;

    public override bool IsPiecewise => true;

    public override int Branch(double x) => double.IsNaN(x) ? 1 : Math.Sign(x);
}
