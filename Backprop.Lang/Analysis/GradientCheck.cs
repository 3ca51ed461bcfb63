using Backprop.Lang.Graph;
using Backprop.Lang.Layers;

namespace Backprop.Lang.Analysis;

public enum CheckVerdict
{
    /// <summary>Backprop and the central difference agree within the tolerance.</summary>
    Agrees,
    /// <summary>They do not: a wrong backward rule, or a function too curved for the step.</summary>
    Disagrees,
    /// <summary>The leaf feeds a kink (relu or abs at 0, a max/min tie) within one step: finite differences mean nothing there.</summary>
    Kink,
    /// <summary>The derivative is infinite or undefined here (sqrt at 0, log at 0): nothing to compare.</summary>
    Undefined,
}

public sealed record LeafCheck(int Node, double Value, double Backprop, double Numerical, double Step, double RelativeError, CheckVerdict Verdict);

public sealed record CheckReport(IReadOnlyList<LeafCheck> Leaves, double Epsilon, double Tolerance)
{
    public int Agreeing => Leaves.Count(l => l.Verdict == CheckVerdict.Agrees);
    public int Kinks => Leaves.Count(l => l.Verdict == CheckVerdict.Kink);
    public int Undefined => Leaves.Count(l => l.Verdict == CheckVerdict.Undefined);
    public int Disagreeing => Leaves.Count(l => l.Verdict == CheckVerdict.Disagrees);
}

/// <summary>
/// Numerical gradient checking, the article's advice: for each leaf, the central difference
/// (f(x+h) - f(x-h)) / 2h beside the backprop gradient. The step is scaled to the leaf's magnitude,
/// h = eps·max(1, |x|), so a leaf of 1e6 and one of 1e-3 are both checked at a sensible resolution.
/// </summary>
public static class GradientCheck
{
    public const double DefaultEpsilon = 1e-6;
    public const double DefaultTolerance = 1e-6;

    /// <param name="graph">An expression's own graph (output last), re-run here with each leaf nudged; restored afterwards.</param>
    /// <param name="gradients">Backprop's dL/d(node), from <see cref="ComputationGraph.Backward(int)"/>.</param>
    /// <param name="leaves">The leaves to check.</param>
    public static CheckReport Run(ComputationGraph graph, double[] gradients, IEnumerable<int> leaves,
        double epsilon = DefaultEpsilon, double tolerance = DefaultTolerance)
    {
        int output = graph.Count - 1;
        var results = new List<LeafCheck>();
        var piecewise = Enumerable.Range(0, graph.Count).Where(n => graph.Layer(n)?.IsPiecewise == true).ToArray();
        var branches = new int[piecewise.Length];
        foreach (int leaf in leaves)
        {
            double x = graph.Value(leaf);
            double h = epsilon * Math.Max(1, Math.Abs(x));

            // Nodes before the leaf cannot depend on it (creation order is topological): re-run from the leaf on.
            graph.SetValue(leaf, x + h);
            graph.Forward(leaf);
            double up = graph.Value(output);
            RecordBranches(graph, piecewise, branches);

            graph.SetValue(leaf, x - h);
            graph.Forward(leaf);
            double down = graph.Value(output);
            bool crossesKink = BranchChanged(graph, piecewise, branches);

            graph.SetValue(leaf, x);
            graph.Forward(leaf);

            double numerical = (up - down) / (2 * h);
            double backprop = gradients[leaf];
            double error = RelativeError(backprop, numerical);
            var verdict = crossesKink ? CheckVerdict.Kink
                : !double.IsFinite(backprop) ? CheckVerdict.Undefined
                : error <= tolerance ? CheckVerdict.Agrees
                : CheckVerdict.Disagrees;
            results.Add(new LeafCheck(leaf, x, backprop, numerical, h, error, verdict));
        }
        return new CheckReport(results, epsilon, tolerance);
    }

    /// <summary>|a - b| / max(|a|, |b|), and the absolute difference when both are below 1 (so 0 vs 1e-12 agrees).</summary>
    public static double RelativeError(double a, double b)
    {
        if (a == b) return 0;
        double scale = Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b)));
        double error = Math.Abs(a - b) / scale;
        return double.IsNaN(error) ? double.PositiveInfinity : error;
    }

    // A leaf "on a kink" moves some node to another branch (Layer.Branch) between x+h and x-h: relu and
    // abs switch where their input is 0, max and min where their inputs are equal. A node the leaf does
    // not move stays on its branch, however close to the switch it is.
    private static void RecordBranches(ComputationGraph graph, int[] piecewise, int[] branches)
    {
        for (int i = 0; i < piecewise.Length; i++)
        {
            branches[i] = Side(graph, piecewise[i]);
        }
    }

    private static bool BranchChanged(ComputationGraph graph, int[] piecewise, int[] branches)
    {
        for (int i = 0; i < piecewise.Length; i++)
        {
            if (Side(graph, piecewise[i]) != branches[i])
            {
                return true;
            }
        }
        return false;
    }

    private static int Side(ComputationGraph graph, int node)
    {
        var layer = graph.Layer(node);
        if (layer is null) return 0;
        int y = graph.Y(node);
        return layer.Branch(graph.Value(graph.X(node)), y >= 0 ? graph.Value(y) : 0);
    }
}
