using Backprop.Lang.Tensors;

namespace Backprop.Lang.Layers;

/// <summary>
/// <c>softmax(X)</c> over the last axis: each row's exponentials divided by their sum, computed after subtracting the
/// row's largest element (so <c>[1000, 1000, 999]</c> gives numbers, not NaN). Backward: dx = y·(dout − Σ dout·y).
/// </summary>
public sealed class SoftmaxLayer : TensorLayer
{
    public static readonly SoftmaxLayer Instance = new();
    public override string Name => "SoftmaxLayer";
    public override string Symbol => "softmax";
    public override int Arity => 1;
    public override string Rule => "dx = y*(dout - sum(dout*y, last axis))";

    public override ShapeResult OutputShape(IReadOnlyList<int[]> inputs) => ShapeResult.Of(inputs[0]);

    public override Tensor Forward(ReadOnlySpan<Tensor> inputs)
    {
        var x = inputs[0];
        var y = new double[x.Count];
        var (rows, k) = x.Matrix;
        for (int r = 0; r < rows; r++)
        {
            Rows.Softmax(x.Data.AsSpan(r * k, k), y.AsSpan(r * k, k));
        }
        return new Tensor(x.Shape, y);
    }

    public override void Backward(Tensor dout, ReadOnlySpan<Tensor> inputs, Tensor output, Span<Tensor> grads)
    {
        var y = output.Data;
        var dx = new double[y.Length];
        var (rows, k) = output.Matrix;
        for (int r = 0; r < rows; r++)
        {
            double dot = 0;
            for (int j = 0; j < k; j++) dot += dout.Data[r * k + j] * y[r * k + j];
            for (int j = 0; j < k; j++) dx[r * k + j] = y[r * k + j] * (dout.Data[r * k + j] - dot);
        }
        grads[0] = new Tensor(output.Shape, dx);
    }
}

/// <summary>Row-wise numerics the softmax layers share.</summary>
internal static class Rows
{
    /// <summary>The stable softmax of one row: exp(x − max) / Σ exp(x − max).</summary>
    public static void Softmax(ReadOnlySpan<double> x, Span<double> y)
    {
        double max = double.NegativeInfinity;
        foreach (double v in x) max = v > max || double.IsNaN(v) ? v : max;
        double sum = 0;
        for (int j = 0; j < x.Length; j++)
        {
            y[j] = Math.Exp(x[j] - max);
            sum += y[j];
        }
        for (int j = 0; j < x.Length; j++) y[j] /= sum;
    }

    /// <summary>log softmax of one row, stably: x − max − log Σ exp(x − max).</summary>
    public static void LogSoftmax(ReadOnlySpan<double> x, Span<double> y)
    {
        double max = double.NegativeInfinity;
        foreach (double v in x) max = v > max || double.IsNaN(v) ? v : max;
        double sum = 0;
        foreach (double v in x) sum += Math.Exp(v - max);
        double log = max + Math.Log(sum);
        for (int j = 0; j < x.Length; j++) y[j] = x[j] - log;
    }

    /// <summary>A class index held as a double: an integer in [0, classes), or -1 when it is not one.</summary>
    public static int ClassIndex(double t, int classes) =>
        t >= 0 && t < classes && t == Math.Floor(t) ? (int)t : -1;
}
