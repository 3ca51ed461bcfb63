using Backprop.Lang.Diagnostics;
using Backprop.Lang.Tensors;

namespace Backprop.Lang.Layers;

/// <summary>
/// <c>[x, 2*x]</c>: a bracket of expressions that are not all numbers stacks them along a new first axis (numpy's
/// <c>stack</c>); each must have the same shape. Its backward hands each input its own slice of dout.
/// </summary>
public sealed class StackLayer(int count) : TensorLayer
{
    public override string Name => "StackLayer";
    public override string Symbol => "stack";
    public override int Arity => count;
    public override string Rule => "dx_i = dout[i]";
    public override string InputRule(int input) => $"dx{input} = dout[{input}]";

    public override ShapeResult OutputShape(IReadOnlyList<int[]> inputs)
    {
        if (inputs[0].Length >= Shapes.MaxRank)
        {
            // [[[x]]] nested deeper than any tensor may be: refused before a shape of every depth is built.
            return ShapeResult.Fail(Messages.RankTooHigh(inputs[0].Length + 1, Shapes.MaxRank));
        }
        for (int i = 1; i < inputs.Count; i++)
        {
            if (!Shapes.Equal(inputs[i], inputs[0]))
            {
                return ShapeResult.Fail(Messages.RaggedStack(i, Shapes.Text(inputs[0]), Shapes.Text(inputs[i])));
            }
        }
        return ShapeResult.Of([inputs.Count, .. inputs[0]]);
    }

    public override string Describe(IReadOnlyList<string> inputs, string output) => $"[{string.Join(", ", inputs)}] → {output}";

    public override Tensor Forward(ReadOnlySpan<Tensor> inputs)
    {
        int each = inputs[0].Count;
        var data = new double[each * inputs.Length];
        for (int i = 0; i < inputs.Length; i++) inputs[i].Data.CopyTo(data, i * each);
        return new Tensor([inputs.Length, .. inputs[0].Shape], data);
    }

    public override void Backward(Tensor dout, ReadOnlySpan<Tensor> inputs, Tensor output, Span<Tensor> grads)
    {
        int each = inputs[0].Count;
        for (int i = 0; i < inputs.Length; i++)
        {
            grads[i] = new Tensor(inputs[i].Shape, dout.Data.AsSpan(i * each, each).ToArray());
        }
    }
}
