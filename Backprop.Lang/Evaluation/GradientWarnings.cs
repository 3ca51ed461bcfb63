using Backprop.Lang.Diagnostics;
using Backprop.Lang.Graph;
using Backprop.Lang.Layers;
using Backprop.Lang.Text;

namespace Backprop.Lang.Evaluation;

/// <summary>
/// What the backward pass warns about, seen as it happens (an observer of the one backward walk): a max or min
/// tie, and a layer that turned finite numbers into a gradient that is not finite. A warning means that something
/// the user sees or depends on is not finite: a variable's or a named intermediate's gradient, or a literal's
/// that is infinite. A literal whose own gradient is merely undefined (the exponent of (-7)^2, whose d/dy is
/// z·ln(-7)) is reported as NaN without a warning: nothing computed from it is affected.
/// </summary>
internal static class GradientWarnings
{
    public static List<Diagnostic> Backward(ComputationGraph graph, int output, double[] grads, Tensors.Tensor?[]? tensorGrads = null)
    {
        var observer = new Observer(graph);
        graph.Backward(output, grads, tensorGrads, ref observer);
        var warnings = new List<Diagnostic>();
        foreach (int node in observer.Ties)
        {
            var origin = graph.Origin(node);
            if (origin.Source is not null)
            {
                warnings.Add(new Diagnostic(Severity.Warning, origin.Source, origin.Span, Messages.Tie(graph.Layer(node)!.Symbol, graph.Value(graph.X(node)))));
            }
        }
        if (observer.Culprits.Count == 0)
        {
            // max(a, b, c) is two MaxLayers at one span: a three-way tie is one warning.
            return warnings.DistinctBy(w => (w.Span, w.Message)).ToList();
        }
        var affects = AffectsWhatIsReported(graph, output, grads);
        foreach (var (node, to, gradient) in observer.Culprits)
        {
            var origin = graph.Origin(node);
            if (origin.Source is not null && affects[to])
            {
                warnings.Add(new Diagnostic(Severity.Warning, origin.Source, origin.Span, Messages.NonFiniteGradient(graph.Layer(node)!.Symbol, gradient)));
            }
        }
        // One warning per operation: a layer that sends NaN to both inputs is one cause.
        return warnings.DistinctBy(w => (w.Span, w.Message)).ToList();
    }

    // For each node: does a gradient the user is shown as a problem (a variable's or named intermediate's that is
    // not finite, a literal's that is infinite) lie at or below it? A bad gradient sent to such a node reached it.
    private static bool[] AffectsWhatIsReported(ComputationGraph graph, int output, double[] grads)
    {
        var affects = new bool[output + 1];
        for (int node = 0; node <= output; node++)
        {
            double g = grads[node];
            affects[node] = graph.Kind(node) switch
            {
                NodeKind.Input => !double.IsFinite(g),
                NodeKind.Literal => double.IsInfinity(g),
                NodeKind.Operation => (graph.Name(node) is not null && !double.IsFinite(g))
                    || affects[graph.X(node)] || (graph.Y(node) >= 0 && affects[graph.Y(node)]),
                _ => false,
            };
        }
        return affects;
    }

    private struct Observer(ComputationGraph graph) : IBackwardObserver
    {
        public List<int> Ties { get; } = [];

        public List<(int Node, int To, double Gradient)> Culprits { get; } = [];

        public readonly void Visit(int node, double dout, double dx, double dy)
        {
            if (dout == 0)
            {
                return;
            }
            var layer = graph.Layer(node);
            int x = graph.X(node), y = graph.Y(node);
            // A tie is two equal numbers; max(x, NaN) is not one (its gradient is NaN, warned below).
            if (layer is MaxLayer or MinLayer && graph.Value(x) == graph.Value(y))
            {
                Ties.Add(node);
            }
            if (double.IsFinite(dx) && (y < 0 || double.IsFinite(dy)))
            {
                return;
            }
            // Only where this layer turned finite numbers into a non-finite gradient: upstream ones were warned at their source.
            if (!double.IsFinite(dout) || !double.IsFinite(graph.Value(x)) || (y >= 0 && !double.IsFinite(graph.Value(y))) || !double.IsFinite(graph.Value(node)))
            {
                return;
            }
            if (!double.IsFinite(dx)) Culprits.Add((node, x, dx));
            if (y >= 0 && !double.IsFinite(dy)) Culprits.Add((node, y, dy));
        }
    }
}
