namespace Backprop.Lang.Rules;

/// <summary>
/// What a layer's rule computes with. Each layer states its forward value and its local derivatives once,
/// generic over this interface, and the same rule then runs over:
/// <list type="bullet">
/// <item><see cref="Real"/>: doubles, the fast path (a struct, so the JIT specialises and inlines the rule);</item>
/// <item><see cref="Graph.GraphArithmetic"/>: graph nodes, so a derivative is itself a graph that can be
/// differentiated again (DeZero's <c>create_graph</c>);</item>
/// <item><see cref="Formula"/>: expressions of the language, for the rule text <c>:trace</c> shows and the
/// formulas <c>:deriv</c> prints.</item>
/// </list>
/// Every operation here is one of the language's operators or functions, so whatever a rule builds can be
/// written down, parsed back and differentiated again.
/// </summary>
public interface IArithmetic<T>
{
    T Constant(double value);

    /// <summary>
    /// <paramref name="x"/>·<paramref name="factor"/> for a factor the rule writes as a number (AddLayer's local
    /// derivative 1, the article's <c>dout * 1</c>). On doubles a factor of 1 then costs nothing: the JIT sees
    /// the constant and drops the multiplication, which on a long chain would sit on every step's critical path.
    /// </summary>
    T Times(T x, double factor);

    T Add(T x, T y);
    T Subtract(T x, T y);
    T Multiply(T x, T y);
    T Divide(T x, T y);
    T Negate(T x);
    T Power(T x, T y);

    T Exp(T x);
    T Log(T x);
    T Sqrt(T x);
    T Sin(T x);
    T Cos(T x);
    T Tan(T x);
    T Tanh(T x);
    T Sigmoid(T x);
    T Relu(T x);
    T Abs(T x);
    T Max(T x, T y);
    T Min(T x, T y);

    /// <summary>-1, 0 or 1 (NaN stays NaN): the slope of <c>abs</c>.</summary>
    T Sign(T x);

    /// <summary>0 for x &lt; 0, 1 for x &gt; 0 and <paramref name="atZero"/> at 0 (NaN stays NaN), as numpy's.</summary>
    T Heaviside(T x, T atZero);

    /// <summary>
    /// <paramref name="m"/>·<paramref name="v"/>, except exactly 0 where m is 0, even if v is infinite or NaN.
    /// The conventions at kinks are written with it: relu'(x) = mask(heaviside(x, 0), dout) sends nothing back
    /// through a switched-off relu, whatever arrives.
    /// </summary>
    T Mask(T m, T v);

    /// <summary>ln(1 + e^x), the smooth relu, without overflow for large |x|.</summary>
    T Softplus(T x);

    /// <summary>ln(1 + x), exact where x is so small that 1 + x would round to 1.</summary>
    T Log1p(T x);

    /// <summary>e^x - 1, exact where x is so small that e^x would round to 1.</summary>
    T Expm1(T x);

    /// <summary>x for x &gt; 0, slope·x otherwise (NaN stays NaN).</summary>
    T LeakyRelu(T x, T slope);
}
