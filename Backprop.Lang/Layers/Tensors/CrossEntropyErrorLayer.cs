using Backprop.Lang.Tensors;

namespace Backprop.Lang.Layers;

/// <summary>
/// The book's <c>cross_entropy_error(y, t)</c> (ch. 4.2) for probabilities y: −Σ t·log(y + 1e-7) / N, with t one-hot or
/// class indices as in <see cref="SoftmaxWithLossLayer"/>. The 1e-7 keeps log(0) finite, as the book's does, and the
/// backward differentiates the same expression: dy = −dout·t/((y + 1e-7)·N).
/// </summary>
public sealed class CrossEntropyErrorLayer : TensorLayer
{
    public const double Delta = 1e-7;
    public static readonly CrossEntropyErrorLayer Instance = new();
    public override string Name => "CrossEntropyErrorLayer";
    public override string Symbol => "cross_entropy_error";
    public override int Arity => 2;
    public override string Rule => "dy = -dout*t/((y + 1e-7)*N), dt = -dout*log(y + 1e-7)/N";

    public override string InputRule(int input) => Rule.Split(", ")[input];

    public override ShapeResult OutputShape(IReadOnlyList<int[]> inputs) => Labels.Check(inputs[0], inputs[1], Symbol);

    // t as one-hot, whichever form it came in (an index that is not a class gives a NaN row).
    private static double[] OneHot(Tensor y, Tensor t)
    {
        if (t.Count == y.Count) return t.Data;
        var (n, k) = y.Matrix;
        var hot = new double[y.Count];
        for (int r = 0; r < n; r++)
        {
            int c = Rows.ClassIndex(t.Data[r], k);
            if (c >= 0) hot[r * k + c] = 1;
            else hot.AsSpan(r * k, k).Fill(double.NaN);
        }
        return hot;
    }

    public override Tensor Forward(ReadOnlySpan<Tensor> inputs)
    {
        var (y, t) = (inputs[0], inputs[1]);
        var hot = OneHot(y, t);
        double loss = 0;
        for (int i = 0; i < y.Count; i++)
        {
            if (hot[i] != 0) loss -= hot[i] * Math.Log(y.Data[i] + Delta);
        }
        return Tensor.Scalar(loss / y.Matrix.Rows);
    }

    public override void Backward(Tensor dout, ReadOnlySpan<Tensor> inputs, Tensor output, Span<Tensor> grads)
    {
        var (y, t) = (inputs[0], inputs[1]);
        var hot = OneHot(y, t);
        double scale = dout.Data[0] / y.Matrix.Rows;
        var dy = new double[y.Count];
        var dt = new double[t.Count];
        for (int i = 0; i < y.Count; i++)
        {
            dy[i] = hot[i] == 0 ? 0 : -scale * hot[i] / (y.Data[i] + Delta);
            if (t.Count == y.Count) dt[i] = -scale * Math.Log(y.Data[i] + Delta);
        }
        grads[0] = new Tensor(y.Shape, dy);
        grads[1] = new Tensor(t.Shape, dt);
    }
}
