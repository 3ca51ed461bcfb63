using Backprop.Lang.Analysis;
using Backprop.Lang.Graph;

namespace Backprop.Lang.Drawing;

/// <summary>One node's place in the picture, in pixels (its centre).</summary>
public readonly record struct NodePlace(int Node, double X, double Y, int Rank);

/// <summary>
/// A layered layout of an expression's graph, drawn as <c>backprop dot</c> draws it (rankdir=LR): leaves on the
/// left, L on the right, each operation one column right of its furthest input, each leaf one column left of its
/// first consumer, and inputs top to bottom in the order they are written (10 above 20 in (10+20)). Deterministic,
/// and no recursion: the walk from L keeps its own stack, so a long chain lays out like a short one. The page draws
/// its graph on it, and <see cref="GraphSvg"/> the notebook's picture, so the two look alike.
/// </summary>
public sealed class GraphLayout
{
    public const double ColumnWidth = 170;
    public const double RowHeight = 92;
    public const double Margin = 50;

    private GraphLayout(IReadOnlyList<NodePlace> places, double sinkX, double width, double height)
    {
        Places = places;
        SinkX = sinkX;
        Width = width;
        Height = height;
    }

    /// <summary>Indexed by node.</summary>
    public IReadOnlyList<NodePlace> Places { get; }

    /// <summary>Where the label L stands, right of the output, level with it.</summary>
    public double SinkX { get; }

    public double Width { get; }
    public double Height { get; }

    /// <summary>Half the width of an operation's circle, and the least half width of a leaf's box.</summary>
    public const double Radius = 24;

    /// <summary>A leaf's text longer than this (a tensor literal written out) is shown as its shape instead.</summary>
    public const int MaxLeafText = 10;

    /// <summary>
    /// What a leaf's box says: its text (<c>10</c>, <c>x</c>, <c>[1, -1]</c>), or for a tensor whose text is long
    /// (<c>[[1, 2], [3, 4]]</c>, <c>randn(784, 50)</c>) its shape.
    /// </summary>
    public static string LeafLabel(ComputationGraph graph, int node)
    {
        string text = NodeLabels.Short(graph, node);
        return graph.IsTensor(node) && text.Length > MaxLeafText ? Tensors.Shapes.Text(graph.ShapeOf(node)) : text;
    }

    /// <summary>Half a node's width: a leaf's box grows with its label, so edges start at its edge.</summary>
    public static double HalfWidth(ComputationGraph graph, int node) =>
        graph.Kind(node) == NodeKind.Operation ? Radius : Math.Max(Radius, LeafLabel(graph, node).Length * 4.2 + 8);

    public static GraphLayout Of(ComputationGraph graph)
    {
        int count = graph.Count;
        if (count == 0) return new GraphLayout([], Margin, 2 * Margin, 2 * Margin);

        // Columns: an operation right of its inputs (creation order is topological, so one pass forward).
        var rank = new int[count];
        var firstConsumerRank = new int[count];
        Array.Fill(firstConsumerRank, int.MaxValue);
        for (int node = 0; node < count; node++)
        {
            var inputs = NodeLabels.Inputs(graph, node);
            foreach (int input in inputs) rank[node] = Math.Max(rank[node], rank[input] + 1);
        }
        for (int node = 0; node < count; node++)
        {
            foreach (int input in NodeLabels.Inputs(graph, node)) firstConsumerRank[input] = Math.Min(firstConsumerRank[input], rank[node]);
        }
        for (int node = 0; node < count; node++)
        {
            if (graph.Kind(node) != NodeKind.Operation && firstConsumerRank[node] != int.MaxValue) rank[node] = firstConsumerRank[node] - 1;
        }

        // Rows: walk from the output, first input first; each leaf takes the next row the first time it is met,
        // each operation sits halfway between its inputs.
        var row = new double[count];
        var placed = new bool[count];
        int nextRow = 0;
        var stack = new Stack<(int Node, bool InputsDone)>();
        stack.Push((count - 1, false));
        while (stack.Count > 0)
        {
            var (node, inputsDone) = stack.Pop();
            if (placed[node]) continue;
            var inputs = NodeLabels.Inputs(graph, node);
            if (inputs.Length == 0)
            {
                row[node] = nextRow++;
                placed[node] = true;
            }
            else if (inputsDone)
            {
                row[node] = inputs.Average(i => row[i]);
                placed[node] = true;
            }
            else
            {
                stack.Push((node, true));
                for (int i = inputs.Length - 1; i >= 0; i--)
                {
                    if (!placed[inputs[i]]) stack.Push((inputs[i], false));
                }
            }
        }

        // Two nodes of one column never share a row: push the lower one down.
        foreach (var column in Enumerable.Range(0, count).GroupBy(n => rank[n]))
        {
            double last = double.NegativeInfinity;
            foreach (int node in column.OrderBy(n => row[n]).ThenBy(n => n))
            {
                if (row[node] < last + 1) row[node] = last + 1;
                last = row[node];
            }
        }

        int columns = rank.Max() + 1;
        double rows = row.Max() + 1;
        // A wide leaf box in the first column ([1, -1][0]) moves the picture right rather than off its left edge.
        double left = Margin;
        for (int node = 0; node < count; node++)
        {
            if (rank[node] == 0) left = Math.Max(left, HalfWidth(graph, node) + 6);
        }
        var places = new NodePlace[count];
        for (int node = 0; node < count; node++)
        {
            places[node] = new NodePlace(node, left + rank[node] * ColumnWidth, Margin + row[node] * RowHeight, rank[node]);
        }
        double sinkX = left + columns * ColumnWidth - ColumnWidth / 3;
        return new GraphLayout(places, sinkX, sinkX + Margin, Margin * 2 + (rows - 1) * RowHeight + 20);
    }
}
