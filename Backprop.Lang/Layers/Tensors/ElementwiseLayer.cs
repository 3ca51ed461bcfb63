using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Backprop.Lang.Tensors;

namespace Backprop.Lang.Layers;

/// <summary>
/// A layer of numbers applied to every element of tensors of one shape: <c>X + Y</c> is the article's AddLayer on
/// each pair of elements, <c>sigmoid(X)</c> the SigmoidLayer on each element. Its name and rule are the scalar
/// layer's (the rule holds element by element); shapes that differ were made equal by BroadcastTo layers first.
/// </summary>
public sealed class ElementwiseLayer : TensorLayer
{
    private static readonly Dictionary<Layer, ElementwiseLayer> Cache = [];

    private ElementwiseLayer(Layer scalar) => Scalar = scalar;

    /// <summary>The one element-wise layer of each scalar layer (layers hold no state, so one serves every node).</summary>
    public static ElementwiseLayer Of(Layer scalar)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(scalar, out var layer))
            {
                Cache[scalar] = layer = new ElementwiseLayer(scalar);
            }
            return layer;
        }
    }

    public Layer Scalar { get; }
    public override string Name => Scalar.Name;
    public override string Symbol => Scalar.Symbol;
    public override int Arity => Scalar.Arity;
    public override string Rule => Scalar.Rule + " (element by element)";
    public override string InputRule(int input) => Scalar.InputRule(input);
    public override bool IsPiecewise => Scalar.IsPiecewise;
    public override int Branch(double x, double y) => Scalar.Branch(x, y);

    public override ShapeResult OutputShape(IReadOnlyList<int[]> inputs) => ShapeResult.Of(inputs[0]);

    public override string Describe(IReadOnlyList<string> inputs, string output) => Arity == 1
        ? $"{Symbol}({inputs[0]}) → {output}"
        : Scalar is AddLayer or SubLayer or MulLayer or DivLayer or PowLayer
            ? $"{inputs[0]} {Symbol} {inputs[1]} → {output}"
            : $"{Symbol}({inputs[0]}, {inputs[1]}) → {output}";

    public override Tensor Forward(ReadOnlySpan<Tensor> inputs)
    {
        var x = inputs[0].Data;
        var z = new double[x.Length];
        if (Arity == 1)
        {
            Scalar.ForwardAll(x, [], z);
            return new Tensor(inputs[0].Shape, z);
        }
        var y = inputs[1].Data;
        switch (Scalar)
        {
            // The article's two layers and their kin, vectorised; the same arithmetic as the scalar layers'.
            case AddLayer: TensorPrimitives.Add(x, y, z); break;
            case SubLayer: TensorPrimitives.Subtract(x, y, z); break;
            case MulLayer: TensorPrimitives.Multiply(x, y, z); break;
            case DivLayer: TensorPrimitives.Divide(x, y, z); break;
            default:
                Scalar.ForwardAll(x, y, z);
                break;
        }
        return new Tensor(inputs[0].Shape, z);
    }

    public override void Backward(Tensor dout, ReadOnlySpan<Tensor> inputs, Tensor output, Span<Tensor> grads)
    {
        var g = dout.Data;
        var x = inputs[0].Data;
        var z = output.Data;
        var dx = new double[x.Length];
        if (Arity == 1)
        {
            // As the scalar walk: an element that receives nothing sends nothing (no 0·∞ = NaN leaks back).
            Scalar.BackwardAll(g, x, [], z, dx, []);
            grads[0] = new Tensor(inputs[0].Shape, dx);
            return;
        }
        var y = inputs[1].Data;
        var dy = new double[y.Length];
        switch (Scalar)
        {
            case AddLayer:
                g.CopyTo(dx, 0);
                g.CopyTo(dy, 0);
                break;
            case MulLayer:
                TensorPrimitives.Multiply(g, y, dx);
                TensorPrimitives.Multiply(g, x, dy);
                break;
            default:
                Scalar.BackwardAll(g, x, y, z, dx, dy);
                break;
        }
        grads[0] = new Tensor(inputs[0].Shape, dx);
        grads[1] = new Tensor(inputs[1].Shape, dy);
    }
}
