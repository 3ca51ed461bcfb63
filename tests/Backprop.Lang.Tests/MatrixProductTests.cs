using System.Globalization;
using Backprop.Lang.Tensors;
using CsCheck;

namespace Backprop.Lang.Tests;

/// <summary>
/// The blocked matrix product against the textbook triple loop, for every transpose and for shapes that end inside a
/// register tile, a vector, a depth block, a row block and a column block. The two sum in different orders (and the
/// fast one with fused multiply-adds), so they agree to rounding: within 1e-12 of Σ|a·b|, the bound that rounding
/// error obeys whatever the order, rather than of |C|, which cancellation can make as small as it likes.
/// With DOTNET_EnableHWIntrinsic=0 the same tests run over the scalar tile that a browser without SIMD would use.
/// </summary>
public class MatrixProductTests
{
    private const double Tolerance = 1e-12;

    // m, k, n: one element; fewer than a vector, a tile; one past them; the book's and the spiral net's shapes; past a
    // depth block (256), a row block (120) and a column block (1024).
    public static TheoryData<int, int, int, bool, bool> Shapes()
    {
        int[][] sizes =
        [
            [1, 1, 1], [1, 1, 7], [7, 1, 1], [1, 9, 1], [2, 3, 4], [3, 5, 7], [5, 4, 3], [6, 8, 8], [7, 9, 17],
            [13, 17, 19], [4, 1, 9], [31, 33, 15], [30, 2, 10], [30, 10, 3], [2, 30, 10], [10, 30, 3], [300, 3, 10],
            [100, 50, 10], [50, 100, 10], [100, 784, 50], [100, 50, 784], [784, 100, 50],
            [9, 257, 11], [5, 513, 3], [121, 3, 9], [250, 20, 17], [3, 4, 1030], [2, 2, 2049],
        ];
        var data = new TheoryData<int, int, int, bool, bool>();
        foreach (var s in sizes)
        {
            foreach (bool transposeA in new[] { false, true })
            {
                foreach (bool transposeB in new[] { false, true })
                {
                    data.Add(s[0], s[1], s[2], transposeA, transposeB);
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Multiply_AgreesWithTheTripleLoop(int m, int k, int n, bool transposeA, bool transposeB)
    {
        var random = new Random(m * 1_000_003 + k * 1009 + n * 7 + (transposeA ? 2 : 0) + (transposeB ? 1 : 0));
        var a = RandomMatrix(random, m * k);
        var b = RandomMatrix(random, k * n);
        var c = new double[m * n];

        MatrixProduct.Multiply(a, b, c, m, k, n, transposeA, transposeB);

        AssertAgreesWithTripleLoop(a, b, c, m, k, n, transposeA, transposeB);
    }

    [Fact]
    public void Multiply_RandomShapes_AgreeWithTheTripleLoop() =>
        Gen.Select(Gen.Int[1, 40], Gen.Int[1, 40], Gen.Int[1, 40], Gen.Bool, Gen.Bool, Gen.Int)
            .Sample((m, k, n, transposeA, transposeB, seed) =>
            {
                var random = new Random(seed);
                var a = RandomMatrix(random, m * k);
                var b = RandomMatrix(random, k * n);
                var c = new double[m * n];
                MatrixProduct.Multiply(a, b, c, m, k, n, transposeA, transposeB);
                AssertAgreesWithTripleLoop(a, b, c, m, k, n, transposeA, transposeB);
            }, iter: 300);

    [Fact]
    public void Multiply_OverwritesTheProduct_AndLeavesTheRestOfTheSpan()
    {
        double[] a = [1, 2, 3, 4, 5, 6];
        double[] b = [7, 8, 9, 10, 11, 12];
        var c = new double[5];
        Array.Fill(c, double.NaN);
        c[4] = 99;

        MatrixProduct.Multiply(a, b, c, 2, 3, 2);

        Assert.Equal([58, 64, 139, 154, 99], c);
    }

    [Fact]
    public void Multiply_ZeroTimesInfinity_IsNaN_AsInNumpy()
    {
        double[] a = [0, 1];
        double[] b = [double.PositiveInfinity, 2];
        var c = new double[1];

        MatrixProduct.Multiply(a, b, c, 1, 2, 1);

        Assert.True(double.IsNaN(c[0]));
    }

    [Fact]
    public void Multiply_EmptySharedAxis_GivesZeros()
    {
        double[] c = [5, 5, 5, 5, 5, 5];

        MatrixProduct.Multiply([], [], c, 2, 0, 3);

        Assert.All(c, x => Assert.Equal(0, x));
    }

    [Fact]
    public void Multiply_IsTheSameEveryTime()
    {
        // Packing buffers come from a shared pool: whatever a previous product left in them must not leak into the next.
        var random = new Random(5);
        var big = RandomMatrix(random, 100 * 784);
        var w = RandomMatrix(random, 784 * 50);
        MatrixProduct.Multiply(big, w, new double[100 * 50], 100, 784, 50);
        var a = RandomMatrix(random, 7 * 5);
        var b = RandomMatrix(random, 5 * 3);
        var first = new double[21];
        var second = new double[21];

        MatrixProduct.Multiply(a, b, first, 7, 5, 3);
        MatrixProduct.Multiply(big, w, new double[100 * 50], 100, 784, 50);
        MatrixProduct.Multiply(a, b, second, 7, 5, 3);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Multiply_SpansShorterThanTheShapes_Throws()
    {
        Assert.Throws<ArgumentException>(() => MatrixProduct.Multiply(new double[5], new double[6], new double[4], 2, 3, 2));
        Assert.Throws<ArgumentException>(() => MatrixProduct.Multiply(new double[6], new double[6], new double[3], 2, 3, 2));
    }

    private static double[] RandomMatrix(Random random, int count)
    {
        var data = new double[count];
        for (int i = 0; i < count; i++) data[i] = random.NextDouble() * 2 - 1;
        return data;
    }

    private static void AssertAgreesWithTripleLoop(double[] a, double[] b, double[] c, int m, int k, int n,
        bool transposeA, bool transposeB)
    {
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0, magnitude = 0;
                for (int p = 0; p < k; p++)
                {
                    double term = (transposeA ? a[p * m + i] : a[i * k + p]) * (transposeB ? b[j * k + p] : b[p * n + j]);
                    sum += term;
                    magnitude += Math.Abs(term);
                }
                double actual = c[i * n + j];
                Assert.True(Math.Abs(actual - sum) <= Tolerance * magnitude, string.Create(CultureInfo.InvariantCulture,
                    $"C[{i}, {j}] of {m}×{k}·{k}×{n} (transposeA {transposeA}, transposeB {transposeB}): expected {sum:R}, got {actual:R}"));
            }
        }
    }
}
