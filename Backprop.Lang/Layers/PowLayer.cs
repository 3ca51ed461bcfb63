namespace Backprop.Lang.Layers;

/// <summary>
/// <c>x ^ y = z</c> (also <c>x ** y</c> and <c>pow(x, y)</c>).
/// Conventions, as PyTorch: dz/dy is 0 at x = 0 with y ≥ 0 (the limit from the right), and dz/dx is 0 when
/// y = 0 (x^0 is the constant 1). For x &lt; 0, dz/dy = z·ln(x) is undefined and comes out NaN.
/// </summary>
public sealed class PowLayer : BinaryLayer
{
    public static readonly PowLayer Instance = new();
    public override string Name => "PowLayer";
    public override string Symbol => "^";
    public override string Rule => "dx = dout*y*x^(y-1), dy = dout*z*ln(x)";

    public override double Forward(double x, double y) => Math.Pow(x, y);

    public override (double Dx, double Dy) Backward(double dout, double x, double y, double z)
    {
        double dx = y == 0 ? 0 : dout * y * Math.Pow(x, y - 1);
        double dy = x == 0 && y >= 0 ? 0 : dout * z * Math.Log(x);
        return (dx, dy);
    }
}
