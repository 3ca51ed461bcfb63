using Backprop.Lang.Tensors;

namespace Backprop.Lang.Layers;

/// <summary>
/// Repeats its input to a larger shape, as numpy broadcasts <c>(2,3) + (3,)</c>; the lowerer puts one in front of an
/// element-wise layer whose inputs' shapes differ, so the graph shows it. Its backward is "sum in reverse": the
/// gradient summed back to the input's shape (DeZero's <c>sum_to</c>), which is why b in <c>X·W + b</c> gets the sum of
/// dY over the batch.
/// </summary>
public sealed class BroadcastToLayer(int[] shape) : TensorLayer
{
    public int[] Shape { get; } = shape;
    public override string Name => "BroadcastToLayer";
    public override string Symbol => "broadcast_to";
    public override int Arity => 1;
    public override string Rule => $"dx = sum_to(dout, shape of x)";

    public override ShapeResult OutputShape(IReadOnlyList<int[]> inputs) => ShapeResult.Of(Shape);

    public override string Describe(IReadOnlyList<string> inputs, string output) => $"{inputs[0]} repeated → {output}";

    public override Tensor Forward(ReadOnlySpan<Tensor> inputs) => TensorMath.BroadcastTo(inputs[0], Shape);

    public override void Backward(Tensor dout, ReadOnlySpan<Tensor> inputs, Tensor output, Span<Tensor> grads) =>
        grads[0] = TensorMath.SumTo(dout, inputs[0].Shape);
}
