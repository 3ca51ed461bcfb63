namespace Backprop.Lang.Rules;

/// <summary>
/// The double arithmetic: the fast path. A struct, so a rule instantiated over it is specialised by the JIT
/// and <c>a.Multiply(dout, y)</c> compiles to <c>dout * y</c>.
/// </summary>
public readonly struct Real : IArithmetic<double>
{
    public double Constant(double value) => value;

    public double Times(double x, double factor) => factor == 1 ? x : x * factor;

    public double Add(double x, double y) => x + y;
    public double Subtract(double x, double y) => x - y;
    public double Multiply(double x, double y) => x * y;
    public double Divide(double x, double y) => x / y;
    public double Negate(double x) => -x;
    public double Power(double x, double y) => Math.Pow(x, y);

    public double Exp(double x) => Math.Exp(x);
    public double Log(double x) => Math.Log(x);
    public double Sqrt(double x) => Math.Sqrt(x);
    public double Sin(double x) => Math.Sin(x);
    public double Cos(double x) => Math.Cos(x);
    public double Tan(double x) => Math.Tan(x);
    public double Tanh(double x) => Math.Tanh(x);

    /// <summary>1/(1 + e^-x), written so that neither branch overflows.</summary>
    public double Sigmoid(double x)
    {
        if (x >= 0)
        {
            return 1 / (1 + Math.Exp(-x));
        }
        double e = Math.Exp(x);
        return e / (1 + e);
    }

    /// <summary>NaN passes through (as PyTorch), so a broken input is not hidden as 0.</summary>
    public double Relu(double x) => x > 0 || double.IsNaN(x) ? x : 0;
    public double Abs(double x) => Math.Abs(x);
    public double Max(double x, double y) => Math.Max(x, y);
    public double Min(double x, double y) => Math.Min(x, y);

    public double Sign(double x) => x > 0 ? 1 : x < 0 ? -1 : x == 0 ? 0 : double.NaN;
    public double Heaviside(double x, double atZero) => x > 0 ? 1 : x < 0 ? 0 : x == 0 ? atZero : double.NaN;
    public double Mask(double m, double v) => m == 0 ? 0 : m * v;
}
