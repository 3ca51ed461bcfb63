using System.Text;

namespace Backprop.Lang.Tensors;

/// <summary>Shapes as numpy has them: their size, their text (<c>2×3</c>), and broadcasting.</summary>
public static class Shapes
{
    public static readonly int[] Scalar = [];

    /// <summary>The most elements one tensor may have (and one line may make in tensors): 50 million doubles, 400 MB.</summary>
    public const long MaxElements = 50_000_000;

    /// <summary>The most axes a tensor may have.</summary>
    public const int MaxRank = 32;

    public static int Count(ReadOnlySpan<int> shape)
    {
        long count = 1;
        foreach (int n in shape)
        {
            count *= n;
            if (count > int.MaxValue) return int.MaxValue;
        }
        return (int)count;
    }

    /// <summary>The number of elements, without overflowing, to compare against <see cref="MaxElements"/>.</summary>
    public static long LongCount(ReadOnlySpan<int> shape)
    {
        long count = 1;
        foreach (int n in shape)
        {
            count = n == 0 ? 0 : count > long.MaxValue / n ? long.MaxValue : count * n;
        }
        return count;
    }

    /// <summary><c>2×3</c>; a vector of 3 is <c>3</c>, a number <c>scalar</c>.</summary>
    public static string Text(ReadOnlySpan<int> shape)
    {
        if (shape.Length == 0) return "scalar";
        var text = new StringBuilder();
        for (int i = 0; i < shape.Length; i++)
        {
            if (i > 0) text.Append('×');
            text.Append(shape[i]);
        }
        return text.ToString();
    }

    public static bool Equal(ReadOnlySpan<int> a, ReadOnlySpan<int> b) => a.SequenceEqual(b);

    /// <summary>
    /// numpy's broadcasting: the shapes lined up at their last axes, each pair of sizes equal or one of them 1, the
    /// result taking the larger. False when some pair differs and neither is 1.
    /// </summary>
    public static bool TryBroadcast(ReadOnlySpan<int> a, ReadOnlySpan<int> b, out int[] result)
    {
        int rank = Math.Max(a.Length, b.Length);
        result = new int[rank];
        for (int i = 1; i <= rank; i++)
        {
            int da = i <= a.Length ? a[^i] : 1;
            int db = i <= b.Length ? b[^i] : 1;
            if (da != db && da != 1 && db != 1)
            {
                result = Scalar;
                return false;
            }
            result[^i] = da == 1 ? db : da;
        }
        return true;
    }

    /// <summary>The strides of a row-major tensor of <paramref name="shape"/>.</summary>
    public static int[] Strides(ReadOnlySpan<int> shape)
    {
        var strides = new int[shape.Length];
        int stride = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = stride;
            stride *= shape[i];
        }
        return strides;
    }
}
