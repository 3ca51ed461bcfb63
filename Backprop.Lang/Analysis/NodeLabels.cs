using System.Globalization;
using Backprop.Lang.Graph;

namespace Backprop.Lang.Analysis;

/// <summary>How a node of an expression's graph is called in traces, trees and pictures.</summary>
public static class NodeLabels
{
    /// <summary><c>10</c> for a literal, the name for a variable or a named intermediate, <c>#4</c> otherwise.</summary>
    public static string Short(ComputationGraph graph, int node) => graph.Kind(node) switch
    {
        NodeKind.Literal => graph.Origin(node).Text is { Length: > 0 } text ? text : Text.NumberText.Format(graph.Value(node)),
        // A number a derivative rule brought in: its origin is the grad(...) that built it, so show the number.
        NodeKind.Constant => Text.NumberText.Format(graph.Value(node)),
        _ => graph.Name(node) ?? "#" + node.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The layer's name, or what kind of leaf the node is.</summary>
    public static string Layer(ComputationGraph graph, int node) => graph.Kind(node) switch
    {
        NodeKind.Literal => "literal",
        NodeKind.Input => "input",
        NodeKind.Constant => "constant",
        _ => graph.Layer(node)!.Name,
    };

    /// <summary>Where the node was written, <c>line:column</c>, or empty.</summary>
    public static string Position(ComputationGraph graph, int node) => Position(graph.Origin(node));

    /// <summary><c>line:column</c> of an origin, or empty when it has none.</summary>
    public static string Position(NodeOrigin origin) => origin.Source is null ? "" : $"{origin.Line}:{origin.Column}";

    /// <summary>The node's inputs: none for a leaf, one or two for an operation.</summary>
    public static int[] Inputs(ComputationGraph graph, int node) =>
        graph.Kind(node) != NodeKind.Operation ? [] : graph.Inputs(node);
}
