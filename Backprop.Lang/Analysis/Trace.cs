using Backprop.Lang.Graph;
using Backprop.Lang.Layers;
using Backprop.Lang.Tensors;

namespace Backprop.Lang.Analysis;

/// <summary>One layer node running forward: its inputs' values and its output.</summary>
public sealed record ForwardStep(int Node, string Layer, IReadOnlyList<int> Inputs, IReadOnlyList<double> InputValues, double Output)
{
    /// <summary>The call of a user's function whose body made this layer (innermost; see <see cref="ComputationGraph.Calls"/>), or -1.</summary>
    public int Call { get; init; } = -1;

    /// <summary>For a tensor layer: each input's value (a number as shape []) and the output; the doubles are then NaN.</summary>
    public IReadOnlyList<Tensor>? InputTensors { get; init; }
    public Tensor? OutputTensor { get; init; }

    /// <summary>For a tensor layer, what it does with the shapes: <c>X 2×3 @ W 3×4 → 2×4</c>.</summary>
    public string? Shapes { get; init; }
}

/// <summary>What one backward call sent to one input: the gradient, and the input's total so far.</summary>
public sealed record GradientSent(int To, double Gradient, double RunningSum, bool Accumulated)
{
    /// <summary>For a tensor layer: the gradient sent, of the input's shape, and the input's total so far.</summary>
    public Tensor? GradientTensor { get; init; }
    public Tensor? RunningSumTensor { get; init; }
}

/// <summary>One layer node running backward: the upstream gradient, the local rule, what it sent to each input.</summary>
public sealed record BackwardStep(int Node, string Layer, double Dout, string Rule, IReadOnlyList<GradientSent> Sent)
{
    /// <summary>For a tensor layer: the upstream gradient, of the node's shape.</summary>
    public Tensor? DoutTensor { get; init; }

    /// <summary>The call of a user's function whose body made this layer (innermost), or -1.</summary>
    public int Call { get; init; } = -1;

    /// <summary>
    /// The layer's convention at a kink or a domain edge when it is what gave this step's gradient (relu at x = 0,
    /// x^y at x &lt; 0), or null: a note beside the textbook rule, never folded into it.
    /// </summary>
    public string? Note { get; init; }
}

/// <summary>
/// A call of a user's function seen as one composite layer: its inputs (the arguments, and the session's variables
/// its body reads), its output, the gradient that arrived at the output, and what the layers inside sent out to
/// each input in total.
/// </summary>
public sealed record CallStep(int Call, string Function, int Parent, IReadOnlyList<int> Inputs, IReadOnlyList<double> InputValues,
    int Output, double OutputValue, double Dout, IReadOnlyList<GradientSent> Sent);

/// <summary>
/// The chain-rule ledger of an expression's graph, as the article walks it by hand
/// (<c>dout1, dout2 = mul_layer2.backward(1)</c> ...): forward in creation order, then backward in
/// reverse. The backward half is recorded by watching the graph's own backward walk, so it shows exactly
/// what the gradients were computed with.
/// </summary>
public sealed record Trace(IReadOnlyList<ForwardStep> Forward, IReadOnlyList<BackwardStep> Backward)
{
    /// <summary>The calls of the user's functions, indexed as <see cref="ComputationGraph.Calls"/> (empty without any).</summary>
    public IReadOnlyList<CallStep> Calls { get; init; } = [];

    public static Trace Of(ComputationGraph graph)
    {
        var forward = new List<ForwardStep>();
        StepLabels? labels = graph.HasTensors ? new StepLabels(graph) : null;
        for (int node = 0; node < graph.Count; node++)
        {
            var layer = graph.Layer(node);
            if (layer is null) continue;
            var inputs = NodeLabels.Inputs(graph, node);
            if (layer is TensorLayer tensorLayer)
            {
                var values = inputs.Select(graph.TensorValue).ToArray();
                var output = graph.TensorValue(node);
                string shapes = tensorLayer.Describe(
                    inputs.Select(i => $"{labels!.Of(i)} {Tensors.Shapes.Text(graph.ShapeOf(i))}").ToList(), Tensors.Shapes.Text(output.Shape));
                forward.Add(new ForwardStep(node, layer.Name, inputs, inputs.Select(_ => double.NaN).ToArray(), double.NaN)
                {
                    Call = graph.CallOf(node),
                    InputTensors = values,
                    OutputTensor = output,
                    Shapes = shapes,
                });
                continue;
            }
            forward.Add(new ForwardStep(node, layer.Name, inputs, inputs.Select(graph.Value).ToArray(), graph.Value(node)) { Call = graph.CallOf(node) });
        }
        if (graph.Count == 0)
        {
            return new Trace(forward, []);
        }
        var grads = new double[graph.Count];
        var ledger = new Ledger(graph);
        graph.Backward(graph.Count - 1, grads, ref ledger);
        return new Trace(forward, ledger.Steps) { Calls = CallSteps(graph, grads, ledger.Steps) };
    }

    private static int CommonCall(IReadOnlyList<CallGroup> calls, int[] depth, int a, int b)
    {
        if (a < 0 || b < 0) return -1;
        while (depth[a] > depth[b]) a = calls[a].Parent;
        while (depth[b] > depth[a]) b = calls[b].Parent;
        while (a != b)
        {
            a = calls[a].Parent;
            b = calls[b].Parent;
        }
        return a;
    }

    // Each call as a composite layer: what its inner layers sent to nodes outside it, summed per node.
    private static List<CallStep> CallSteps(ComputationGraph graph, double[] grads, List<BackwardStep> backward)
    {
        var calls = graph.Calls;
        if (calls.Count == 0) return [];
        var sent = new List<(int To, double Gradient)>[calls.Count];
        // How many calls each call is inside of (a call comes after the one it was made in).
        var depth = new int[calls.Count];
        for (int c = 0; c < calls.Count; c++) depth[c] = calls[c].Parent < 0 ? 0 : depth[calls[c].Parent] + 1;
        foreach (var step in backward)
        {
            if (step.Call < 0) continue;
            foreach (var s in step.Sent)
            {
                // What a layer sends out of a call counts for that call and each around it, up to the innermost
                // call the receiving node is inside too (their common ancestor; -1 when there is none).
                int common = CommonCall(calls, depth, step.Call, graph.CallOf(s.To));
                for (int call = step.Call; call != common; call = calls[call].Parent)
                {
                    var list = sent[call] ??= [];
                    int at = list.FindIndex(e => e.To == s.To);
                    if (at < 0) list.Add((s.To, s.Gradient));
                    else list[at] = (s.To, list[at].Gradient + s.Gradient);
                }
            }
        }
        var steps = new List<CallStep>(calls.Count);
        for (int call = 0; call < calls.Count; call++)
        {
            var group = calls[call];
            var totals = sent[call] ?? [];
            // Inputs: the arguments the graph holds, then anything else the body read (a session variable, say).
            var inputs = group.Arguments.Where(a => a >= 0).Distinct().ToList();
            inputs.AddRange(totals.Select(t => t.To).Where(to => !inputs.Contains(to)));
            int output = group.Output;
            steps.Add(new CallStep(call, group.Function, group.Parent, inputs, inputs.Select(graph.Value).ToArray(), output,
                output >= 0 ? graph.Value(output) : double.NaN, output >= 0 ? grads[output] : 0,
                totals.Select(t => new GradientSent(t.To, t.Gradient, t.Gradient, false)).ToList()));
        }
        return steps;
    }

    // Records each step of the walk. A node is listed once something has been sent to it (a zero too, as the
    // article's hand walk would write it), with what it sent and each input's running total.
    private readonly struct Ledger : IBackwardObserver
    {
        private readonly ComputationGraph _graph;
        private readonly double[] _sums;
        private readonly bool[] _received;
        private readonly Tensor?[] _tensorSums;

        public Ledger(ComputationGraph graph)
        {
            _graph = graph;
            _sums = new double[graph.Count];
            _received = new bool[graph.Count];
            _tensorSums = new Tensor?[graph.HasTensors ? graph.Count : 0];
            _sums[^1] = 1;
            _received[^1] = true;
        }

        public List<BackwardStep> Steps { get; } = [];

        public void Visit(int node, double dout, double dx, double dy)
        {
            if (!_received[node])
            {
                return;
            }
            var layer = _graph.Layer(node)!;
            var inputs = NodeLabels.Inputs(_graph, node);
            var sent = new List<GradientSent>(inputs.Length);
            for (int i = 0; i < inputs.Length; i++)
            {
                int to = inputs[i];
                double gradient = i == 0 ? dx : dy;
                bool accumulated = _received[to];
                _sums[to] += gradient;
                _received[to] = true;
                sent.Add(new GradientSent(to, gradient, _sums[to], accumulated));
            }
            double x = inputs.Length > 0 ? _graph.Value(inputs[0]) : double.NaN, y = inputs.Length > 1 ? _graph.Value(inputs[1]) : double.NaN;
            Steps.Add(new BackwardStep(node, layer.Name, dout, layer.Rule, sent) { Call = _graph.CallOf(node), Note = layer.NoteAt(x, y) });
        }

        public void VisitTensor(int node, Tensor? dout, ReadOnlySpan<Tensor> sentTensors)
        {
            if (!_received[node] || dout is null)
            {
                return;
            }
            var layer = _graph.Layer(node)!;
            var inputs = NodeLabels.Inputs(_graph, node);
            var sent = new List<GradientSent>(inputs.Length);
            for (int i = 0; i < inputs.Length; i++)
            {
                int to = inputs[i];
                var g = sentTensors[i];
                bool accumulated = _received[to];
                _received[to] = true;
                if (!_graph.IsTensor(to))
                {
                    _sums[to] += g.Data[0];
                    sent.Add(new GradientSent(to, g.Data[0], _sums[to], accumulated));
                    continue;
                }
                var sum = _tensorSums[to] is { } previous ? previous.Copy() : Tensor.Zeros(g.Shape);
                sum.AddInPlace(g);
                _tensorSums[to] = sum;
                sent.Add(new GradientSent(to, double.NaN, double.NaN, accumulated) { GradientTensor = g, RunningSumTensor = sum });
            }
            bool scalarOut = !_graph.IsTensor(node);
            Steps.Add(new BackwardStep(node, layer.Name, scalarOut ? dout.Data[0] : double.NaN, layer.Rule, sent)
            {
                Call = _graph.CallOf(node),
                DoutTensor = scalarOut ? null : dout,
            });
        }
    }
}
