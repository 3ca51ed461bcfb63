using Backprop.Lang.Graph;
using Backprop.Lang.Tensors;

namespace Backprop.Lang.Layers;

/// <summary>
/// <c>grad(L, W)</c> where L goes through tensor layers: the gradient as a value, first order. It keeps L's own graph
/// (cut out when the call was lowered) and, on each forward, runs it forward and backward at its inputs' values, so
/// <c>g = grad(loss, W)</c> follows W as any layer follows its inputs. Tensor layers state their derivative for values
/// only, so this layer has no backward: a gradient through it (a second derivative) is refused before any backward
/// pass starts (<see cref="Evaluation.Session"/>), never computed wrongly.
/// </summary>
public sealed class TensorGradientLayer : TensorLayer
{
    private readonly ComputationGraph _graph;
    private readonly int[] _leaves;
    private readonly int _target;
    private readonly string _name;

    /// <param name="graph">L's own graph, L its last node.</param>
    /// <param name="leaves">The graph's leaves, in the order of this layer's inputs.</param>
    /// <param name="target">The node of <paramref name="graph"/> to differentiate by (held fixed).</param>
    internal TensorGradientLayer(ComputationGraph graph, int[] leaves, int target, string name) =>
        (_graph, _leaves, _target, _name) = (graph, leaves, target, name);

    public override string Name => "GradLayer";
    public override string Symbol => "grad";
    public override int Arity => _leaves.Length;
    public override string Rule => $"the gradient of its expression by {_name}, by backpropagation (first order only)";

    public override ShapeResult OutputShape(IReadOnlyList<int[]> inputs) => ShapeResult.Of(_graph.ShapeOf(_target));

    public override string Describe(IReadOnlyList<string> inputs, string output) => $"dL/d{_name} → {output}";

    public override Tensor Forward(ReadOnlySpan<Tensor> inputs)
    {
        lock (_graph)
        {
            for (int i = 0; i < _leaves.Length; i++)
            {
                if (_graph.IsTensor(_leaves[i])) _graph.SetTensorValue(_leaves[i], inputs[i]);
                else _graph.SetValue(_leaves[i], inputs[i].Data[0]);
            }
            _graph.Forward();
            int output = _graph.Count - 1;
            var grads = new double[output + 1];
            var tensorGrads = new Tensor?[output + 1];
            var none = default(NoObserver);
            _graph.Backward(output, grads, tensorGrads, ref none);
            return _graph.IsTensor(_target) ? tensorGrads[_target]?.Copy() ?? Tensor.Zeros(_graph.ShapeOf(_target)) : Tensor.Scalar(grads[_target]);
        }
    }

    // Never called: Session refuses a backward pass through this layer first.
    public override void Backward(Tensor dout, ReadOnlySpan<Tensor> inputs, Tensor output, Span<Tensor> grads)
    {
        for (int i = 0; i < inputs.Length; i++) grads[i] = new Tensor(inputs[i].Shape, Enumerable.Repeat(double.NaN, inputs[i].Count).ToArray());
    }
}
