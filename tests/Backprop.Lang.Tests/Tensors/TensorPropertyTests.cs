using System.Globalization;
using Backprop.Lang.Evaluation;
using Backprop.Lang.Tensors;
using CsCheck;

namespace Backprop.Lang.Tests.Tensors;

/// <summary>Properties over random shapes and values: the matrix product's gradients, and broadcasting's sums.</summary>
public class TensorPropertyTests
{
    private static string Literal(int[] shape, double[] data)
    {
        string N(double d) => d.ToString("R", CultureInfo.InvariantCulture);
        if (shape.Length == 1) return "[" + string.Join(", ", data.Select(N)) + "]";
        int columns = shape[1];
        return "[" + string.Join(", ", Enumerable.Range(0, shape[0]).Select(r => "[" + string.Join(", ", data.Skip(r * columns).Take(columns).Select(N)) + "]")) + "]";
    }

    private static readonly Gen<double[]> Values = Gen.Double[-2, 2].Array[1, 1];

    private static Gen<double[]> Data(int count) => Gen.Double[-2, 2].Array[count];

    [Fact]
    public void MatMul_Gradients_AreDoutTimesTheOtherTransposed()
    {
        var cases = Gen.Int[1, 5].Select(Gen.Int[1, 5], Gen.Int[1, 5]).SelectMany((m, k, n) =>
            Gen.Select(Data(m * k), Data(k * n), Data(m * n), (a, b, g) => (m, k, n, a, b, g)));
        cases.Sample(c =>
        {
            var session = new Session();
            session.Run($"A = {Literal([c.m, c.k], c.a)}\nB = {Literal([c.k, c.n], c.b)}\nG = {Literal([c.m, c.n], c.g)}");
            var outcome = session.Gradient("sum((A @ B) * G)");
            Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors.Select(e => e.Message)));
            var dA = outcome.Variables.Single(v => v.Name == "A").TensorGradient!;
            var dB = outcome.Variables.Single(v => v.Name == "B").TensorGradient!;
            for (int i = 0; i < c.m; i++)
            for (int p = 0; p < c.k; p++)
            {
                double expected = 0;
                for (int j = 0; j < c.n; j++) expected += c.g[i * c.n + j] * c.b[p * c.n + j];
                Assert.Equal(expected, dA.Data[i * c.k + p], 10);
            }
            for (int p = 0; p < c.k; p++)
            for (int j = 0; j < c.n; j++)
            {
                double expected = 0;
                for (int i = 0; i < c.m; i++) expected += c.a[i * c.k + p] * c.g[i * c.n + j];
                Assert.Equal(expected, dB.Data[p * c.n + j], 10);
            }
        }, iter: 60);
    }

    [Fact]
    public void Broadcasting_SendsEachElementTheSumOverItsCopies()
    {
        // A 2-D shape and a smaller one that broadcasts to it: a row, a column, a vector, or a number.
        var cases = Gen.Int[1, 5].Select(Gen.Int[1, 5], Gen.Int[0, 3]).SelectMany((rows, columns, form) =>
        {
            int[] small = form switch { 0 => [1, columns], 1 => [rows, 1], 2 => [columns], _ => [] };
            return Gen.Select(Data(rows * columns), Data(Math.Max(1, Shapes.Count(small))), (g, b) => (rows, columns, form, small, g, b));
        });
        cases.Sample(c =>
        {
            var session = new Session();
            string small = c.small.Length == 0 ? c.b[0].ToString("R", CultureInfo.InvariantCulture) : Literal(c.small.Length == 2 ? c.small : [c.small[0]], c.b);
            session.Run($"G = {Literal([c.rows, c.columns], c.g)}\nb = {small}");
            var outcome = session.Gradient("sum((zeros(" + c.rows + ", " + c.columns + ") + b) * G)");
            Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors.Select(e => e.Message)));
            var variable = outcome.Variables.Single(v => v.Name == "b");
            var gradient = variable.TensorGradient?.Data ?? [variable.Gradient];
            // Element (r, c) of the sum came from b's element at (r or 0, c or 0), lined up at the last axis.
            var expected = new double[gradient.Length];
            for (int r = 0; r < c.rows; r++)
            for (int col = 0; col < c.columns; col++)
            {
                int at = c.form switch { 0 => col, 1 => r, 2 => col, _ => 0 };
                expected[at] += c.g[r * c.columns + col];
            }
            for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], gradient[i], 10);
        }, iter: 80);
    }
}
