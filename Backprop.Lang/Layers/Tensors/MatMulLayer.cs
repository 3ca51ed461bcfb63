using Backprop.Lang.Diagnostics;
using Backprop.Lang.Tensors;

namespace Backprop.Lang.Layers;

/// <summary>
/// <c>A @ B</c>, numpy's <c>matmul</c> for vectors and matrices: vector·vector is a number, matrix·vector a vector,
/// vector·matrix a vector, matrix·matrix a matrix. Backward is the matrix form of MulLayer's rule: each input gets
/// dout times the other, transposed so the shapes fit (dA = dout·Bᵀ, dB = Aᵀ·dout), which is why dA has A's shape.
/// </summary>
public sealed class MatMulLayer : TensorLayer
{
    public static readonly MatMulLayer Instance = new();
    public override string Name => "MatMulLayer";
    public override string Symbol => "@";
    public override int Arity => 2;
    public override string Rule => "dA = dout @ transpose(B), dB = transpose(A) @ dout";

    public override ShapeResult OutputShape(IReadOnlyList<int[]> inputs)
    {
        var (a, b) = (inputs[0], inputs[1]);
        if (a.Length is < 1 or > 2 || b.Length is < 1 or > 2)
        {
            return ShapeResult.Fail(Messages.MatMulRank(Shapes.Text(a), Shapes.Text(b)));
        }
        int inner = a[^1], other = b.Length == 1 ? b[0] : b[0];
        if (inner != other)
        {
            return ShapeResult.Fail(Messages.MatMulMismatch(Shapes.Text(a), Shapes.Text(b)));
        }
        int[] shape = (a.Length, b.Length) switch
        {
            (1, 1) => [],
            (2, 1) => [a[0]],
            (1, 2) => [b[1]],
            _ => [a[0], b[1]],
        };
        return ShapeResult.Of(shape);
    }

    public override string Describe(IReadOnlyList<string> inputs, string output) => $"{inputs[0]} @ {inputs[1]} → {output}";

    // Both operands as matrices: a vector on the left is one row, on the right one column.
    private static (int M, int K, int N) Sizes(Tensor a, Tensor b) =>
        (a.Rank == 1 ? 1 : a.Shape[0], a.Shape[^1], b.Rank == 1 ? 1 : b.Shape[1]);

    public override Tensor Forward(ReadOnlySpan<Tensor> inputs)
    {
        var (a, b) = (inputs[0], inputs[1]);
        var (m, k, n) = Sizes(a, b);
        var c = new double[m * n];
        MatrixProduct.Multiply(a.Data, b.Data, c, m, k, n);
        return new Tensor(OutputShape([a.Shape, b.Shape]).Shape!, c);
    }

    public override void Backward(Tensor dout, ReadOnlySpan<Tensor> inputs, Tensor output, Span<Tensor> grads) =>
        Backward(dout, inputs, output, grads, [true, true]);

    public override void Backward(Tensor dout, ReadOnlySpan<Tensor> inputs, Tensor output, Span<Tensor> grads, ReadOnlySpan<bool> wanted)
    {
        var (a, b) = (inputs[0], inputs[1]);
        var (m, k, n) = Sizes(a, b);
        // dout is m×n whatever its own rank; dA = dout·Bᵀ (m×k), dB = Aᵀ·dout (k×n).
        if (wanted[0])
        {
            var da = new double[m * k];
            MatrixProduct.Multiply(dout.Data, b.Data, da, m, n, k, transposeB: true);
            grads[0] = new Tensor(a.Shape, da);
        }
        if (wanted[1])
        {
            var db = new double[k * n];
            MatrixProduct.Multiply(a.Data, dout.Data, db, k, m, n, transposeA: true);
            grads[1] = new Tensor(b.Shape, db);
        }
    }
}
