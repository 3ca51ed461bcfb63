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
/// reverse, each step calling the same layer rule the gradient was computed with.
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

        // The same walk as ComputationGraph.Backward, recording each step instead of only summing.
        var sums = new double[graph.Count];
        var received = new bool[graph.Count];
        var backward = new List<BackwardStep>();
        if (graph.Count > 0)
        {
            sums[^1] = 1;
            received[^1] = true;
        }
        for (int node = graph.Count - 1; node >= 0; node--)
        {
            var layer = graph.Layer(node);
            if (layer is null || !received[node]) continue;
            var inputs = NodeLabels.Inputs(graph, node);
            double x = graph.Value(inputs[0]), y = inputs.Length > 1 ? graph.Value(inputs[1]) : 0;
            layer.Backward(sums[node], x, y, graph.Value(node), out double dx, out double dy);
            var sent = new List<GradientSent>();
            for (int i = 0; i < inputs.Length; i++)
            {
                int to = inputs[i];
                bool accumulated = received[to];
                sums[to] += i == 0 ? dx : dy;
                received[to] = true;
                sent.Add(new GradientSent(to, i == 0 ? dx : dy, sums[to], accumulated));
            }
            backward.Add(new BackwardStep(node, layer.Name, sums[node], layer.Rule, sent));
        }
        return new Trace(forward, backward);
    }
}
