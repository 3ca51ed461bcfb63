using System.Globalization;
using System.Text;
using Backprop.Lang.Analysis;
using Backprop.Lang.Graph;
using Backprop.Lang.Tensors;

namespace Backprop.Lang.Drawing;

/// <summary>
/// An expression's graph as a standalone SVG picture, laid out by <see cref="GraphLayout"/> as the page draws it: leaves
/// on the left, L on the right, each edge with its forward value above it and, below in red, the gradient sent back
/// along it; a node that receives several gradients shows their sum; a call of the user's function is a dashed box.
/// Colours and sizes are attributes, not a style sheet, so the picture looks the same inline in a notebook's HTML
/// (where a style element would restyle the whole page) as in a file.
/// </summary>
public static class GraphSvg
{
    /// <summary>Past this many nodes the picture says so instead: an SVG of thousands of nodes helps nobody.</summary>
    public const int MaxDrawn = 400;

    private const string Ink = "#222", Edge = "#777", Muted = "#666";
    private const string Font = "ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace";

    /// <summary>The picture, or null past <see cref="MaxDrawn"/> nodes; <paramref name="number"/> writes each value and gradient.</summary>
    public static string? Write(ComputationGraph graph, Func<double, string> number)
    {
        if (graph.Count > MaxDrawn)
        {
            return null;
        }
        var svg = new StringBuilder();
        var layout = GraphLayout.Of(graph);
        Open(svg, layout.Width, layout.Height);
        if (graph.Count == 0)
        {
            return svg.Append("</svg>\n").ToString();
        }

        // What each use sent back, summed per edge (x*x draws one edge from x, carrying both uses), and per node.
        var trace = Trace.Of(graph);
        var along = new Dictionary<(int From, int To), (double Sum, Tensor? Tensor)>();
        var received = new List<double>?[graph.Count];
        foreach (var step in trace.Backward)
        {
            foreach (var sent in step.Sent)
            {
                var key = (sent.To, step.Node);
                var (sum, tensor) = along.GetValueOrDefault(key);
                along[key] = (sum + sent.Gradient, sent.GradientTensor is { } g ? Added(tensor, g) : tensor);
                (received[sent.To] ??= []).Add(sent.Gradient);
            }
        }

        Calls(svg, graph, layout);
        for (int node = 0; node < graph.Count; node++)
        {
            var to = layout.Places[node];
            foreach (int input in NodeLabels.Inputs(graph, node).Distinct())
            {
                var from = layout.Places[input];
                var (gradient, tensor) = along.GetValueOrDefault((input, node));
                bool isTensor = graph.IsTensor(input);
                DrawEdge(svg, from.X + GraphLayout.HalfWidth(graph, input), from.Y, to.X - GraphLayout.Radius, to.Y, isTensor,
                    isTensor ? OnEdge(graph.TensorValue(input), number) : number(graph.Value(input)),
                    isTensor ? tensor is null ? null : OnEdge(tensor, number) : number(gradient));
            }
        }
        int output = graph.Count - 1;
        var last = layout.Places[output];
        DrawEdge(svg, last.X + GraphLayout.HalfWidth(graph, output), last.Y, layout.SinkX - 12, last.Y, false,
            graph.IsTensor(output) ? OnEdge(graph.TensorValue(output), number) : number(graph.Value(output)), number(1));
        Text(svg, layout.SinkX, last.Y + 5, "L", Ink, 16, bold: true);
        foreach (var place in layout.Places)
        {
            DrawNode(svg, graph, place, received[place.Node], number);
        }
        return svg.Append("</svg>\n").ToString();
    }

    private static Tensor Added(Tensor? sum, Tensor more)
    {
        if (sum is null) return more;
        var total = sum.Copy();
        total.AddInPlace(more);
        return total;
    }

    /// <summary>A tensor on an edge: its elements when there are a few, as <c>backprop dot</c> labels it, else its shape.</summary>
    private static string OnEdge(Tensor tensor, Func<double, string> number)
    {
        if (tensor.Rank == 0) return number(tensor.Data[0]);
        string whole = $"{Lang.Text.TensorText.Of(tensor, number).Replace("\n", "")} ({Shapes.Text(tensor.Shape)})";
        return tensor.Count <= 4 && whole.Length <= 18 ? whole : Shapes.Text(tensor.Shape);
    }

    private static void Open(StringBuilder svg, double width, double height) =>
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Px(width)}\" height=\"{Px(height)}\" viewBox=\"0 0 {Px(width)} {Px(height)}\" ")
            .Append(CultureInfo.InvariantCulture, $"font-family=\"{Font}\" font-size=\"13\" role=\"img\" ")
            .Append("aria-label=\"the computational graph, forward values above the edges, gradients below\">\n")
            .Append(CultureInfo.InvariantCulture, $"<rect width=\"{Px(width)}\" height=\"{Px(height)}\" fill=\"#fff\"/>\n");

    private static void DrawEdge(StringBuilder svg, double x1, double y1, double x2, double y2, bool tensor, string? forward, string? gradient)
    {
        double width = tensor ? 2.6 : 1.3;
        double length = Math.Max(1e-9, Math.Sqrt((x2 - x1) * (x2 - x1) + (y2 - y1) * (y2 - y1)));
        double ux = (x2 - x1) / length, uy = (y2 - y1) / length;
        // The arrowhead is a triangle of its own, not a marker: a marker needs an id, and two pictures in one page would share it.
        double head = tensor ? 10 : 8, baseX = x2 - ux * head, baseY = y2 - uy * head;
        svg.Append(CultureInfo.InvariantCulture,
            $"<line x1=\"{Px(x1)}\" y1=\"{Px(y1)}\" x2=\"{Px(baseX)}\" y2=\"{Px(baseY)}\" stroke=\"{Edge}\" stroke-width=\"{Px(width)}\"/>\n");
        svg.Append(CultureInfo.InvariantCulture,
            $"<polygon points=\"{Px(x2)},{Px(y2)} {Px(baseX - uy * head / 2)},{Px(baseY + ux * head / 2)} {Px(baseX + uy * head / 2)},{Px(baseY - ux * head / 2)}\" fill=\"{Edge}\"/>\n");
        // Labels sit a little before the middle, where converging edges are still apart.
        double mx = x1 + (x2 - x1) * 0.42, my = y1 + (y2 - y1) * 0.42;
        if (forward is not null) Text(svg, mx, my - 6, forward, DotWriter.ForwardColour, 13);
        if (gradient is not null) Text(svg, mx, my + 16, gradient, DotWriter.GradientColour, 13);
    }

    private static void DrawNode(StringBuilder svg, ComputationGraph graph, NodePlace place, List<double>? received, Func<double, string> number)
    {
        int node = place.Node;
        double x = place.X, y = place.Y, r = GraphLayout.Radius;
        string position = NodeLabels.Position(graph, node);
        if (graph.Kind(node) == NodeKind.Operation)
        {
            var layer = graph.Layer(node)!;
            svg.Append("<g><title>").Append(Escape($"{layer.Name} at {position}")).Append("</title>");
            svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{Px(x)}\" cy=\"{Px(y)}\" r=\"{Px(r)}\" fill=\"#fff\" stroke=\"#333\" stroke-width=\"1.3\"/>");
            string symbol = Symbol(layer);
            Text(svg, x, y + 5, symbol, Ink, symbol.Length > 3 ? 10 : 16);
            if (graph.Name(node) is { } name) Text(svg, x, y - r - 6, name, Muted, 11);
        }
        else
        {
            double half = GraphLayout.HalfWidth(graph, node);
            svg.Append("<g><title>").Append(Escape($"{NodeLabels.Layer(graph, node)} {NodeLabels.Short(graph, node)} {position}".TrimEnd())).Append("</title>");
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect x=\"{Px(x - half)}\" y=\"{Px(y - 16)}\" width=\"{Px(2 * half)}\" height=\"32\" rx=\"8\" fill=\"#fff\" stroke=\"#333\" stroke-width=\"1.3\"/>");
            Text(svg, x, y + 5, GraphLayout.LeafLabel(graph, node), Ink, 13);
            if (position.Length > 0 && graph.Kind(node) == NodeKind.Literal) Text(svg, x, y - 21, position, Muted, 11);
        }
        if (received is { Count: > 1 } && !graph.IsTensor(node))
        {
            Text(svg, x, y + r + 26, $"Σ {string.Join(" + ", received.Select(number))} = {number(received.Sum())}", DotWriter.GradientColour, 13);
        }
        svg.Append("</g>\n");
    }

    /// <summary>Each call of the user's function as a dashed box around its nodes, labelled as :dot labels its cluster.</summary>
    private static void Calls(StringBuilder svg, ComputationGraph graph, GraphLayout layout)
    {
        var calls = graph.Calls;
        if (calls.Count == 0) return;
        var box = new (double Left, double Top, double Right, double Bottom)?[calls.Count];
        for (int node = 0; node < graph.Count; node++)
        {
            var place = layout.Places[node];
            double half = GraphLayout.HalfWidth(graph, node);
            // The call and every call around it (functions nest only as deep as the user wrote them; at most MaxDrawn nodes here).
            for (int call = graph.CallOf(node); call >= 0; call = calls[call].Parent)
            {
                var (l, t, rr, b) = box[call] ?? (double.MaxValue, double.MaxValue, double.MinValue, double.MinValue);
                box[call] = (Math.Min(l, place.X - half - 10), Math.Min(t, place.Y - GraphLayout.Radius - 22),
                    Math.Max(rr, place.X + half + 10), Math.Max(b, place.Y + GraphLayout.Radius + 8));
            }
        }
        for (int call = 0; call < calls.Count; call++)
        {
            if (box[call] is not var (left, top, right, bottom)) continue;
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect x=\"{Px(left)}\" y=\"{Px(top)}\" width=\"{Px(right - left)}\" height=\"{Px(bottom - top)}\" rx=\"10\" fill=\"none\" stroke=\"#7f8c8d\" stroke-dasharray=\"5 4\"/>\n");
            Text(svg, left + 4, top - 4, DotWriter.CallLabel(calls[call]), "#7f8c8d", 11, anchor: "start");
        }
    }

    /// <summary>How the page writes a layer in its circle.</summary>
    public static string Symbol(Layers.Layer layer) => layer.Symbol switch
    {
        "*" => "×",
        "/" => "÷",
        "-" when layer.Arity == 1 => "−x",
        "-" => "−",
        var s => s,
    };

    private static void Text(StringBuilder svg, double x, double y, string text, string fill, int size, string anchor = "middle", bool bold = false) =>
        svg.Append(CultureInfo.InvariantCulture,
            $"<text x=\"{Px(x)}\" y=\"{Px(y)}\" text-anchor=\"{anchor}\" fill=\"{fill}\" font-size=\"{size}\"{(bold ? " font-weight=\"bold\"" : "")}>")
            .Append(Escape(text)).Append("</text>");

    private static string Px(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>Text for XML: user text (a name, a literal) may hold &lt; or &amp;.</summary>
    public static string Escape(string text) =>
        text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;");
}
