namespace Backprop.Lang.Layers;

/// <summary>
/// One operation of the computational graph: its forward value and its local derivative, side by side.
/// A layer holds no state (the graph owns the values), so one instance serves every node that uses it.
/// <c>Backward</c> gets the upstream gradient <c>dout</c> = dL/dz, the inputs and the output z, and
/// returns dL/dx and dL/dy: the chain rule applied once. The graph sums what it returns.
/// </summary>
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
