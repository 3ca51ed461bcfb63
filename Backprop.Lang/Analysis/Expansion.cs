using System.Globalization;
using Backprop.Lang.Evaluation;
using Backprop.Lang.Graph;
using Backprop.Lang.Layers;
using Backprop.Lang.Tensors;
using Backprop.Lang.Text;

namespace Backprop.Lang.Analysis;

/// <summary>One element of a tensor leaf: its gradient from the tensor layers and from the article's scalar layers.</summary>
public sealed record ExpandedElement(string Label, int Node, double TensorGradient, double ScalarGradient)
{
    public bool Agrees => GradientCheck.RelativeError(TensorGradient, ScalarGradient) <= Expansion.Tolerance
        || (double.IsNaN(TensorGradient) && double.IsNaN(ScalarGradient));
}

/// <summary>
/// <c>:expand</c>, the bridge from the article to matrices: a tensor expression lowered again, element by element, to
/// the article's scalar layers (<c>[1, 2] @ [[3], [4]]</c> becomes two MulLayers and an AddLayer), run forward and
/// backward, and each leaf element's gradient set beside the one the tensor layers gave. <see cref="Outcome"/> is the
/// scalar graph's own gradient outcome, so <c>:trace</c>'s tables show it.
/// </summary>
public sealed record Expansion(GradientOutcome Outcome, IReadOnlyList<ExpandedElement> Elements, int ScalarLayers)
{
    /// <summary>The most scalar layers an expansion may build: enough for a small net, few enough to read.</summary>
    public const int MaxScalarLayers = 300;

    public const double Tolerance = 1e-9;

    public bool Agrees => Elements.All(e => e.Agrees);

    /// <summary>How many scalar layers <paramref name="graph"/> would expand to (without building them).</summary>
    public static long Count(ComputationGraph graph)
    {
        long count = 0;
        for (int node = 0; node < graph.Count; node++)
        {
            if (graph.Layer(node) is not { } layer) continue;
            count += Cost(graph, node, layer);
        }
        return count;
    }

    private static long Cost(ComputationGraph graph, int node, Layer layer)
    {
        var inputs = graph.Inputs(node);
        long output = Math.Max(1, Shapes.LongCount(graph.ShapeOf(node)));
        (long Rows, long K) Rows(int input)
        {
            var shape = graph.ShapeOf(input);
            long k = shape.Length == 0 ? 1 : shape[^1];
            return (Math.Max(1, Shapes.LongCount(shape)) / Math.Max(1, k), k);
        }
        switch (layer)
        {
            case not TensorLayer:
            case ElementwiseLayer:
                return output;
            case BroadcastToLayer or TransposeLayer or ReshapeLayer or IndexLayer or StackLayer or OneHotLayer:
                return 0;
            case MatMulLayer:
                return output * (2 * graph.ShapeOf(inputs[0])[^1] - 1);
            case AffineLayer:
                return output * (2 * graph.ShapeOf(inputs[0])[^1] - 1) + output;
            case ReduceLayer r:
            {
                long size = Math.Max(1, Shapes.LongCount(graph.ShapeOf(inputs[0]))) / output;
                return output * (size - 1) + (r.Reduction == Reduction.Mean ? output : 0);
            }
            case SoftmaxLayer:
            {
                var (rows, k) = Rows(inputs[0]);
                return rows * (5 * k - 2);
            }
            case SoftmaxWithLossLayer:
            {
                var (rows, k) = Rows(inputs[0]);
                return rows * (7 * k - 2) + rows + 1;
            }
            case CrossEntropyErrorLayer:
            {
                var (rows, k) = Rows(inputs[0]);
                return rows * k * 4 + 1;
            }
            default:
                return output;
        }
    }

    /// <summary>
    /// Expands <paramref name="tensors"/>, an expression's own graph whose gradient is known, or returns null with the
    /// number of scalar layers it would take when that is more than <see cref="MaxScalarLayers"/>.
    /// </summary>
    public static (Expansion? Expansion, long Count) Of(GradientOutcome tensors)
    {
        var graph = tensors.Graph;
        long count = Count(graph);
        if (count > MaxScalarLayers)
        {
            return (null, count);
        }
        var builder = new Builder(graph);
        var scalar = builder.Build();
        // The output is the last node unless the expression ends in a layer that only picks elements (X[0, 1]): then
        // the graph is cut to what the output depends on, and the leaves are found again by their new numbers.
        int output = builder.Output;
        var renumbered = Enumerable.Range(0, scalar.Count).ToArray();
        if (output != scalar.Count - 1)
        {
            scalar = scalar.Extract(output, out int[] map);
            Array.Fill(renumbered, -1);
            for (int n = 0; n < map.Length; n++) renumbered[map[n]] = n;
        }
        scalar.Forward();
        var outcome = Session.GradientOf(scalar, tensors.Source, []);
        var elements = new List<ExpandedElement>();
        foreach (var (node, element, label, scalarNode) in builder.LeafElements)
        {
            double tensorGradient = graph.IsTensor(node) ? tensors.TensorGradientOf(node).Data[element] : tensors.Gradients[node];
            int at = renumbered[scalarNode];
            elements.Add(new ExpandedElement(label, at, tensorGradient, at < 0 ? 0 : outcome.Gradients[at]));
        }
        return (new Expansion(outcome, elements, (int)count), count);
    }

    // Builds the scalar graph: each node of the tensor graph becomes one scalar node per element (or none, where it only
    // moves elements about: a broadcast, a transpose, an index).
    private sealed class Builder(ComputationGraph tensors)
    {
        private readonly ComputationGraph _scalar = new(64);
        private readonly int[][] _elements = new int[tensors.Count][];

        public List<(int Node, int Element, string Label, int ScalarNode)> LeafElements { get; } = [];

        /// <summary>The scalar node of the expression's output (a number).</summary>
        public int Output => _elements[tensors.Count - 1][0];

        public ComputationGraph Build()
        {
            for (int node = 0; node < tensors.Count; node++)
            {
                _elements[node] = tensors.Layer(node) switch
                {
                    null => Leaf(node),
                    TensorLayer layer => Tensor(node, layer),
                    var layer => [Scalar(layer, node)],
                };
            }
            return _scalar;
        }

        private NodeOrigin Origin(int node) => tensors.Origin(node);

        private int[] Leaf(int node)
        {
            var kind = tensors.Kind(node);
            if (!tensors.IsTensor(node))
            {
                int leaf = _scalar.AddLeaf(kind, tensors.Value(node), Origin(node), tensors.Name(node));
                if (kind is NodeKind.Input or NodeKind.Literal) LeafElements.Add((node, 0, NodeLabels.Short(tensors, node), leaf));
                return [leaf];
            }
            // A tensor leaf's elements are leaves of their own, named after it: W[0,1], or the literal's text and index.
            var value = tensors.TensorValue(node);
            string name = NodeLabels.Short(tensors, node);
            var leaves = new int[value.Count];
            for (int e = 0; e < value.Count; e++)
            {
                string label = $"{name}[{IndexText(e, value.Shape)}]";
                leaves[e] = _scalar.AddLeaf(kind == NodeKind.Constant ? NodeKind.Constant : NodeKind.Input, value.Data[e], Origin(node), label);
                if (kind != NodeKind.Constant) LeafElements.Add((node, e, label, leaves[e]));
            }
            return leaves;
        }

        private static string IndexText(int flat, int[] shape)
        {
            var index = new int[shape.Length];
            for (int axis = shape.Length - 1; axis >= 0; axis--)
            {
                index[axis] = flat % shape[axis];
                flat /= shape[axis];
            }
            return string.Join(",", index.Select(i => i.ToString(CultureInfo.InvariantCulture)));
        }

        private int Scalar(Layer layer, int node)
        {
            var inputs = tensors.Inputs(node);
            return _scalar.AddOperation(layer, _elements[inputs[0]][0], inputs.Length > 1 ? _elements[inputs[1]][0] : -1, Origin(node));
        }

        private int Op(Layer layer, int x, int y, int node) => _scalar.AddOperation(layer, x, y, Origin(node));

        private int Constant(double value, int node) => _scalar.AddLeaf(NodeKind.Constant, value, Origin(node));

        private int Chain(Layer layer, IEnumerable<int> items, int node)
        {
            int acc = -1;
            foreach (int item in items) acc = acc < 0 ? item : Op(layer, acc, item, node);
            return acc;
        }

        // Dot product of two lists of scalar nodes: MulLayers, then AddLayers left to right.
        private int Dot(IReadOnlyList<int> a, IReadOnlyList<int> b, int node) =>
            Chain(AddLayer.Instance, a.Select((x, i) => Op(MulLayer.Instance, x, b[i], node)).ToList(), node);

        private int[] Tensor(int node, TensorLayer layer)
        {
            var inputs = tensors.Inputs(node);
            var shape = tensors.ShapeOf(node);
            int[] In(int i) => _elements[inputs[i]];
            int[] InShape(int i) => tensors.ShapeOf(inputs[i]);
            switch (layer)
            {
                case ElementwiseLayer e:
                    return Enumerable.Range(0, In(0).Length)
                        .Select(i => Op(e.Scalar, In(0)[i], e.Arity > 1 ? In(1)[i] : -1, node)).ToArray();
                case BroadcastToLayer or TransposeLayer or ReshapeLayer or IndexLayer or OneHotLayer or StackLayer:
                    return Moved(node, layer, inputs);
                case MatMulLayer:
                    return Product(In(0), InShape(0), In(1), InShape(1), node);
                case AffineLayer:
                {
                    var product = Product(In(0), InShape(0), In(1), InShape(1), node);
                    int m = InShape(1)[1];
                    return product.Select((p, i) => Op(AddLayer.Instance, p, In(2)[i % m], node)).ToArray();
                }
                case ReduceLayer r:
                {
                    var x = In(0);
                    var (outer, size, inner) = r.Axis is { } a ? TensorMath.AroundAxis(InShape(0), a) : (1, x.Length, 1);
                    var result = new int[outer * inner];
                    Layer combine = r.Reduction switch { Reduction.Max => MaxLayer.Instance, Reduction.Min => MinLayer.Instance, _ => AddLayer.Instance };
                    for (int o = 0; o < outer; o++)
                    {
                        for (int i = 0; i < inner; i++)
                        {
                            int acc = Chain(combine, Enumerable.Range(0, size).Select(s => x[(o * size + s) * inner + i]), node);
                            result[o * inner + i] = r.Reduction == Reduction.Mean ? Op(DivLayer.Instance, acc, Constant(size, node), node) : acc;
                        }
                    }
                    return result;
                }
                case SoftmaxLayer:
                    return Rows(In(0), InShape(0)).SelectMany(row =>
                    {
                        var (shifted, exps, sum) = Exps(row, node);
                        return exps.Select(e => Op(DivLayer.Instance, e, sum, node));
                    }).ToArray();
                case SoftmaxWithLossLayer:
                case CrossEntropyErrorLayer:
                    return [Loss(layer, node, inputs)];
                default:
                    throw new System.Diagnostics.UnreachableException($"No expansion for {layer.Name}");
            }
        }

        private static IEnumerable<int[]> Rows(int[] x, int[] shape)
        {
            int k = shape.Length == 0 ? 1 : shape[^1];
            for (int r = 0; r < x.Length / k; r++) yield return x[(r * k)..((r + 1) * k)];
        }

        // x − max(x), its exponentials, and their sum: the stable softmax's pieces, as scalar layers.
        private (int[] Shifted, int[] Exps, int Sum) Exps(int[] row, int node)
        {
            int max = Chain(MaxLayer.Instance, row, node);
            var shifted = row.Select(x => Op(SubLayer.Instance, x, max, node)).ToArray();
            var exps = shifted.Select(s => _scalar.AddOperation(ExpLayer.Instance, s, -1, Origin(node))).ToArray();
            return (shifted, exps, Chain(AddLayer.Instance, exps, node));
        }

        private int Loss(TensorLayer layer, int node, int[] inputs)
        {
            var x = _elements[inputs[0]];
            var xShape = tensors.ShapeOf(inputs[0]);
            int k = xShape[^1], rows = x.Length / k;
            // The labels as one scalar node per score: themselves when one-hot, constants from class indices.
            int[] labels = tensors.ShapeOf(inputs[1]).Length == xShape.Length ? _elements[inputs[1]] : OneHotConstants(inputs[1], rows, k, node);
            var rowLosses = new List<int>();
            for (int r = 0; r < rows; r++)
            {
                var row = x[(r * k)..((r + 1) * k)];
                int[] logs;
                if (layer is SoftmaxWithLossLayer)
                {
                    // log softmax = (x − max) − log Σ exp(x − max)
                    var (shifted, _, sum) = Exps(row, node);
                    int logSum = _scalar.AddOperation(LogLayer.Instance, sum, -1, Origin(node));
                    logs = shifted.Select(s => Op(SubLayer.Instance, s, logSum, node)).ToArray();
                }
                else
                {
                    int delta = Constant(CrossEntropyErrorLayer.Delta, node);
                    logs = row.Select(y => _scalar.AddOperation(LogLayer.Instance, Op(AddLayer.Instance, y, delta, node), -1, Origin(node))).ToArray();
                }
                rowLosses.Add(Dot(labels[(r * k)..((r + 1) * k)], logs, node));
            }
            int total = Chain(AddLayer.Instance, rowLosses, node);
            int mean = Op(DivLayer.Instance, total, Constant(rows, node), node);
            return _scalar.AddOperation(NegLayer.Instance, mean, -1, Origin(node));
        }

        private int[] OneHotConstants(int labels, int rows, int k, int node)
        {
            var t = tensors.TensorValue(labels);
            var hot = new int[rows * k];
            for (int r = 0; r < rows; r++)
            {
                for (int j = 0; j < k; j++) hot[r * k + j] = Constant(t.Data[r] == j ? 1 : 0, node);
            }
            return hot;
        }

        // Layers that only move elements: run the tensor layer on the element numbers themselves to see where each goes.
        private int[] Moved(int node, TensorLayer layer, int[] inputs)
        {
            if (layer is OneHotLayer)
            {
                var value = tensors.TensorValue(node);
                return value.Data.Select(v => Constant(v, node)).ToArray();
            }
            var numbered = inputs.Select(i => new Tensors.Tensor(tensors.ShapeOf(i),
                _elements[i].Select(n => (double)n).ToArray())).ToArray();
            var moved = layer.Forward(numbered);
            return moved.Data.Select(d => (int)d).ToArray();
        }

        private int[] Product(int[] a, int[] aShape, int[] b, int[] bShape, int node)
        {
            int m = aShape.Length == 1 ? 1 : aShape[0], k = aShape[^1], n = bShape.Length == 1 ? 1 : bShape[1];
            var result = new int[m * n];
            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    var row = Enumerable.Range(0, k).Select(p => a[i * k + p]).ToArray();
                    var column = Enumerable.Range(0, k).Select(p => b[p * n + j]).ToArray();
                    result[i * n + j] = Dot(row, column, node);
                }
            }
            return result;
        }
    }
}
