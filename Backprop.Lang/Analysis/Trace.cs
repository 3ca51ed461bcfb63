using Backprop.Lang.Graph;

namespace Backprop.Lang.Analysis;

/// <summary>One layer node running forward: its inputs' values and its output.</summary>
public sealed record ForwardStep(int Node, string Layer, IReadOnlyList<int> Inputs, IReadOnlyList<double> InputValues, double Output);

/// <summary>What one backward call sent to one input: the gradient, and the input's total so far.</summary>
public sealed record GradientSent(int To, double Gradient, double RunningSum, bool Accumulated);

/// <summary>One layer node running backward: the upstream gradient, the local rule, what it sent to each input.</summary>
public sealed record BackwardStep(int Node, string Layer, double Dout, string Rule, IReadOnlyList<GradientSent> Sent);

/// <summary>
/// The chain-rule ledger of an expression's graph, as the article walks it by hand
/// (<c>dout1, dout2 = mul_layer2.backward(1)</c> ...): forward in creation order, then backward in
/// reverse. The backward half is recorded by watching the graph's own backward walk, so it shows exactly
/// what the gradients were computed with.
/// </summary>
public sealed record Trace(IReadOnlyList<ForwardStep> Forward, IReadOnlyList<BackwardStep> Backward)
{
    public static Trace Of(ComputationGraph graph)
    {
        var forward = new List<ForwardStep>();
        for (int node = 0; node < graph.Count; node++)
        {
            var layer = graph.Layer(node);
            if (layer is null) continue;
            var inputs = NodeLabels.Inputs(graph, node);
            forward.Add(new ForwardStep(node, layer.Name, inputs, inputs.Select(graph.Value).ToArray(), graph.Value(node)));
        }
        if (graph.Count == 0)
        {
            return new Trace(forward, []);
        }
        var ledger = new Ledger(graph);
        graph.Backward(graph.Count - 1, new double[graph.Count], ref ledger);
        return new Trace(forward, ledger.Steps);
    }

    // Records each step of the walk. A node is listed once something has been sent to it (a zero too, as the
    // article's hand walk would write it), with what it sent and each input's running total.
    private readonly struct Ledger : IBackwardObserver
    {
        private readonly ComputationGraph _graph;
        private readonly double[] _sums;
        private readonly bool[] _received;

        public Ledger(ComputationGraph graph)
        {
            _graph = graph;
            _sums = new double[graph.Count];
            _received = new bool[graph.Count];
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
            Steps.Add(new BackwardStep(node, layer.Name, dout, layer.Rule, sent));
        }
    }
}
