using Backprop.Lang.Tensors;

namespace Backprop.Lang.Layers;

/// <summary><c>transpose(X)</c> or <c>X.T</c>: the axes reversed. Its backward transposes the gradient back.</summary>
public sealed class TransposeLayer : TensorLayer
{
    public static readonly TransposeLayer Instance = new();
    public override string Name => "TransposeLayer";
    public override string Symbol => "transpose";
    public override int Arity => 1;
    public override string Rule => "dx = transpose(dout)";

    public override ShapeResult OutputShape(IReadOnlyList<int[]> inputs) => ShapeResult.Of([.. inputs[0].Reverse()]);

    public override Tensor Forward(ReadOnlySpan<Tensor> inputs) => TensorMath.Transpose(inputs[0]);

    public override void Backward(Tensor dout, ReadOnlySpan<Tensor> inputs, Tensor output, Span<Tensor> grads) =>
        grads[0] = TensorMath.Transpose(dout);
}
