using Backprop.Lang.Diagnostics;
using Backprop.Lang.Tensors;

namespace Backprop.Lang.Layers;

/// <summary>
/// The book's Softmax-with-Loss layer (ch. 5.6.3), <c>softmax_with_loss(X, t)</c>: the mean over the batch of the
/// cross-entropy between softmax(X) and the labels t, one number. t is one-hot (X's shape) or class indices (one
/// axis fewer: N indices for an N×K X, one for a vector X). The loss is computed from log-softmax, exactly, so its
/// backward is exactly the book's (y − t)/N: no 1e-7 inside the log that the backward would ignore.
/// A class index that is not an integer in [0, K) makes the loss NaN.
/// </summary>
public sealed class SoftmaxWithLossLayer : TensorLayer
{
    public static readonly SoftmaxWithLossLayer Instance = new();
    public override string Name => "SoftmaxWithLossLayer";
    public override string Symbol => "softmax_with_loss";
    public override int Arity => 2;
    public override string Rule => "dX = dout*(softmax(X) - t)/N, dt = -dout*log(softmax(X))/N";

    public override string InputRule(int input) => Rule.Split(", ")[input];

    public override ShapeResult OutputShape(IReadOnlyList<int[]> inputs) => Labels.Check(inputs[0], inputs[1], Symbol);

    public override Tensor Forward(ReadOnlySpan<Tensor> inputs)
    {
        var (x, t) = (inputs[0], inputs[1]);
        var (n, k) = x.Matrix;
        var logY = new double[k];
        double loss = 0;
        bool indices = t.Count != x.Count;
        for (int r = 0; r < n; r++)
        {
            Rows.LogSoftmax(x.Data.AsSpan(r * k, k), logY);
            if (indices)
            {
                int c = Rows.ClassIndex(t.Data[r], k);
                loss -= c < 0 ? double.NaN : logY[c];
                continue;
            }
            for (int j = 0; j < k; j++)
            {
                double tj = t.Data[r * k + j];
                if (tj != 0) loss -= tj * logY[j];
            }
        }
        return Tensor.Scalar(loss / n);
    }

    public override void Backward(Tensor dout, ReadOnlySpan<Tensor> inputs, Tensor output, Span<Tensor> grads)
    {
        var (x, t) = (inputs[0], inputs[1]);
        var (n, k) = x.Matrix;
        double scale = dout.Data[0] / n;
        var dx = new double[x.Count];
        var dt = new double[t.Count];
        bool indices = t.Count != x.Count;
        for (int r = 0; r < n; r++)
        {
            var row = dx.AsSpan(r * k, k);
            var scores = x.Data.AsSpan(r * k, k);
            // One pass of exponentials gives both y = softmax(x) and, for one-hot labels, log y = (x − max) − log Σ.
            double max = double.NegativeInfinity;
            foreach (double v in scores) max = v > max || double.IsNaN(v) ? v : max;
            double sum = 0;
            for (int j = 0; j < k; j++)
            {
                row[j] = Math.Exp(scores[j] - max);
                sum += row[j];
            }
            double logSum = Math.Log(sum);
            for (int j = 0; j < k; j++) row[j] /= sum;
            if (indices)
            {
                int c = Rows.ClassIndex(t.Data[r], k);
                if (c >= 0) row[c] -= 1;
                else row.Fill(double.NaN);
            }
            else
            {
                for (int j = 0; j < k; j++)
                {
                    row[j] -= t.Data[r * k + j];
                    dt[r * k + j] = -scale * (scores[j] - max - logSum);
                }
            }
            for (int j = 0; j < k; j++) row[j] *= scale;
        }
        grads[0] = new Tensor(x.Shape, dx);
        // Class indices are labels, not numbers to move: their gradient is 0.
        grads[1] = new Tensor(t.Shape, dt);
    }
}

/// <summary>The label forms the loss layers take: one-hot (the scores' shape) or class indices (one axis fewer).</summary>
internal static class Labels
{
    public static ShapeResult Check(int[] x, int[] t, string layer)
    {
        if (x.Length is < 1 or > 2)
        {
            return ShapeResult.Fail(Messages.LossScores(layer, Shapes.Text(x)));
        }
        if (Shapes.Equal(x, t) || Shapes.Equal(x[..^1], t))
        {
            return ShapeResult.Of(Shapes.Scalar);
        }
        return ShapeResult.Fail(Messages.LossLabels(layer, Shapes.Text(x), Shapes.Text(t), Shapes.Text(x[..^1])));
    }
}
