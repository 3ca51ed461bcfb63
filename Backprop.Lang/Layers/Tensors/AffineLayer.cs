using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Backprop.Lang.Diagnostics;
using Backprop.Lang.Tensors;

namespace Backprop.Lang.Layers;

/// <summary>
/// The book's Affine layer (ch. 5.6), <c>affine(X, W, b) = X·W + b</c>, one layer of three inputs: X is N×D (a batch of
/// N rows) or one row of D, W is D×M, b has M. Its backward is the book's three lines; db sums dY over the batch
/// because b was added to every row.
/// </summary>
public sealed class AffineLayer : TensorLayer
{
    public static readonly AffineLayer Instance = new();
    public override string Name => "AffineLayer";
    public override string Symbol => "affine";
    public override int Arity => 3;
    public override string Rule => "dX = dout @ transpose(W), dW = transpose(X) @ dout, db = sum(dout, axis=0)";

    public override string InputRule(int input) => Rule.Split(", ")[input];

    public override ShapeResult OutputShape(IReadOnlyList<int[]> inputs)
    {
        var (x, w, b) = (inputs[0], inputs[1], inputs[2]);
        if (x.Length is < 1 or > 2 || w.Length != 2 || x[^1] != w[0])
        {
            return ShapeResult.Fail(Messages.AffineMismatch(Shapes.Text(x), Shapes.Text(w), Shapes.Text(b)));
        }
        if (!(b.Length == 1 && b[0] == w[1]) && !(b.Length == 2 && b[0] == 1 && b[1] == w[1]))
        {
            return ShapeResult.Fail(Messages.AffineBias(Shapes.Text(w), Shapes.Text(b), w[1]));
        }
        return ShapeResult.Of(x.Length == 1 ? [w[1]] : [x[0], w[1]]);
    }

    public override string Describe(IReadOnlyList<string> inputs, string output) =>
        $"{inputs[0]} @ {inputs[1]} + {inputs[2]} → {output}";

    public override Tensor Forward(ReadOnlySpan<Tensor> inputs)
    {
        var (x, w, b) = (inputs[0], inputs[1], inputs[2]);
        int n = x.Rank == 1 ? 1 : x.Shape[0], d = w.Shape[0], m = w.Shape[1];
        var y = new double[n * m];
        MatrixProduct.Multiply(x.Data, w.Data, y, n, d, m);
        for (int row = 0; row < n; row++)
        {
            TensorPrimitives.Add(y.AsSpan(row * m, m), b.Data, y.AsSpan(row * m, m));
        }
        return new Tensor(x.Rank == 1 ? [m] : [n, m], y);
    }

    public override void Backward(Tensor dout, ReadOnlySpan<Tensor> inputs, Tensor output, Span<Tensor> grads) =>
        Backward(dout, inputs, output, grads, [true, true, true]);

    public override void Backward(Tensor dout, ReadOnlySpan<Tensor> inputs, Tensor output, Span<Tensor> grads, ReadOnlySpan<bool> wanted)
    {
        var (x, w, b) = (inputs[0], inputs[1], inputs[2]);
        int n = x.Rank == 1 ? 1 : x.Shape[0], d = w.Shape[0], m = w.Shape[1];
        if (wanted[0])
        {
            var dx = new double[n * d];
            MatrixProduct.Multiply(dout.Data, w.Data, dx, n, m, d, transposeB: true);
            grads[0] = new Tensor(x.Shape, dx);
        }
        if (wanted[1])
        {
            var dw = new double[d * m];
            MatrixProduct.Multiply(x.Data, dout.Data, dw, d, n, m, transposeA: true);
            grads[1] = new Tensor(w.Shape, dw);
        }
        if (wanted[2])
        {
            var db = new double[m];
            for (int row = 0; row < n; row++)
            {
                TensorPrimitives.Add(db, dout.Data.AsSpan(row * m, m), db);
            }
            grads[2] = new Tensor(b.Shape, db);
        }
    }
}
