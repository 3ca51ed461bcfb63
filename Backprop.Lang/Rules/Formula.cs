using System.Globalization;
using Backprop.Lang.Syntax;
using Backprop.Lang.Text;

namespace Backprop.Lang.Rules;

/// <summary>
/// The arithmetic of formulas: each operation builds a tree of the language, simplified as it is built
/// (constants folded; <c>1*a</c>, <c>a*1</c>, <c>a+0</c>, <c>0+a</c>, <c>a^1</c>, <c>-(-a)</c> and <c>0*a</c>
/// dropped), so a layer's rule prints as <c>dout*y</c> and <c>:deriv x^3 wrt x</c> as <c>3*x^2</c>. What it
/// builds always parses back to the same value. A formula shares subtrees (it is built from a graph), so its
/// printed size can grow much faster than the graph: <see cref="Size"/> measures it as it grows.
/// </summary>
public sealed class Formula : IArithmetic<Expr>
{
    private static readonly TextSpan None = default;

    // The printed size (number of tree nodes) of every formula built here, by reference; saturates at Limit.
    private readonly Dictionary<Expr, long> _sizes = new(ReferenceEqualityComparer.Instance);

    /// <param name="limit">The printed size at which <see cref="Size"/> stops counting (a formula's size can overflow a long).</param>
    /// <param name="simplify">
    /// False to build every operation as written: a layer's rule then reads as its author wrote it, the article's
    /// <c>dx = dout*1</c> for AddLayer, rather than as its simplest equivalent.
    /// </param>
    public Formula(long limit = long.MaxValue / 4, bool simplify = true)
    {
        Limit = limit;
        _simplify = simplify;
    }

    private readonly bool _simplify;

    public long Limit { get; }

    public static Expr Name(string name) => new NameExpr(None, name);

    /// <summary>The number of nodes <paramref name="e"/> prints as (leaves made elsewhere count 1).</summary>
    public long Size(Expr e) => _sizes.GetValueOrDefault(e, 1);

    public Expr Constant(double value)
    {
        if (double.IsNaN(value)) return Binary(BinaryOperator.Divide, Number(0), Number(0));
        if (double.IsInfinity(value)) return Binary(BinaryOperator.Divide, value > 0 ? Number(1) : Negated(Number(1)), Number(0));
        return value < 0 ? Negated(Number(-value)) : Number(value == 0 ? 0 : value);
    }

    public Expr Times(Expr x, double factor) => Multiply(x, Constant(factor));

    public Expr Add(Expr x, Expr y)
    {
        if (!_simplify) return Binary(BinaryOperator.Add, x, y);
        if (Fold(x, y, static (a, b) => a + b) is { } folded) return folded;
        if (IsConstant(x, 0)) return y;
        if (IsConstant(y, 0)) return x;
        if (y is UnaryExpr { Operator: UnaryOperator.Negate } n) return Subtract(x, n.Operand);
        // A term written with a minus goes second: 4*x^3 - 4*x, not -4*x + 4*x^3.
        if (StartsWithMinus(x) && !StartsWithMinus(y)) return Subtract(y, Negate(x));
        return Binary(BinaryOperator.Add, x, y);
    }

    public Expr Subtract(Expr x, Expr y)
    {
        if (!_simplify) return Binary(BinaryOperator.Subtract, x, y);
        if (Fold(x, y, static (a, b) => a - b) is { } folded) return folded;
        if (IsConstant(y, 0)) return x;
        if (IsConstant(x, 0)) return Negate(y);
        if (y is UnaryExpr { Operator: UnaryOperator.Negate } n) return Add(x, n.Operand);
        return Binary(BinaryOperator.Subtract, x, y);
    }

    public Expr Multiply(Expr x, Expr y)
    {
        if (!_simplify) return Binary(BinaryOperator.Multiply, x, y);
        if (Fold(x, y, static (a, b) => a * b) is { } folded) return folded;
        if (IsConstant(x, 0) || IsConstant(y, 0)) return Constant(0);
        if (IsConstant(x, 1)) return y;
        if (IsConstant(y, 1)) return x;
        if (IsConstant(x, -1)) return Negate(y);
        if (IsConstant(y, -1)) return Negate(x);
        // Constants first, and gathered: 3*x^2, not x^2*3; 2*(3*x) is 6*x.
        if (IsConstant(y, out _) && !IsConstant(x, out _)) return Multiply(y, x);
        if (IsConstant(x, out double c) && y is BinaryExpr { Operator: BinaryOperator.Multiply } inner && IsConstant(inner.Left, out double d))
        {
            return Multiply(Constant(c * d), inner.Right);
        }
        if (x is UnaryExpr { Operator: UnaryOperator.Negate } nx && y is UnaryExpr { Operator: UnaryOperator.Negate } ny)
        {
            return Multiply(nx.Operand, ny.Operand);
        }
        if (ReferenceEquals(x, y)) return Power(x, Constant(2));
        return Binary(BinaryOperator.Multiply, x, y);
    }

    public Expr Divide(Expr x, Expr y)
    {
        if (!_simplify) return Binary(BinaryOperator.Divide, x, y);
        if (Fold(x, y, static (a, b) => a / b) is { } folded) return folded;
        if (IsConstant(y, 1)) return x;
        if (IsConstant(x, 0) && !IsConstant(y, 0)) return Constant(0);
        return Binary(BinaryOperator.Divide, x, y);
    }

    public Expr Negate(Expr x)
    {
        if (!_simplify) return Negated(x);
        if (IsConstant(x, out double c)) return Constant(-c);
        if (x is UnaryExpr { Operator: UnaryOperator.Negate } n) return n.Operand;
        if (x is BinaryExpr { Operator: BinaryOperator.Multiply } product && IsConstant(product.Left, out double k))
        {
            return Multiply(Constant(-k), product.Right);
        }
        return Negated(x);
    }

    public Expr Power(Expr x, Expr y)
    {
        if (!_simplify) return Binary(BinaryOperator.Power, x, y);
        if (Fold(x, y, Math.Pow) is { } folded) return folded;
        if (IsConstant(y, 1)) return x;
        if (IsConstant(y, 0) || IsConstant(x, 1)) return Constant(1);
        return Binary(BinaryOperator.Power, x, y);
    }

    public Expr Exp(Expr x) => Call("exp", Math.Exp, x);
    public Expr Log(Expr x) => Call("log", Math.Log, x);
    public Expr Sqrt(Expr x) => Call("sqrt", Math.Sqrt, x);
    public Expr Sin(Expr x) => Call("sin", Math.Sin, x);
    public Expr Cos(Expr x) => Call("cos", Math.Cos, x);
    public Expr Tan(Expr x) => Call("tan", Math.Tan, x);
    public Expr Tanh(Expr x) => Call("tanh", Math.Tanh, x);
    public Expr Sigmoid(Expr x) => Call("sigmoid", default(Real).Sigmoid, x);
    public Expr Relu(Expr x) => Call("relu", default(Real).Relu, x);
    public Expr Abs(Expr x) => Call("abs", Math.Abs, x);
    public Expr Sign(Expr x) => Call("sign", default(Real).Sign, x);
    public Expr Max(Expr x, Expr y) => Call("max", Math.Max, x, y);
    public Expr Min(Expr x, Expr y) => Call("min", Math.Min, x, y);
    public Expr Heaviside(Expr x, Expr atZero) => Call("heaviside", default(Real).Heaviside, x, atZero);

    public Expr Softplus(Expr x) => Call("softplus", default(Real).Softplus, x);
    public Expr Log1p(Expr x) => Call("log1p", default(Real).Log1p, x);
    public Expr Expm1(Expr x) => Call("expm1", default(Real).Expm1, x);
    public Expr LeakyRelu(Expr x, Expr slope) => Call("leaky_relu", default(Real).LeakyRelu, x, slope);

    public Expr Mask(Expr m, Expr v)
    {
        if (!_simplify) return Track(new CallExpr(None, "mask", None, [m, v]), Size(m) + Size(v));
        if (IsConstant(m, 0) || IsConstant(v, 0)) return Constant(0);
        // Where m is not 0, mask(m, v) is m*v; and mask(m, 1) is m whatever m is.
        if (IsConstant(m, out _)) return Multiply(m, v);
        if (IsConstant(v, 1)) return m;
        return Call("mask", default(Real).Mask, m, v);
    }

    /// <summary>The value of a constant formula: a number, or a negated number.</summary>
    public static bool IsConstant(Expr e, out double value)
    {
        switch (e)
        {
            case NumberExpr n:
                value = n.Value;
                return true;
            case UnaryExpr { Operator: UnaryOperator.Negate, Operand: NumberExpr n }:
                value = -n.Value;
                return true;
            default:
                value = 0;
                return false;
        }
    }

    // Down the left operands of a product (a loop: a formula can be as deep as the expression it came from).
    private static bool StartsWithMinus(Expr e)
    {
        while (e is BinaryExpr { Operator: BinaryOperator.Multiply or BinaryOperator.Divide } b)
        {
            e = b.Left;
        }
        return e is UnaryExpr { Operator: UnaryOperator.Negate } || (IsConstant(e, out double value) && value < 0);
    }

    private static bool IsConstant(Expr e, double expected) => IsConstant(e, out double value) && value == expected;

    // Both sides constant and the result a finite number: that number. Otherwise the operation is kept.
    private Expr? Fold(Expr x, Expr y, Func<double, double, double> operation) =>
        IsConstant(x, out double a) && IsConstant(y, out double b) && double.IsFinite(operation(a, b)) ? Constant(operation(a, b)) : null;

    // A function of constants is folded when the result is a whole number (log(1) = 0, sqrt(4) = 2, relu(-3) = 0);
    // otherwise it stays written out (log(2), not 0.6931471805599453).
    private Expr Call(string function, Func<double, double> f, Expr x) =>
        _simplify && IsConstant(x, out double a) && IsWhole(f(a)) ? Constant(f(a)) : Track(new CallExpr(None, function, None, [x]), Size(x));

    private Expr Call(string function, Func<double, double, double> f, Expr x, Expr y) =>
        _simplify && IsConstant(x, out double a) && IsConstant(y, out double b) && IsWhole(f(a, b)) ? Constant(f(a, b))
        : Track(new CallExpr(None, function, None, [x, y]), Size(x) + Size(y));

    private static bool IsWhole(double value) => double.IsFinite(value) && value == Math.Floor(value) && Math.Abs(value) < 1e15;

    private static NumberExpr Number(double value) => new(None, value, value.ToString("R", CultureInfo.InvariantCulture));

    private Expr Negated(Expr x) => Track(new UnaryExpr(None, UnaryOperator.Negate, None, x), Size(x));

    private Expr Binary(BinaryOperator op, Expr x, Expr y) => Track(new BinaryExpr(None, op, None, x, y), Size(x) + Size(y));

    private Expr Track(Expr e, long children)
    {
        long size = Math.Min(children + 1, Limit + 1);
        if (size > 1) _sizes[e] = size;
        return e;
    }
}

/// <summary>The text of a layer's local rule, from the rule itself and as written there: <c>dx = dout*y</c>.</summary>
public static class RuleText
{
    private static readonly string[] InputNames = ["dx", "dy"];

    public static string Of(Layers.Layer layer, int input)
    {
        var formula = new Formula(simplify: false);
        var derivative = layer.Derivative(formula, input, Formula.Name("dout"), Formula.Name("x"), Formula.Name("y"), Formula.Name("z"));
        return $"{InputNames[input]} = {derivative}";
    }
}
