using Backprop.Lang.Diagnostics;
using Backprop.Lang.Graph;
using Backprop.Lang.Layers;
using Backprop.Lang.Text;

namespace Backprop.Lang.Evaluation;

/// <summary>Forward over a graph's new nodes, with a warning wherever finite inputs gave NaN or an infinity.</summary>
internal static class ForwardWarnings
{
    /// <summary>
    /// Runs forward over the new nodes and warns where an operation turned finite inputs into NaN or ±Infinity.
    /// Inside a derivative only its result is looked at: its inner steps may be infinite on purpose (the 0^-1 of
    /// d(x^0)/dx, which mask then zeroes), and what counts is the number the user gets.
    /// </summary>
    public static List<Diagnostic> Run(ComputationGraph graph, int from, SourceLine source, Lowerer.Result lowered = default)
    {
        graph.Forward(from);
        // Lowering's own warnings first (a derivative of something that does not depend on its variable).
        var warnings = new List<Diagnostic>(lowered.Diagnostics ?? []);
        var derived = lowered.Derived ?? [];
        int range = 0;
        for (int node = from; node < graph.Count; node++)
        {
            while (range < derived.Count && node >= derived[range].End) range++;
            if (range < derived.Count && node >= derived[range].First)
            {
                continue;
            }
            var layer = graph.Layer(node);
            if (layer is TensorLayer)
            {
                if (TensorWarning(graph, node, source) is { } warning) warnings.Add(warning);
                continue;
            }
            if (layer is null || double.IsFinite(graph.Value(node)))
            {
                continue;
            }
            var inputs = Inputs(graph, node);
            if (inputs.All(double.IsFinite))
            {
                var origin = graph.Origin(node);
                warnings.Add(new Diagnostic(Severity.Warning, origin.Source ?? source, origin.Span,
                    Messages.NonFiniteValue(layer.Symbol, graph.Value(node), inputs)));
            }
        }
        foreach (var d in derived)
        {
            double value = graph.Value(d.Result);
            if (!double.IsFinite(value) && d.Result >= d.First)
            {
                warnings.Add(new Diagnostic(Severity.Warning, d.Origin.Source ?? source, d.Origin.Span, Messages.NonFiniteDerivative(d.Name, value)));
            }
        }
        return warnings;
    }

    // A tensor layer that turned finite inputs into NaN or infinity somewhere: one warning, with how many elements.
    private static Diagnostic? TensorWarning(ComputationGraph graph, int node, SourceLine source)
    {
        var value = graph.TensorValue(node);
        int bad = 0;
        double first = 0;
        foreach (double v in value.Data)
        {
            if (!double.IsFinite(v) && bad++ == 0) first = v;
        }
        if (bad == 0) return null;
        foreach (int input in graph.Inputs(node))
        {
            if (graph.TensorValue(input).Data.Any(v => !double.IsFinite(v))) return null;
        }
        var origin = graph.Origin(node);
        return new Diagnostic(Severity.Warning, origin.Source ?? source, origin.Span,
            Messages.NonFiniteTensor(graph.Layer(node)!.Symbol, first, bad, value.Count));
    }

    private static double[] Inputs(ComputationGraph graph, int node) =>
        graph.Y(node) >= 0 ? [graph.Value(graph.X(node)), graph.Value(graph.Y(node))] : [graph.Value(graph.X(node))];
}
