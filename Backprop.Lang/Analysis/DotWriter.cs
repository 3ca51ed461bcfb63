using System.Globalization;
using System.Text;
using Backprop.Lang.Graph;

namespace Backprop.Lang.Analysis;

/// <summary>
/// Graphviz DOT for an expression's graph, laid out like the article's pictures: left to right, leaves on
/// the left and L on the right, each edge labelled with the forward value above and, below it in a second
/// colour, the gradient sent back along that edge. A node used twice appears once, with one edge out per use.
/// </summary>
public static class DotWriter
{
    public const string ForwardColour = "#1f4e79";
    public const string GradientColour = "#c0392b";

    public static string Write(ComputationGraph graph, Func<double, string> number)
    {
        var trace = Trace.Of(graph);
        // One edge per use: x*x has two edges from x, each with the gradient that use sends back.
        var sentAlong = new Dictionary<(int To, int Node, int Slot), double>();
        var tensorsAlong = new Dictionary<(int To, int Node, int Slot), Tensors.Tensor>();
        foreach (var step in trace.Backward)
        {
            for (int slot = 0; slot < step.Sent.Count; slot++)
            {
                sentAlong[(step.Sent[slot].To, step.Node, slot)] = step.Sent[slot].Gradient;
                if (step.Sent[slot].GradientTensor is { } g) tensorsAlong[(step.Sent[slot].To, step.Node, slot)] = g;
            }
        }
        // A tensor on an edge is its shape, and its elements when there are a few (the graph stays readable).
        string Shown(double value, Tensors.Tensor? tensor) => tensor is null ? number(value)
            : tensor.Count <= 4 ? $"{Text.TensorText.Of(tensor, number).Replace("\n", "")} ({Tensors.Shapes.Text(tensor.Shape)})"
            : Tensors.Shapes.Text(tensor.Shape);

        var dot = new StringBuilder();
        dot.AppendLine("digraph backprop {");
        dot.AppendLine("  rankdir=LR;");
        // Keep inputs top to bottom in the order they are written: 10 above 20 in (10+20).
        dot.AppendLine("  ordering=in;");
        dot.AppendLine("  node [fontname=\"Helvetica\", fontsize=12];");
        dot.AppendLine("  edge [fontname=\"Helvetica\", fontsize=11];");
        WriteNodes(dot, graph);
        dot.AppendLine("  L [shape=plaintext, label=\"L\"];");
        for (int node = 0; node < graph.Count; node++)
        {
            var inputs = NodeLabels.Inputs(graph, node);
            for (int slot = 0; slot < inputs.Length; slot++)
            {
                int input = inputs[slot];
                double gradient = sentAlong.GetValueOrDefault((input, node, slot));
                var value = graph.IsTensor(input) ? graph.TensorValue(input) : null;
                dot.Append("  ").Append(Id(input)).Append(" -> ").Append(Id(node))
                    .Append(" [label=").Append(EdgeLabel(Shown(graph.Value(input), value),
                        Shown(gradient, tensorsAlong.GetValueOrDefault((input, node, slot))))).AppendLine("];");
            }
        }
        if (graph.Count > 0)
        {
            int output = graph.Count - 1;
            dot.Append("  ").Append(Id(output)).Append(" -> L [label=").Append(EdgeLabel(number(graph.Value(output)), number(1))).AppendLine("];");
        }
        dot.AppendLine("}");
        return dot.ToString();
    }

    /// <summary>Label of the cluster a call of the user's function is drawn as.</summary>
    public static string CallLabel(CallGroup call) => $"{call.Function} (call at {NodeLabels.Position(call.Site)})";

    // Every node once; the nodes of a call of the user's function inside a labelled cluster (subgraph cluster_N),
    // nested as the calls are. Written with a stack: functions may call each other as deep as the user defined them.
    private static void WriteNodes(StringBuilder dot, ComputationGraph graph)
    {
        var calls = graph.Calls;
        var top = new List<int>();
        var members = new List<int>?[calls.Count];
        for (int node = 0; node < graph.Count; node++)
        {
            int call = graph.CallOf(node);
            (call < 0 ? top : members[call] ??= []).Add(node);
        }
        foreach (int node in top)
        {
            WriteNode(dot, graph, node, 1);
        }
        if (calls.Count == 0) return;

        var children = new List<int>?[calls.Count];
        var outermost = new List<int>();
        for (int call = 0; call < calls.Count; call++)
        {
            int parent = calls[call].Parent;
            (parent < 0 ? outermost : children[parent] ??= []).Add(call);
        }
        // Whether a call has a node to draw, itself or in a call inside it (parents come before their calls).
        var drawn = new bool[calls.Count];
        for (int call = calls.Count - 1; call >= 0; call--)
        {
            drawn[call] |= members[call] is { Count: > 0 };
            if (drawn[call] && calls[call].Parent >= 0) drawn[calls[call].Parent] = true;
        }
        var pending = new Stack<(int Call, int Depth, bool Close)>();
        for (int i = outermost.Count - 1; i >= 0; i--) pending.Push((outermost[i], 1, false));
        while (pending.TryPop(out var item))
        {
            var (call, depth, close) = item;
            string indent = new(' ', 2 * Math.Min(depth, 16));
            if (close)
            {
                dot.Append(indent).AppendLine("}");
                continue;
            }
            if (!drawn[call]) continue;
            dot.Append(indent).Append("subgraph cluster_").Append(call.ToString(CultureInfo.InvariantCulture)).AppendLine(" {");
            dot.Append(indent).Append("  label=\"").Append(Escape(CallLabel(calls[call]), inLabel: true)).AppendLine("\";");
            dot.Append(indent).AppendLine("  style=\"rounded,dashed\"; color=\"#7f8c8d\"; fontname=\"Helvetica\"; fontsize=11;");
            foreach (int node in members[call] ?? [])
            {
                WriteNode(dot, graph, node, depth + 1);
            }
            pending.Push((call, depth, true));
            var inner = children[call] ?? [];
            for (int i = inner.Count - 1; i >= 0; i--) pending.Push((inner[i], depth + 1, false));
        }
    }

    private static void WriteNode(StringBuilder dot, ComputationGraph graph, int node, int depth) =>
        dot.Append(' ', 2 * Math.Min(depth, 16)).Append(Id(node)).Append(" [").Append(NodeAttributes(graph, node)).AppendLine("];");

    private static string Id(int node) => "n" + node.ToString(CultureInfo.InvariantCulture);

    private static string NodeAttributes(ComputationGraph graph, int node)
    {
        string position = NodeLabels.Position(graph, node);
        switch (graph.Kind(node))
        {
            case NodeKind.Literal:
            case NodeKind.Input:
            case NodeKind.Constant:
                string text = NodeLabels.Short(graph, node);
                string label = position.Length > 0 ? $"{text}\\n{position}" : text;
                return $"shape=box, style=rounded, label=\"{Escape(label, inLabel: true)}\"";
            default:
                var layer = graph.Layer(node)!;
                string symbol = layer.Symbol switch { "*" => "×", "/" => "÷", "-" when layer.Arity == 1 => "−x", var s => s };
                string name = graph.Name(node) is { } n ? n + "\\n" : "";
                return $"shape={(symbol.Length <= 2 && name.Length == 0 ? "circle" : "ellipse")}, label=\"{name}{Escape(symbol, inLabel: true)}\", tooltip=\"{layer.Name} at {position}\"";
        }
    }

    private static string EdgeLabel(string forward, string gradient) =>
        $"<<font color=\"{ForwardColour}\">{Html(forward)}</font><br/><font color=\"{GradientColour}\">{Html(gradient)}</font>>";

    private static string Escape(string text, bool inLabel) =>
        inLabel ? text.Replace("\"", "\\\"") : text.Replace("\\", "\\\\").Replace("\"", "\\\"");

    private static string Html(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
