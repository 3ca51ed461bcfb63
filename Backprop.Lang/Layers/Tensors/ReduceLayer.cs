using Backprop.Lang.Tensors;

namespace Backprop.Lang.Layers;

public enum Reduction { Sum, Mean, Max, Min }

/// <summary>
/// <c>sum(X)</c>, <c>mean(X)</c>, <c>max(X)</c>, <c>min(X)</c> over every element (a number), or along one axis
/// (<c>sum(X, axis=0)</c>, that axis gone). Sum's backward repeats dout over what was summed; mean's divides it by
/// the count; max's and min's send it to the element that won, split evenly on a tie as MaxLayer does.
/// </summary>
public sealed class ReduceLayer(Reduction reduction, int? axis) : TensorLayer
{
    public Reduction Reduction { get; } = reduction;
    public int? Axis { get; } = axis;

    public override string Name => $"{Reduction}Layer";
    public override string Symbol => Reduction.ToString().ToLowerInvariant();
    public override int Arity => 1;

    public override string Rule => Reduction switch
    {
        Reduction.Sum => "dx = dout repeated over what was summed",
        Reduction.Mean => "dx = dout/n repeated over what was averaged (n elements)",
        _ => $"dx = dout where x is the {Symbol}, 0 elsewhere (split on a tie)",
    };

    public override bool IsPiecewise => Reduction is Reduction.Max or Reduction.Min;

    public override ShapeResult OutputShape(IReadOnlyList<int[]> inputs) =>
        ShapeResult.Of(Axis is { } a ? TensorMath.Without(inputs[0], a) : Shapes.Scalar);

    public override string Describe(IReadOnlyList<string> inputs, string output) =>
        Axis is { } a ? $"{Symbol}({inputs[0]}, axis={a}) → {output}" : $"{Symbol}({inputs[0]}) → {output}";

    private (int Outer, int Size, int Inner) Around(int[] shape) =>
        Axis is { } a ? TensorMath.AroundAxis(shape, a) : (1, Shapes.Count(shape), 1);

    public override Tensor Forward(ReadOnlySpan<Tensor> inputs)
    {
        var x = inputs[0];
        var (outer, size, inner) = Around(x.Shape);
        var result = new double[outer * inner];
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                int first = o * size * inner + i;
                double acc = x.Data[first];
                for (int s = 1; s < size; s++)
                {
                    double v = x.Data[first + s * inner];
                    acc = Reduction switch
                    {
                        Reduction.Max => v > acc || double.IsNaN(v) ? v : acc,
                        Reduction.Min => v < acc || double.IsNaN(v) ? v : acc,
                        _ => acc + v,
                    };
                }
                result[o * inner + i] = Reduction == Reduction.Mean ? acc / size : acc;
            }
        }
        return new Tensor(OutputShape([x.Shape]).Shape!, result);
    }

    public override void Backward(Tensor dout, ReadOnlySpan<Tensor> inputs, Tensor output, Span<Tensor> grads)
    {
        var x = inputs[0];
        var (outer, size, inner) = Around(x.Shape);
        var dx = new double[x.Count];
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                int first = o * size * inner + i;
                double g = dout.Data[o * inner + i];
                if (Reduction is Reduction.Sum or Reduction.Mean)
                {
                    double each = Reduction == Reduction.Mean ? g / size : g;
                    for (int s = 0; s < size; s++) dx[first + s * inner] = each;
                    continue;
                }
                double best = output.Data[o * inner + i];
                int ties = 0;
                for (int s = 0; s < size; s++) if (x.Data[first + s * inner].Equals(best)) ties++;
                for (int s = 0; s < size; s++)
                {
                    if (x.Data[first + s * inner].Equals(best)) dx[first + s * inner] = g / ties;
                }
            }
        }
        grads[0] = new Tensor(x.Shape, dx);
    }
}
