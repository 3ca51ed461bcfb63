using Backprop.Lang.Diagnostics;
using Backprop.Lang.Tensors;

namespace Backprop.Lang.Layers;

/// <summary><c>reshape(X, 2, 3)</c>: the same elements in row-major order, another shape; the gradient is reshaped back.</summary>
public sealed class ReshapeLayer(int[] shape) : TensorLayer
{
    public int[] Shape { get; } = shape;
    public override string Name => "ReshapeLayer";
    public override string Symbol => "reshape";
    public override int Arity => 1;
    public override string Rule => "dx = reshape(dout, shape of x)";

    public override ShapeResult OutputShape(IReadOnlyList<int[]> inputs) =>
        Shapes.LongCount(inputs[0]) == Shapes.LongCount(Shape)
            ? ShapeResult.Of(Shape)
            : ShapeResult.Fail(Messages.ReshapeSize(Shapes.Text(inputs[0]), Shapes.LongCount(inputs[0]), Shapes.Text(Shape), Shapes.LongCount(Shape)));

    public override Tensor Forward(ReadOnlySpan<Tensor> inputs) => new(Shape, (double[])inputs[0].Data.Clone());

    public override void Backward(Tensor dout, ReadOnlySpan<Tensor> inputs, Tensor output, Span<Tensor> grads) =>
        grads[0] = new Tensor(inputs[0].Shape, (double[])dout.Data.Clone());
}
