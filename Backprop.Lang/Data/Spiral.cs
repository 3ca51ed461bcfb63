using Backprop.Lang.Tensors;

namespace Backprop.Lang.Data;

/// <summary>
/// DeZero's spiral data set (<c>dezero/datasets.py</c>, <c>get_spiral</c>), drawn from our own generator: for class j
/// of 3 and point i of 100, rate = i/100, θ = 4j + 4·rate + 0.2·randn, the point (rate·sin θ, rate·cos θ); the rows
/// are then shuffled. One 300×3 matrix of rows [x, y, class]. With the same seed it is the same on every machine; it
/// is not numpy's (another generator), so the points differ from DeZero's in detail, not in shape.
/// </summary>
public static class Spiral
{
    public const int Classes = 3;
    public const int PointsPerClass = 100;
    public const ulong DefaultSeed = 1984;

    public static Tensor Generate(ulong seed = DefaultSeed)
    {
        var random = new Generator(seed);
        int rows = Classes * PointsPerClass;
        var points = new double[rows * 3];
        for (int j = 0; j < Classes; j++)
        {
            for (int i = 0; i < PointsPerClass; i++)
            {
                double rate = (double)i / PointsPerClass;
                double theta = j * 4.0 + 4.0 * rate + random.NextNormal() * 0.2;
                int row = j * PointsPerClass + i;
                points[row * 3] = rate * Math.Sin(theta);
                points[row * 3 + 1] = rate * Math.Cos(theta);
                points[row * 3 + 2] = j;
            }
        }
        var order = Enumerable.Range(0, rows).ToArray();
        Shuffle(order, random);
        var shuffled = new double[points.Length];
        for (int r = 0; r < rows; r++) points.AsSpan(order[r] * 3, 3).CopyTo(shuffled.AsSpan(r * 3, 3));
        return new Tensor([rows, 3], shuffled);
    }

    /// <summary>Fisher–Yates: every order equally likely, from <paramref name="random"/>.</summary>
    public static void Shuffle(int[] order, Generator random)
    {
        for (int i = order.Length - 1; i > 0; i--)
        {
            int k = random.NextInt(i + 1);
            (order[i], order[k]) = (order[k], order[i]);
        }
    }
}
