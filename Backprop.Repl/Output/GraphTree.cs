using Backprop.Lang.Analysis;
using Backprop.Lang.Evaluation;
using Backprop.Lang.Graph;
using Spectre.Console;

namespace Backprop.Repl.Output;

/// <summary>
/// <c>:graph</c>: the expression's graph as a Spectre.Console tree from L down to the leaves, each node
/// with its layer, forward value and gradient. A node with several consumers is drawn once; where it is
/// used again the tree says so instead of drawing it twice. Built with an explicit stack, and cut at
/// <see cref="MaxNodes"/> nodes and <see cref="MaxDepth"/> levels so a huge graph prints a readable start.
/// </summary>
internal static class GraphTree
{
    public const int MaxNodes = 300;
    public const int MaxDepth = 64;

    public static Tree Build(GradientOutcome outcome, NumberFormat numbers)
    {
        var graph = outcome.Graph;
        var labels = new StepLabels(graph);
        int output = outcome.Output;
        var tree = new Tree(Label(outcome, labels, output, numbers));
        var drawn = new HashSet<int> { output };
        var pending = new Stack<(int Node, IHasTreeNodes Parent, int Depth)>();
        PushInputs(graph, output, tree, 1, pending);
        int shown = 1;
        while (pending.Count > 0)
        {
            var (node, parent, depth) = pending.Pop();
            if (shown >= MaxNodes || depth > MaxDepth)
            {
                parent.AddNode(Fit.Cell(ReplMessages.GraphCut(shown, graph.Count)));
                pending.Clear();
                break;
            }
            if (!drawn.Add(node))
            {
                parent.AddNode(Fit.Cell($"{labels.Of(node)} {ReplMessages.GraphShared(NodeLabels.Layer(graph, node))}"));
                continue;
            }
            shown++;
            var child = parent.AddNode(Label(outcome, labels, node, numbers));
            PushInputs(graph, node, child, depth + 1, pending);
        }
        return tree;
    }

    private static void PushInputs(ComputationGraph graph, int node, IHasTreeNodes parent, int depth, Stack<(int, IHasTreeNodes, int)> pending)
    {
        var inputs = NodeLabels.Inputs(graph, node);
        for (int i = inputs.Length - 1; i >= 0; i--)
        {
            pending.Push((inputs[i], parent, depth));
        }
    }

    private static Text Label(GradientOutcome outcome, StepLabels labels, int node, NumberFormat numbers)
    {
        var graph = outcome.Graph;
        string position = NodeLabels.Position(graph, node);
        string at = position.Length > 0 ? $" @{position}" : "";
        return Fit.Cell($"{labels.Of(node)} {NodeLabels.Layer(graph, node)}{at}  value {numbers.Format(graph.Value(node))}  grad {numbers.Format(outcome.Gradients[node])}");
    }
}
