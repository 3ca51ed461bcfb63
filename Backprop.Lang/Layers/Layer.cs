using Backprop.Lang.Rules;

namespace Backprop.Lang.Layers;

/// <summary>
/// One operation of the computational graph: its forward value and its local derivative, side by side.
/// A layer holds no state (the graph owns the values), so one instance serves every node that uses it.
/// <c>Backward</c> gets the upstream gradient <c>dout</c> = dL/dz, the inputs and the output z, and
/// returns dL/dx and dL/dy: the chain rule applied once. The graph sums what it returns.
/// </summary>
/// <remarks>
/// backprop's own layers derive from <see cref="UnaryLayer{TRule}"/> or <see cref="BinaryLayer{TRule}"/> and state
/// their rule once, generic over what it computes with (<see cref="IArithmetic{T}"/>): the double methods here,
/// the derivative as graph nodes (<see cref="Derivative{T}"/>) and the rule text all come from it. A layer written
/// directly against this class works for values and first derivatives only.
/// </remarks>
public abstract class Layer
{
    /// <summary>The class name the article uses, e.g. <c>MulLayer</c>.</summary>
    public abstract string Name { get; }

    /// <summary>How the operation is written in an expression: <c>*</c>, <c>exp</c>.</summary>
    public abstract string Symbol { get; }

    public abstract int Arity { get; }

    /// <summary>The local rule in the article's form, e.g. <c>dx = dout*y, dy = dout*x</c>.</summary>
    public abstract string Rule { get; }

    public abstract double Forward(double x, double y);

    public abstract void Backward(double dout, double x, double y, double z, out double dx, out double dy);

    /// <summary>
    /// <see cref="Forward(double, double)"/> on every element: z[i] = f(x[i], y[i]) (y is ignored by a one-input layer).
    /// The layers of a generic rule run it with the rule inlined, one call per tensor instead of one per element.
    /// </summary>
    public virtual void ForwardAll(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> z)
    {
        for (int i = 0; i < z.Length; i++) z[i] = Forward(x[i], y.IsEmpty ? 0 : y[i]);
    }

    /// <summary>
    /// <see cref="Backward(double, double, double, double, out double, out double)"/> on every element. An element that
    /// receives nothing (dout = 0) sends nothing, as in the graph's scalar walk, so no 0·∞ leaks NaN back.
    /// </summary>
    public virtual void BackwardAll(ReadOnlySpan<double> dout, ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> z,
        Span<double> dx, Span<double> dy)
    {
        for (int i = 0; i < dout.Length; i++)
        {
            if (dout[i] == 0) continue;
            Backward(dout[i], x[i], y.IsEmpty ? 0 : y[i], z[i], out dx[i], out double d);
            if (!dy.IsEmpty) dy[i] = d;
        }
    }

    /// <summary>True when the rule is generic, so <see cref="Apply{T}"/> and <see cref="Derivative{T}"/> work.</summary>
    public virtual bool HasGenericRule => false;

    /// <summary>The layer applied in another arithmetic: a node appended to a graph, or a formula.</summary>
    public virtual T Apply<T>(IArithmetic<T> a, T x, T y) => throw new NotSupportedException(NoGenericRule);

    /// <summary>dL/d(input <paramref name="input"/>: 0 for x, 1 for y), given dout, in another arithmetic.</summary>
    public virtual T Derivative<T>(IArithmetic<T> a, int input, T dout, T x, T y, T z) => throw new NotSupportedException(NoGenericRule);

    /// <summary>The local rule of one input, e.g. <c>dx = dout*y</c> for input 0 of MulLayer.</summary>
    public virtual string InputRule(int input) => Rule.Split(", ").ElementAtOrDefault(input) ?? Rule;

    /// <summary>
    /// The conventions at a kink or a domain edge that the rule a learner reads leaves out (<c>x = 0: dx = 0</c>), or
    /// null. The rule itself is the textbook's (<c>dx = dout*y*x^(y - 1)</c>); the numbers follow the conventions.
    /// </summary>
    public virtual string? Note => null;

    /// <summary><see cref="Note"/> when its convention is what gave the gradient at these inputs (x = 0 for relu), else null.</summary>
    public virtual string? NoteAt(double x, double y) => null;

    /// <summary>The textbook's rule for <paramref name="input"/> where the one printed from the derivative is not (its masks and signs are conventions), or null.</summary>
    protected virtual string? TextbookRule(int input) => null;

    /// <summary>True where the derivative does not exist and backprop uses a convention (relu at 0, a max tie).</summary>
    public bool IsKink(double x, double y) => IsPiecewise && Branch(x, y) == 0;

    /// <summary>
    /// For a piecewise layer, which piece the inputs fall on (-1, 0 on the switch, or 1); always 0 for a smooth
    /// one. A numerical gradient check whose nudge changes a node's branch has crossed a kink.
    /// </summary>
    public virtual int Branch(double x, double y) => 0;

    /// <summary>True for a layer made of pieces (relu, abs, max, min), whose <see cref="Branch"/> means something.</summary>
    public virtual bool IsPiecewise => false;

    public override string ToString() => Name;

    private string NoGenericRule => $"{Name} states its derivative for doubles only, so it cannot be differentiated twice.";
}

/// <summary>A layer of one input: <c>z = f(x)</c>.</summary>
public abstract class UnaryLayer : Layer
{
    public sealed override int Arity => 1;

    public abstract double Forward(double x);

    /// <returns>dL/dx, given dout = dL/dz.</returns>
    public abstract double Backward(double dout, double x, double z);

    public virtual int Branch(double x) => 0;

    public sealed override int Branch(double x, double y) => Branch(x);

    public sealed override double Forward(double x, double y) => Forward(x);

    public sealed override void Backward(double dout, double x, double y, double z, out double dx, out double dy)
    {
        dx = Backward(dout, x, z);
        dy = 0;
    }
}

/// <summary>A layer of two inputs: <c>z = f(x, y)</c>.</summary>
public abstract class BinaryLayer : Layer
{
    public sealed override int Arity => 2;

    /// <returns>(dL/dx, dL/dy), given dout = dL/dz.</returns>
    public abstract (double Dx, double Dy) Backward(double dout, double x, double y, double z);

    public sealed override void Backward(double dout, double x, double y, double z, out double dx, out double dy) =>
        (dx, dy) = Backward(dout, x, y, z);
}

/// <summary>A one-input layer whose forward and derivative are <typeparamref name="TRule"/>, stated once.</summary>
/// <typeparam name="TRule">A struct, so each layer's double path is compiled for it alone, with the rule inlined.</typeparam>
public abstract class UnaryLayer<TRule> : UnaryLayer where TRule : struct, IUnaryRule
{
    private string? _rule;

    public sealed override double Forward(double x) => TRule.Forward<double, Real>(default, x);

    public sealed override double Backward(double dout, double x, double z) => TRule.Dx<double, Real>(default, dout, x, z);

    public sealed override void ForwardAll(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> z)
    {
        for (int i = 0; i < z.Length; i++) z[i] = TRule.Forward<double, Real>(default, x[i]);
    }

    public sealed override void BackwardAll(ReadOnlySpan<double> dout, ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> z,
        Span<double> dx, Span<double> dy)
    {
        for (int i = 0; i < dout.Length; i++)
        {
            if (dout[i] != 0) dx[i] = TRule.Dx<double, Real>(default, dout[i], x[i], z[i]);
        }
    }

    public sealed override bool HasGenericRule => true;

    public sealed override T Apply<T>(IArithmetic<T> a, T x, T y) => TRule.Forward(a, x);

    public sealed override T Derivative<T>(IArithmetic<T> a, int input, T dout, T x, T y, T z) =>
        input == 0 ? TRule.Dx(a, dout, x, z) : throw new ArgumentOutOfRangeException(nameof(input));

    public sealed override string Rule => InputRule(0);

    public sealed override string InputRule(int input) =>
        input == 0 ? _rule ??= TextbookRule(0) ?? RuleText.Of(this, 0) : TextbookRule(input) ?? RuleText.Of(this, input);
}

/// <summary>A two-input layer whose forward and derivatives are <typeparamref name="TRule"/>, stated once.</summary>
public abstract class BinaryLayer<TRule> : BinaryLayer where TRule : struct, IBinaryRule
{
    private string? _rule;

    public sealed override double Forward(double x, double y) => TRule.Forward<double, Real>(default, x, y);

    public sealed override (double Dx, double Dy) Backward(double dout, double x, double y, double z) =>
        (TRule.Dx<double, Real>(default, dout, x, y, z), TRule.Dy<double, Real>(default, dout, x, y, z));

    public sealed override void ForwardAll(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> z)
    {
        for (int i = 0; i < z.Length; i++) z[i] = TRule.Forward<double, Real>(default, x[i], y[i]);
    }

    public sealed override void BackwardAll(ReadOnlySpan<double> dout, ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> z,
        Span<double> dx, Span<double> dy)
    {
        for (int i = 0; i < dout.Length; i++)
        {
            if (dout[i] == 0) continue;
            dx[i] = TRule.Dx<double, Real>(default, dout[i], x[i], y[i], z[i]);
            dy[i] = TRule.Dy<double, Real>(default, dout[i], x[i], y[i], z[i]);
        }
    }

    public sealed override bool HasGenericRule => true;

    public sealed override T Apply<T>(IArithmetic<T> a, T x, T y) => TRule.Forward(a, x, y);

    public sealed override T Derivative<T>(IArithmetic<T> a, int input, T dout, T x, T y, T z) => input switch
    {
        0 => TRule.Dx(a, dout, x, y, z),
        1 => TRule.Dy(a, dout, x, y, z),
        _ => throw new ArgumentOutOfRangeException(nameof(input)),
    };

    private readonly string?[] _inputRules = new string?[2];

    public sealed override string Rule => _rule ??= $"{InputRule(0)}, {InputRule(1)}";

    // Printed from the rule once per input: the explanation and the quiz ask for it at every step.
    public sealed override string InputRule(int input) => _inputRules[input] ??= TextbookRule(input) ?? RuleText.Of(this, input);
}
