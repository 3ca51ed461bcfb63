namespace Backprop.Lang.Layers;

/// <summary>
/// <c>sigmoid(x) = 1/(1 + exp(-x)) = z</c>, the book's <c>Sigmoid</c> layer: dx = dout·z·(1 - z).
/// Forward takes the branch that never overflows exp, so sigmoid(-1000) is 0, not NaN.
/// </summary>
public sealed class SigmoidLayer : UnaryLayer
{
    public static readonly SigmoidLayer Instance = new();
    public override string Name => "SigmoidLayer";
    public override string Symbol => "sigmoid";
    public override string Rule => "dx = dout*z*(1 - z)";

    public override double Forward(double x)
    {
        if (x >= 0)
        {
            return 1 / (1 + Math.Exp(-x));
        }
        double e = Math.Exp(x);
        return e / (1 + e);
    }

    public override double Backward(double dout, double x, double z) => dout * z * (1 - z);
}
