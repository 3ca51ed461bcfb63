using Backprop.Lang.Tensors;

namespace Backprop.Lang.Layers;

/// <summary>
/// <c>one_hot(t, 10)</c>: each class index of t as a row of zeros with a 1 at the index (an index that is not an
/// integer in [0, K) gives a row of NaN). Labels are not numbers to move, so nothing flows back to t.
/// </summary>
public sealed class OneHotLayer(int classes) : TensorLayer
{
    public int Classes { get; } = classes;
    public override string Name => "OneHotLayer";
    public override string Symbol => "one_hot";
    public override int Arity => 1;
    public override string Rule => "dt = 0 (labels are constant)";

    public override ShapeResult OutputShape(IReadOnlyList<int[]> inputs) => ShapeResult.Of([.. inputs[0], Classes]);

    public override Tensor Forward(ReadOnlySpan<Tensor> inputs)
    {
        var t = inputs[0];
        var data = new double[t.Count * Classes];
        for (int i = 0; i < t.Count; i++)
        {
            int c = Rows.ClassIndex(t.Data[i], Classes);
            if (c >= 0) data[i * Classes + c] = 1;
            else data.AsSpan(i * Classes, Classes).Fill(double.NaN);
        }
        return new Tensor([.. t.Shape, Classes], data);
    }

    public override void Backward(Tensor dout, ReadOnlySpan<Tensor> inputs, Tensor output, Span<Tensor> grads) =>
        grads[0] = Tensor.Zeros(inputs[0].Shape);
}
