namespace Backprop.Lang.Tensors;

/// <summary>
/// The tensor operations the layers are made of that are not one element at a time: broadcasting and its
/// reverse (DeZero's <c>sum_to</c>), transposing, and reductions along an axis.
/// </summary>
public static class TensorMath
{
    /// <summary>
    /// <paramref name="x"/> repeated to <paramref name="shape"/> (numpy's <c>broadcast_to</c>): its axes lined up at the
    /// last, each of size 1 or the target's.
    /// </summary>
    public static Tensor BroadcastTo(Tensor x, int[] shape)
    {
        var result = new double[Shapes.Count(shape)];
        if (x.Count == 1)
        {
            Array.Fill(result, x.Data[0]);
            return new Tensor(shape, result);
        }
        var sourceStrides = BroadcastStrides(x.Shape, shape);
        var index = new int[shape.Length];
        int source = 0;
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = x.Data[source];
            source = Next(index, shape, sourceStrides, source);
        }
        return new Tensor(shape, result);
    }

    /// <summary>
    /// The gradient of <see cref="BroadcastTo"/>: <paramref name="x"/> summed down to <paramref name="shape"/> over the
    /// leading axes it lacks and every axis where it has size 1 (DeZero's <c>sum_to</c>).
    /// </summary>
    public static Tensor SumTo(Tensor x, int[] shape)
    {
        var result = new double[Shapes.Count(shape)];
        if (result.Length == 1)
        {
            double sum = 0;
            foreach (double v in x.Data) sum += v;
            result[0] = sum;
            return new Tensor(shape, result);
        }
        var targetStrides = BroadcastStrides(shape, x.Shape);
        var index = new int[x.Rank];
        int target = 0;
        for (int i = 0; i < x.Count; i++)
        {
            result[target] += x.Data[i];
            target = Next(index, x.Shape, targetStrides, target);
        }
        return new Tensor(shape, result);
    }

    /// <summary>The axes reversed (numpy's <c>.T</c>): a matrix transposed; a vector stays as it is.</summary>
    public static Tensor Transpose(Tensor x)
    {
        if (x.Rank < 2) return x;
        var shape = x.Shape.Reverse().ToArray();
        var result = new double[x.Count];
        if (x.Rank == 2)
        {
            int rows = x.Shape[0], columns = x.Shape[1];
            for (int i = 0; i < rows; i++)
            {
                for (int j = 0; j < columns; j++)
                {
                    result[j * rows + i] = x.Data[i * columns + j];
                }
            }
            return new Tensor(shape, result);
        }
        // The element at index (i0, ..., ik) of x goes to (ik, ..., i0).
        var strides = Shapes.Strides(shape);
        var reversed = strides.Reverse().ToArray();
        var index = new int[x.Rank];
        int to = 0;
        for (int i = 0; i < x.Count; i++)
        {
            result[to] = x.Data[i];
            to = Next(index, x.Shape, reversed, to);
        }
        return new Tensor(shape, result);
    }

    /// <summary>The shape without axis <paramref name="axis"/>.</summary>
    public static int[] Without(int[] shape, int axis) => [.. shape[..axis], .. shape[(axis + 1)..]];

    /// <summary>
    /// Views <paramref name="shape"/> around <paramref name="axis"/> as (outer, size, inner): element (o, a, i) is at
    /// (o·size + a)·inner + i. Every reduction along an axis walks its input this way.
    /// </summary>
    public static (int Outer, int Size, int Inner) AroundAxis(int[] shape, int axis)
    {
        int outer = 1, inner = 1;
        for (int i = 0; i < axis; i++) outer *= shape[i];
        for (int i = axis + 1; i < shape.Length; i++) inner *= shape[i];
        return (outer, shape[axis], inner);
    }

    // For each axis of the target shape, how far a step along it moves in the (smaller) source: 0 where the source
    // has size 1 there or lacks the axis.
    private static int[] BroadcastStrides(int[] source, int[] target)
    {
        var strides = new int[target.Length];
        var own = Shapes.Strides(source);
        for (int i = 1; i <= target.Length; i++)
        {
            strides[^i] = i <= source.Length && source[^i] != 1 ? own[^i] : 0;
        }
        return strides;
    }

    // Steps a row-major index over shape by one and returns the offset it has in the other tensor, whose strides
    // along the same axes are given.
    private static int Next(int[] index, int[] shape, int[] strides, int offset)
    {
        for (int axis = shape.Length - 1; axis >= 0; axis--)
        {
            index[axis]++;
            offset += strides[axis];
            if (index[axis] < shape[axis]) return offset;
            offset -= strides[axis] * shape[axis];
            index[axis] = 0;
        }
        return offset;
    }
}
