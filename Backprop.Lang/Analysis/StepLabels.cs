using System.Globalization;
using Backprop.Lang.Graph;

namespace Backprop.Lang.Analysis;

/// <summary>
/// How people see the nodes of one expression's graph: the layer nodes numbered #1, #2, ... in the order
/// they run (no gaps where leaves sit between them), a named intermediate by its name, a leaf by its text.
/// </summary>
public sealed class StepLabels
{
    private readonly ComputationGraph _graph;
    private readonly int[] _numbers;

    public StepLabels(ComputationGraph graph)
    {
        _graph = graph;
        _numbers = new int[graph.Count];
        int next = 0;
        for (int node = 0; node < graph.Count; node++)
        {
            if (graph.Kind(node) == NodeKind.Operation) _numbers[node] = ++next;
        }
    }

    /// <summary><c>#3</c> for the third layer node, the name of a named node, the text of a literal.</summary>
    public string Of(int node) =>
        _graph.Kind(node) == NodeKind.Operation && _graph.Name(node) is null
            ? "#" + _numbers[node].ToString(CultureInfo.InvariantCulture)
            : NodeLabels.Short(_graph, node);

    /// <summary>The layer's name and label, as in <c>#3 MulLayer</c>, or the label of a leaf.</summary>
    public string WithLayer(int node) =>
        _graph.Layer(node) is { } layer ? $"{Of(node)} {layer.Name}" : Of(node);
}
