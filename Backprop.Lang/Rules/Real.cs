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

    /// <summary>log1p(e^-|x|) + max(x, 0): the exponential never overflows, and for large x it is x itself.</summary>
    public double Softplus(double x) => double.IsNaN(x) ? x : Log1p(Math.Exp(-Math.Abs(x))) + Math.Max(x, 0);

    /// <summary>
    /// ln(1 + x) by Goldberg's correction: u = 1 + x rounds, and ln(u)·x/(u - 1) undoes that rounding, accurate to a
    /// few ulps (.NET's <c>double.LogP1</c> is ln(x + 1), which for x = 1e-20 gives 0).
    /// </summary>
    public double Log1p(double x)
    {
        double u = 1 + x;
        if (u == 1 || double.IsPositiveInfinity(x))
        {
            return x;
        }
        return Math.Log(u) * x / (u - 1);
    }

    /// <summary>
    /// e^x - 1 by Kahan's correction near 0: u = e^x, then (u - 1)·x/ln(u); away from 0 the subtraction loses nothing
    /// (.NET's <c>double.ExpM1</c> is e^x - 1 everywhere, which for x = 1e-20 gives 0).
    /// </summary>
    public double Expm1(double x)
    {
        if (!(Math.Abs(x) < 0.5))
        {
            return Math.Exp(x) - 1;
        }
        double u = Math.Exp(x);
        return u == 1 ? x : (u - 1) * x / Math.Log(u);
    }

    /// <summary>As PyTorch: x where x &gt; 0, slope·x otherwise; NaN passes through.</summary>
    public double LeakyRelu(double x, double slope) => x > 0 || double.IsNaN(x) ? x : slope * x;
}
