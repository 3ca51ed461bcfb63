using Backprop.Lang.Analysis;
using Backprop.Lang.Evaluation;

namespace Backprop.Repl.Output;

/// <summary>Names and positions of an outcome's leaves, as the tables show them.</summary>
internal static class LeafNames
{
    public static string Label(GradientOutcome outcome, int node) => NodeLabels.Short(outcome.Graph, node);

    public static string Position(GradientOutcome outcome, int node) =>
        outcome.Graph.Kind(node) == Backprop.Lang.Graph.NodeKind.Literal ? NodeLabels.Position(outcome.Graph, node) : "";

    public static string Kind(GradientOutcome outcome, int node) => outcome.Graph.Kind(node) switch
    {
        Backprop.Lang.Graph.NodeKind.Literal => "literal",
        Backprop.Lang.Graph.NodeKind.Input => "input",
        _ => "intermediate",
    };
}
