using System.Numerics;

namespace Backprop.Lang.Tensors;

/// <summary>
/// The matrix product, ours: C = op(A)·op(B) over row-major spans, where op transposes when asked (the Affine and
/// MatMul layers' backward needs Aᵀ·B and A·Bᵀ without copying). Managed code only, so it runs in the browser too.
/// </summary>
public static class MatrixProduct
{
    /// <summary>
    /// Writes op(A)·op(B) into <paramref name="c"/> (m×n, overwritten). op(A) is m×k: A itself (m×k) or, with
    /// <paramref name="transposeA"/>, the transpose of a k×m A. op(B) is k×n: B (k×n) or the transpose of an n×k B.
    /// </summary>
    public static void Multiply(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int m, int k, int n,
        bool transposeA = false, bool transposeB = false)
    {
        if (a.Length < m * k || b.Length < k * n || c.Length < m * n)
        {
            throw new ArgumentException("The spans are smaller than the shapes say.");
        }
        c[..(m * n)].Clear();
        if (transposeB)
        {
            // Each C[i, j] is a dot product of two contiguous rows.
            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    double sum = 0;
                    var bj = b.Slice(j * k, k);
                    if (!transposeA)
                    {
                        sum = Dot(a.Slice(i * k, k), bj);
                    }
                    else
                    {
                        for (int p = 0; p < k; p++) sum += a[p * m + i] * bj[p];
                    }
                    c[i * n + j] = sum;
                }
            }
            return;
        }
        // C[i, :] += A[i, p] · B[p, :], a row of B at a time: contiguous, vectorised.
        for (int i = 0; i < m; i++)
        {
            var ci = c.Slice(i * n, n);
            for (int p = 0; p < k; p++)
            {
                double aip = transposeA ? a[p * m + i] : a[i * k + p];
                if (aip == 0) continue;
                AddScaled(ci, b.Slice(p * n, n), aip);
            }
        }
    }

    private static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        double sum = 0;
        int i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<double>.Count)
        {
            var acc = Vector<double>.Zero;
            for (; i <= x.Length - Vector<double>.Count; i += Vector<double>.Count)
            {
                acc += new Vector<double>(x[i..]) * new Vector<double>(y[i..]);
            }
            sum = Vector.Sum(acc);
        }
        for (; i < x.Length; i++) sum += x[i] * y[i];
        return sum;
    }

    private static void AddScaled(Span<double> target, ReadOnlySpan<double> row, double factor)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && row.Length >= Vector<double>.Count)
        {
            var f = new Vector<double>(factor);
            for (; i <= row.Length - Vector<double>.Count; i += Vector<double>.Count)
            {
                (new Vector<double>(target[i..]) + f * new Vector<double>(row[i..])).CopyTo(target[i..]);
            }
        }
        for (; i < row.Length; i++) target[i] += factor * row[i];
    }
}
