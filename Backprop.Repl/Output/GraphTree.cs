using Backprop.Lang.Analysis;
using Backprop.Lang.Evaluation;
using Backprop.Lang.Graph;
using Spectre.Console;

namespace Backprop.Repl.Output;

/// <summary>
/// <c>:graph</c>: the expression's graph as a Spectre.Console tree from L down to the leaves, each node
/// with its layer, forward value and gradient. A node with several consumers is drawn once; where it is
/// used again the tree says so instead of drawing it twice. Built with an explicit stack, and cut at
/// <see cref="MaxNodes"/> nodes and at the levels the console's width can show (each level indents four columns;
/// past that Spectre wraps the labels to nothing and silently drops the rest), saying what was not drawn.
/// </summary>
internal static class GraphTree
{
    public const int MaxNodes = 300;
    public const int MaxDepth = 64;

    /// <summary>Columns a label keeps at the deepest level drawn.</summary>
    private const int LabelColumns = 36;

    /// <summary>How many levels fit in <paramref name="width"/> columns, at most <see cref="MaxDepth"/>.</summary>
    public static int LevelsFor(int width) => Math.Clamp((width - LabelColumns) / 4, 1, MaxDepth);

    public static Tree Build(GradientOutcome outcome, NumberFormat numbers, int maxDepth = MaxDepth)
    {
        var graph = outcome.Graph;
        var labels = new StepLabels(graph);
        int output = outcome.Output;
        // The node a call of the user's function ends in carries the call's name: the composite layer it is the output of.
        var ends = new Dictionary<int, string>();
        foreach (var call in graph.Calls.Where(c => c.Output >= 0 && graph.CallOf(c.Output) >= 0).Reverse())
        {
            ends[call.Output] = ends.TryGetValue(call.Output, out var inner) ? $"{DotWriter.CallLabel(call)} ⊃ {inner}" : DotWriter.CallLabel(call);
        }
        Text Labelled(int node) => Label(outcome, labels, node, numbers, ends.TryGetValue(node, out var call) ? $"[{call}] " : "");
        var tree = new Tree(Labelled(output));
        var drawn = new HashSet<int> { output };
        var pending = new Stack<(int Node, IHasTreeNodes Parent, int Depth)>();
        PushInputs(graph, output, tree, 1, pending);
        int shown = 1;
        bool cutDeep = false;
        while (pending.Count > 0)
        {
            var (node, parent, depth) = pending.Pop();
            if (shown >= MaxNodes)
            {
                parent.AddNode(Fit.Cell(ReplMessages.GraphCut(shown, graph.Count)));
                pending.Clear();
                break;
            }
            if (depth > maxDepth)
            {
                if (!drawn.Contains(node))
                {
                    parent.AddNode(new Text(ReplMessages.GraphLevelsCut(Depth(graph, output) - maxDepth)));
                    cutDeep = true;
                }
                continue;
            }
            if (!drawn.Add(node))
            {
                parent.AddNode(Fit.Cell($"{labels.Of(node)} {ReplMessages.GraphShared(LayerShown(graph, node))}"));
                continue;
            }
            shown++;
            var child = parent.AddNode(Labelled(node));
            PushInputs(graph, node, child, depth + 1, pending);
        }
        if (cutDeep && shown < MaxNodes)
        {
            tree.AddNode(new Text(ReplMessages.GraphDeepSummary(maxDepth, Depth(graph, output), graph.Count - shown)));
        }
        return tree;
    }

    /// <summary>The longest path from <paramref name="output"/> down to a leaf, in edges: one pass from the end (creation order is topological).</summary>
    internal static int Depth(ComputationGraph graph, int output)
    {
        var depth = new int[output + 1];
        Array.Fill(depth, -1);
        depth[output] = 0;
        int deepest = 0;
        for (int node = output; node >= 0; node--)
        {
            if (depth[node] < 0) continue;
            deepest = Math.Max(deepest, depth[node]);
            foreach (int input in NodeLabels.Inputs(graph, node))
            {
                depth[input] = Math.Max(depth[input], depth[node] + 1);
            }
        }
        return deepest;
    }

    private static void PushInputs(ComputationGraph graph, int node, IHasTreeNodes parent, int depth, Stack<(int, IHasTreeNodes, int)> pending)
    {
        var inputs = NodeLabels.Inputs(graph, node);
        for (int i = inputs.Length - 1; i >= 0; i--)
        {
            pending.Push((inputs[i], parent, depth));
        }
    }

    // What the node is, in the current language (the JSON keeps NodeLabels.Layer's English).
    private static string LayerShown(ComputationGraph graph, int node) => NodeLabels.Layer(graph, node) switch
    {
        "literal" => Lang.Text.Language.Text("literal", "リテラル"),
        "input" => Lang.Text.Language.Text("input", "入力"),
        "constant" => Lang.Text.Language.Text("constant", "定数"),
        var layer => layer,
    };

    private static string Value => Lang.Text.Language.Text("value", "値");

    private static string Grad => Lang.Text.Language.Text("grad", "勾配");

    private static Text Label(GradientOutcome outcome, StepLabels labels, int node, NumberFormat numbers, string call = "")
    {
        var graph = outcome.Graph;
        string position = NodeLabels.Position(graph, node);
        string at = position.Length > 0 ? $" @{position}" : "";
        if (graph.IsTensor(node))
        {
            // A tensor node: its shape, then its value and gradient in brief.
            string Brief(Lang.Tensors.Tensor t) => Lang.Text.TensorText.Brief(t, numbers.Format).Replace("\n", "");
            return Fit.Cell($"{call}{labels.Of(node)} {LayerShown(graph, node)}{at}  {Lang.Tensors.Shapes.Text(graph.ShapeOf(node))}" +
                $"  {Value} {Brief(graph.TensorValue(node))}  {Grad} {Brief(outcome.TensorGradientOf(node))}");
        }
        return Fit.Cell($"{call}{labels.Of(node)} {LayerShown(graph, node)}{at}  {Value} {numbers.Format(graph.Value(node))}  {Grad} {numbers.Format(outcome.Gradients[node])}");
    }
}
