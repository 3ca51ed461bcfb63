using System.Diagnostics;
using Backprop.Lang.Tensors;

namespace Backprop.Lang.Layers;

/// <summary>
/// A layer over tensors: a forward that makes its output from its inputs, and a backward that gives each input the
/// gradient of its own shape (the book's point in 5.6.1: dX has X's shape). The graph adds what it returns into
/// each input's gradient, as it does for numbers. An input that is a number arrives as a tensor of shape []; an
/// output of shape [] is kept as a number, so the scalar layers after it work as ever.
/// </summary>
/// <remarks>
/// Tensor layers state their derivative for values only (first order): <see cref="Layer.HasGenericRule"/> is false,
/// so <c>grad(...)</c>, <c>:hessian</c> and <c>:deriv</c> refuse them with a message rather than a wrong number.
/// Any number of inputs (Affine has three); parameters such as an axis are the layer instance's, never values.
/// </remarks>
public abstract class TensorLayer : Layer
{
    /// <summary>The output's shape given the inputs' shapes, or the message that says why they do not fit.</summary>
    public abstract ShapeResult OutputShape(IReadOnlyList<int[]> inputs);

    public abstract Tensor Forward(ReadOnlySpan<Tensor> inputs);

    /// <summary>Sets <paramref name="grads"/>[i] to dL/d(input i), of input i's shape, given dout = dL/d(output).</summary>
    public abstract void Backward(Tensor dout, ReadOnlySpan<Tensor> inputs, Tensor output, Span<Tensor> grads);

    /// <summary>
    /// The same, computing only the gradients <paramref name="wanted"/> asks for: an input that nothing being trained
    /// depends on (the data of a batch) needs none, and a layer whose gradient is a matrix product skips that product.
    /// The entries not wanted may be left null. By default every gradient is computed.
    /// </summary>
    public virtual void Backward(Tensor dout, ReadOnlySpan<Tensor> inputs, Tensor output, Span<Tensor> grads, ReadOnlySpan<bool> wanted) =>
        Backward(dout, inputs, output, grads);

    /// <summary>What the layer does with the shapes, for <c>:trace</c> and <c>:explain</c>: <c>X 2×3 @ W 3×4 → 2×4</c>.</summary>
    public virtual string Describe(IReadOnlyList<string> inputs, string output) =>
        $"{Symbol}({string.Join(", ", inputs)}) → {output}";

    public sealed override double Forward(double x, double y) => throw new UnreachableException($"{Name} runs on tensors.");

    public sealed override void Backward(double dout, double x, double y, double z, out double dx, out double dy) =>
        throw new UnreachableException($"{Name} runs on tensors.");
}

/// <summary>A layer's output shape, or why its inputs do not fit (the message names both shapes).</summary>
public readonly record struct ShapeResult(int[]? Shape, string? Error)
{
    public static ShapeResult Of(int[] shape) => new(shape, null);
    public static ShapeResult Fail(string error) => new(null, error);
    public bool Succeeded => Shape is not null;
}
