using Backprop.Lang.Tensors;

namespace Backprop.Lang.Layers;

/// <summary>
/// <c>argmax(X)</c>, <c>argmax(X, axis=1)</c>: where the largest element is (the first of equal ones), as a number:
/// over every element (row-major index), or along one axis (numpy's argmax). A NaN counts as the largest, as in
/// numpy. An index does not change when X moves a little, so nothing flows back.
/// </summary>
public sealed class ArgmaxLayer(int? axis) : TensorLayer
{
    public int? Axis { get; } = axis;
    public override string Name => "ArgmaxLayer";
    public override string Symbol => "argmax";
    public override int Arity => 1;
    public override string Rule => "dX = 0 (an index is piecewise constant)";

    public override ShapeResult OutputShape(IReadOnlyList<int[]> inputs) =>
        ShapeResult.Of(Axis is { } axis ? TensorMath.Without(inputs[0], axis) : Shapes.Scalar);

    public override Tensor Forward(ReadOnlySpan<Tensor> inputs)
    {
        var x = inputs[0];
        if (Axis is not { } axis)
        {
            return Tensor.Scalar(x.Count == 0 ? double.NaN : ArgmaxOf(x.Data, 0, x.Count, 1));
        }
        var (outer, size, inner) = TensorMath.AroundAxis(x.Shape, axis);
        var data = new double[outer * inner];
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                data[o * inner + i] = ArgmaxOf(x.Data, o * size * inner + i, size, inner);
            }
        }
        return new Tensor(TensorMath.Without(x.Shape, axis), data);
    }

    /// <summary>The position of the largest of <paramref name="count"/> elements <paramref name="stride"/> apart.</summary>
    internal static int ArgmaxOf(double[] data, int start, int count, int stride)
    {
        int best = 0;
        double max = data[start];
        for (int k = 1; k < count && !double.IsNaN(max); k++)
        {
            double v = data[start + k * stride];
            if (v > max || double.IsNaN(v))
            {
                (best, max) = (k, v);
            }
        }
        return best;
    }

    public override void Backward(Tensor dout, ReadOnlySpan<Tensor> inputs, Tensor output, Span<Tensor> grads) =>
        grads[0] = Tensor.Zeros(inputs[0].Shape);
}

/// <summary>
/// <c>accuracy(y, t)</c>: the fraction of rows of scores y whose largest score is at the row's label, t given as class
/// indices (one per row) or one-hot rows (the book's <c>TwoLayerNet.accuracy</c>). A vector of scores is one row.
/// It counts, so it has no slope: nothing flows back.
/// </summary>
public sealed class AccuracyLayer : TensorLayer
{
    public static readonly AccuracyLayer Instance = new();
    public override string Name => "AccuracyLayer";
    public override string Symbol => "accuracy";
    public override int Arity => 2;
    public override string Rule => "dy = 0, dt = 0 (a count is piecewise constant)";

    public override ShapeResult OutputShape(IReadOnlyList<int[]> inputs)
    {
        var (y, t) = (inputs[0], inputs[1]);
        if (y.Length is not (1 or 2))
        {
            return ShapeResult.Fail($"accuracy needs scores as a vector or a matrix (a row per example), not {Shapes.Text(y)}");
        }
        int rows = y.Length == 1 ? 1 : y[0];
        bool indices = Shapes.Count(t) == rows && t.Length <= 1;
        bool oneHot = Shapes.Equal(t, y);
        return indices || oneHot
            ? ShapeResult.Of(Shapes.Scalar)
            : ShapeResult.Fail($"accuracy needs labels t as {rows} class {(rows == 1 ? "index" : "indices")} or one-hot rows of {Shapes.Text(y)}, but t is {Shapes.Text(t)}");
    }

    public override Tensor Forward(ReadOnlySpan<Tensor> inputs)
    {
        var (y, t) = (inputs[0], inputs[1]);
        int classes = y.Shape[^1];
        int rows = y.Count / classes;
        bool oneHot = Shapes.Equal(t.Shape, y.Shape) && !(rows == 1 && t.Count == 1);
        int right = 0;
        for (int r = 0; r < rows; r++)
        {
            int predicted = ArgmaxLayer.ArgmaxOf(y.Data, r * classes, classes, 1);
            int label = oneHot ? ArgmaxLayer.ArgmaxOf(t.Data, r * classes, classes, 1) : Rows.ClassIndex(t.Data[r], classes);
            if (predicted == label) right++;
        }
        return Tensor.Scalar(rows == 0 ? double.NaN : (double)right / rows);
    }

    public override void Backward(Tensor dout, ReadOnlySpan<Tensor> inputs, Tensor output, Span<Tensor> grads)
    {
        grads[0] = Tensor.Zeros(inputs[0].Shape);
        grads[1] = Tensor.Zeros(inputs[1].Shape);
    }
}
