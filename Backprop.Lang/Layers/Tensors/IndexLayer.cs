using Backprop.Lang.Diagnostics;
using Backprop.Lang.Tensors;

namespace Backprop.Lang.Layers;

/// <summary>One axis of an index, as written: <c>2</c>, <c>-1</c>, <c>1:3</c>, <c>:</c> (a bound left out is null).</summary>
public readonly record struct IndexItem(bool IsSlice, int? Start, int? Stop);

/// <summary>
/// <c>X[i]</c>, <c>X[i, j]</c>, <c>X[1:3]</c>, <c>X[:, 0]</c>: numpy's basic indexing, from 0, negative indices counting
/// from the end, slices clamped as Python's are. Axes not named are taken whole. Its backward puts the gradient back
/// where the elements came from and zeros elsewhere (a scatter-add), so <c>X[0] + X[0]</c> sends 2 to row 0.
/// </summary>
public sealed class IndexLayer : TensorLayer
{
    // Per axis of the input: the first element taken, how many, and whether the axis is dropped (a plain index).
    private readonly (int Start, int Length, bool Drop)[] _axes;
    private readonly string _text;

    private IndexLayer((int, int, bool)[] axes, string text) => (_axes, _text) = (axes, text);

    public override string Name => "IndexLayer";
    public override string Symbol => _text;
    public override int Arity => 1;
    public override string Rule => "dx = dout put back where the elements came from, 0 elsewhere";

    /// <summary>
    /// The layer for <paramref name="items"/> on an input of <paramref name="shape"/>, or the index that does not fit
    /// it and why (an index out of range, more indices than axes).
    /// </summary>
    public static (IndexLayer? Layer, int Item, string? Error) For(int[] shape, IReadOnlyList<IndexItem> items, string text)
    {
        if (items.Count > shape.Length)
        {
            return (null, shape.Length, Messages.TooManyIndices(items.Count, Shapes.Text(shape)));
        }
        var axes = new (int, int, bool)[shape.Length];
        for (int axis = 0; axis < shape.Length; axis++)
        {
            int size = shape[axis];
            if (axis >= items.Count)
            {
                axes[axis] = (0, size, false);
                continue;
            }
            var item = items[axis];
            if (!item.IsSlice)
            {
                int i = item.Start!.Value;
                int at = i < 0 ? i + size : i;
                if (at < 0 || at >= size)
                {
                    return (null, axis, Messages.IndexOutOfRange(i, axis, size));
                }
                axes[axis] = (at, 1, true);
                continue;
            }
            int start = Clamp(item.Start ?? 0, size), stop = Clamp(item.Stop ?? size, size);
            axes[axis] = (start, Math.Max(0, stop - start), false);
        }
        return (new IndexLayer(axes, text), -1, null);
    }

    private static int Clamp(int bound, int size) => Math.Clamp(bound < 0 ? bound + size : bound, 0, size);

    public override ShapeResult OutputShape(IReadOnlyList<int[]> inputs) =>
        ShapeResult.Of([.. _axes.Where(a => !a.Drop).Select(a => a.Length)]);

    public override string Describe(IReadOnlyList<string> inputs, string output) => $"{inputs[0]}{_text} → {output}";

    public override Tensor Forward(ReadOnlySpan<Tensor> inputs)
    {
        var x = inputs[0];
        var result = new double[Shapes.Count(OutputShape([x.Shape]).Shape!)];
        Walk(x.Shape, (from, to) => result[to] = x.Data[from]);
        return new Tensor(OutputShape([x.Shape]).Shape!, result);
    }

    public override void Backward(Tensor dout, ReadOnlySpan<Tensor> inputs, Tensor output, Span<Tensor> grads)
    {
        var dx = new double[inputs[0].Count];
        Walk(inputs[0].Shape, (from, to) => dx[from] += dout.Data[to]);
        grads[0] = new Tensor(inputs[0].Shape, dx);
    }

    // Calls visit(offset in the input, offset in the output) for every element taken, in the output's order.
    private void Walk(int[] shape, Action<int, int> visit)
    {
        var strides = Shapes.Strides(shape);
        int rank = shape.Length;
        int total = 1;
        foreach (var axis in _axes) total *= axis.Length;
        if (total == 0) return;
        var index = new int[rank];
        int offset = 0;
        for (int a = 0; a < rank; a++) offset += _axes[a].Start * strides[a];
        for (int to = 0; to < total; to++)
        {
            visit(offset, to);
            for (int a = rank - 1; a >= 0; a--)
            {
                index[a]++;
                offset += strides[a];
                if (index[a] < _axes[a].Length) break;
                offset -= strides[a] * _axes[a].Length;
                index[a] = 0;
            }
        }
    }
}
