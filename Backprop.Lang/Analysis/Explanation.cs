using Backprop.Lang.Diagnostics;
using Backprop.Lang.Evaluation;
using Backprop.Lang.Graph;

namespace Backprop.Lang.Analysis;

/// <summary>
/// <c>:explain</c>: the forward and backward passes told in sentences, in the article's terms: which layer
/// receives which dout, which local rule it applies with the actual numbers, what it sends to each input and
/// where two contributions are summed; then the result, and why the first leaf's gradient is what it is.
/// Built on <see cref="Trace"/>, so each sentence tells the same step the gradient was computed with.
/// </summary>
public sealed record Explanation(IReadOnlyList<string> Steps)
{
    /// <summary>Sentences told at most: past this a huge graph's explanation says how many steps it left out.</summary>
    public const int MaxSteps = 10_000;

    /// <summary>Leaves named in the result sentence at most.</summary>
    public const int MaxLeavesInResult = 20;

    public static Explanation Of(GradientOutcome outcome, Func<double, string> number)
    {
        var told = Tell(outcome, number, out int omitted);
        if (omitted > 0) told.Add(Messages.ExplainCut(omitted, MaxSteps));
        return new Explanation(told);
    }

    private static List<string> Tell(GradientOutcome outcome, Func<double, string> number, out int omitted)
    {
        if (outcome.Graph.HasTensors)
        {
            omitted = 0;
            return TellTensors(outcome, number);
        }
        omitted = 0;
        var graph = outcome.Graph;
        var trace = Trace.Of(graph);
        var labels = new StepLabels(graph);
        var steps = new List<string>();
        int output = graph.Count - 1;
        foreach (var step in trace.Forward)
        {
            if (steps.Count >= MaxSteps)
            {
                omitted = trace.Forward.Count + trace.Backward.Count - steps.Count;
                return steps;
            }
            steps.Add(Messages.ExplainForward(labels.WithLayer(step.Node), Computation(graph, labels, step, number),
                number(step.Output), step.Node == output));
        }

        var senders = new Dictionary<int, List<string>>();
        foreach (var step in trace.Backward)
        {
            if (steps.Count >= MaxSteps)
            {
                omitted = trace.Forward.Count + trace.Backward.Count - steps.Count;
                return steps;
            }
            var inputs = NodeLabels.Inputs(graph, step.Node);
            var (x, y, z) = Operands(graph, step.Node);
            string from = step.Node == output ? Messages.ExplainDoutIsSeed : Messages.ExplainDoutFrom(senders[step.Node]);
            var sends = new List<string>();
            for (int i = 0; i < step.Sent.Count; i++)
            {
                var sent = step.Sent[i];
                string rule = LocalRule.For(graph.Layer(step.Node)!, i);
                string to = labels.Of(sent.To);
                string send = Messages.ExplainSend(rule[..2], LocalRule.Plugged(rule, step.Dout, x, y, z, number), number(sent.Gradient), to);
                if (sent.Accumulated)
                {
                    send += Messages.ExplainSumming(to, number(sent.RunningSum - sent.Gradient), number(sent.Gradient), number(sent.RunningSum));
                }
                sends.Add(send);
                if (!senders.TryGetValue(sent.To, out var list)) senders[sent.To] = list = [];
                if (!list.Contains(labels.Of(step.Node))) list.Add(labels.Of(step.Node));
            }
            steps.Add(Messages.ExplainBackward(labels.WithLayer(step.Node), number(step.Dout), from, step.Rule, Joined(sends))
                + (step.Note is { } note ? Messages.ExplainNote(step.Layer, note) : ""));
        }

        // A constant nobody wrote (leaky_relu's default slope, a derivative's 2) is not a leaf whose gradient is reported.
        var leaves = Enumerable.Range(0, graph.Count).Where(n => graph.Kind(n) is NodeKind.Literal or NodeKind.Input).ToList();
        if (leaves.Count > 0 && trace.Backward.Count > 0)
        {
            steps.Add(Messages.ExplainResult(leaves.Take(MaxLeavesInResult).Select(n => Messages.ExplainGradient(labels.Of(n), number(outcome.Gradients[n]))).ToList(),
                leaves.Count - Math.Min(leaves.Count, MaxLeavesInResult)));
            steps.Add(Why(outcome, trace, labels, leaves[0], number));
        }
        return steps;
    }

    // The same walk over a graph with tensors: each layer with its shapes, and why each gradient has its input's shape.
    private static List<string> TellTensors(GradientOutcome outcome, Func<double, string> number)
    {
        var graph = outcome.Graph;
        var trace = Trace.Of(graph);
        var labels = new StepLabels(graph);
        var steps = new List<string>();
        int output = graph.Count - 1;
        string Brief(Tensors.Tensor t) => Text.TensorText.Brief(t, number).Replace("\n", " ");
        string ShapeOf(int node) => Tensors.Shapes.Text(graph.ShapeOf(node));
        foreach (var step in trace.Forward.Take(MaxSteps / 2))
        {
            steps.Add(step.Shapes is { } shapes
                ? Messages.ExplainTensorForward(labels.WithLayer(step.Node), shapes, Brief(step.OutputTensor!), step.Node == output)
                : Messages.ExplainForward(labels.WithLayer(step.Node), Computation(graph, labels, step, number), number(step.Output), step.Node == output));
        }
        var senders = new Dictionary<int, List<string>>();
        foreach (var step in trace.Backward.Take(MaxSteps / 2))
        {
            var layer = graph.Layer(step.Node)!;
            var inputs = NodeLabels.Inputs(graph, step.Node);
            string from = step.Node == output ? Messages.ExplainDoutIsSeed : Messages.ExplainDoutFrom(senders.GetValueOrDefault(step.Node) ?? []);
            string dout = step.DoutTensor is { } d ? Brief(d) : number(step.Dout);
            var sends = new List<string>();
            for (int i = 0; i < step.Sent.Count; i++)
            {
                var sent = step.Sent[i];
                string to = labels.Of(sent.To);
                string gradient = sent.GradientTensor is { } g ? Brief(g) : number(sent.Gradient);
                string send = Messages.ExplainTensorSend(gradient, to, ShapeOf(sent.To));
                if (layer is Layers.MatMulLayer or Layers.AffineLayer && i < 2 && step.DoutTensor is { } dm)
                {
                    // dA = dout·Bᵀ: (m×n)·(n×k) = m×k, A's shape; dB = Aᵀ·dout: (k×m)·(m×n) = k×n, B's shape.
                    var other = Tensors.Shapes.Text(graph.ShapeOf(inputs[1 - i]).Reverse().ToArray());
                    send += Messages.ExplainMatMulShapes(i == 0, Tensors.Shapes.Text(dm.Shape), other, ShapeOf(sent.To), to);
                }
                else if (layer is Layers.BroadcastToLayer || (layer is Layers.AffineLayer && i == 2))
                {
                    send += Messages.ExplainSumToShape(dout, ShapeOf(sent.To));
                }
                sends.Add(send);
                if (!senders.TryGetValue(sent.To, out var list)) senders[sent.To] = list = [];
                if (!list.Contains(labels.Of(step.Node))) list.Add(labels.Of(step.Node));
            }
            steps.Add(Messages.ExplainTensorBackward(labels.WithLayer(step.Node), dout, from, step.Rule, Joined(sends)));
        }
        var leaves = Enumerable.Range(0, graph.Count).Where(n => graph.Kind(n) is NodeKind.Literal or NodeKind.Input).Take(MaxLeavesInResult).ToList();
        if (leaves.Count > 0 && trace.Backward.Count > 0)
        {
            steps.Add(Messages.ExplainTensorResult(leaves.Select(n => Messages.ExplainTensorGradient(labels.Of(n), ShapeOf(n),
                graph.IsTensor(n) ? Brief(outcome.TensorGradientOf(n)) : number(outcome.Gradients[n]))).ToList()));
        }
        return steps;
    }

    /// <summary><c>1 * 2</c>, or <c>#1 * #2 = 2 * 30</c> when an input is not a literal; <c>exp(x) = exp(3)</c> for a function.</summary>
    private static string Computation(ComputationGraph graph, StepLabels labels, ForwardStep step, Func<double, string> number)
    {
        var layer = graph.Layer(step.Node)!;
        string named = Written(layer, step.Inputs.Select(labels.Of).ToList());
        string valued = Written(layer, step.InputValues.Select(number).ToList());
        return named == valued ? named : $"{named} = {valued}";
    }

    private static string Written(Layers.Layer layer, IReadOnlyList<string> operands)
    {
        bool function = char.IsAsciiLetter(layer.Symbol[0]);
        if (function) return $"{layer.Symbol}({string.Join(", ", operands)})";
        return operands.Count == 1 ? $"{layer.Symbol}{operands[0]}" : $"{operands[0]} {layer.Symbol} {operands[1]}";
    }

    private static (double X, double Y, double Z) Operands(ComputationGraph graph, int node)
    {
        var inputs = NodeLabels.Inputs(graph, node);
        return (graph.Value(inputs[0]), inputs.Length > 1 ? graph.Value(inputs[1]) : 0, graph.Value(node));
    }

    /// <summary>
    /// Why one leaf's gradient is what it is: along a single path, the product of the local derivatives
    /// (the chain rule); with several uses, the sum of what each use sent.
    /// </summary>
    private static string Why(GradientOutcome outcome, Trace trace, StepLabels labels, int leaf, Func<double, string> number)
    {
        var graph = outcome.Graph;
        string name = labels.Of(leaf);
        string value = number(outcome.Gradients[leaf]);
        // Each use of a node: the layer that uses it, and as which input.
        var uses = new Dictionary<int, List<(int Consumer, int Slot, double Sent)>>();
        foreach (var step in trace.Backward)
        {
            for (int i = 0; i < step.Sent.Count; i++)
            {
                if (!uses.TryGetValue(step.Sent[i].To, out var list)) uses[step.Sent[i].To] = list = [];
                list.Add((step.Node, i, step.Sent[i].Gradient));
            }
        }
        if (!uses.TryGetValue(leaf, out var leafUses))
        {
            return Messages.ExplainNoGradient(name);
        }
        if (leafUses.Count > 1)
        {
            return Messages.ExplainSum(name, value, leafUses.Select(u => number(u.Sent)).ToList());
        }

        // Up from the leaf while every node on the way has exactly one use: then the path is unique.
        var factors = new List<string> { "dL/dL = 1" };
        var numbers = new List<string> { "1" };
        var chain = new List<(string Factor, string Number)>();
        int node = leaf;
        int output = graph.Count - 1;
        while (node != output)
        {
            if (!uses.TryGetValue(node, out var nodeUses) || nodeUses.Count != 1)
            {
                var first = leafUses[0];
                return Messages.ExplainOneUse(name, value, labels.Of(first.Consumer), number(outcome.Gradients[first.Consumer]));
            }
            var (consumer, slot, _) = nodeUses[0];
            var (x, y, z) = Operands(graph, consumer);
            graph.Layer(consumer)!.Backward(1, x, y, z, out double dx, out double dy);
            string local = number(slot == 0 ? dx : dy);
            chain.Add(($"d{labels.Of(consumer)}/d{Wrapped(labels.Of(node))} = {local}", local));
            node = consumer;
        }
        chain.Reverse();
        factors.AddRange(chain.Select(c => c.Factor));
        numbers.AddRange(chain.Select(c => c.Number));
        return Messages.ExplainPath(name, value, factors, numbers);
    }

    /// <summary><c>d#1/d(1)</c>: a number in parentheses, so d1 is not read as one word.</summary>
    private static string Wrapped(string label) => char.IsAsciiDigit(label[0]) ? $"({label})" : label;

    private static string Joined(IReadOnlyList<string> parts) =>
        Text.Language.IsJapanese ? string.Join("、", parts)
        : parts.Count == 1 ? parts[0] : string.Join(", ", parts.Take(parts.Count - 1)) + " and " + parts[^1];
}
