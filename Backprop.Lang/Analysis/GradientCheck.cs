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
    /// <summary>
    /// They differ, but the central difference cannot tell: the step is below the precision left at the value's magnitude
    /// (x*x + 1e10 at x = 1, or eps = 1e-17), so rounding alone could account for the difference.
    /// </summary>
    Inconclusive,
}

/// <remarks>
/// For a tensor leaf the doubles describe its worst element (the largest relative error), and <see cref="Elements"/>
/// says how many it has, <see cref="Checked"/> how many were nudged, with the book's mean absolute difference.
/// </remarks>
public sealed record LeafCheck(int Node, double Value, double Backprop, double Numerical, double Step, double RelativeError, CheckVerdict Verdict)
{
    public int[]? Shape { get; init; }
    public int Elements { get; init; } = 1;
    public int Checked { get; init; } = 1;
    public double MaxAbsoluteDifference { get; init; } = double.NaN;
    public double MeanAbsoluteDifference { get; init; } = double.NaN;
}

public sealed record CheckReport(IReadOnlyList<LeafCheck> Leaves, double Epsilon, double Tolerance)
{
    public int Agreeing => Leaves.Count(l => l.Verdict == CheckVerdict.Agrees);
    public int Kinks => Leaves.Count(l => l.Verdict == CheckVerdict.Kink);
    public int Undefined => Leaves.Count(l => l.Verdict == CheckVerdict.Undefined);
    public int Disagreeing => Leaves.Count(l => l.Verdict == CheckVerdict.Disagrees);
    public int Inconclusive => Leaves.Count(l => l.Verdict == CheckVerdict.Inconclusive);
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

    /// <summary>The largest step <see cref="EpsilonFor"/> chooses: beyond it the central difference measures curvature, not slope.</summary>
    public const double MaxDefaultEpsilon = 1e-3;

    /// <summary>A tensor leaf with more elements than this is checked at a seeded random sample of this many.</summary>
    public const int MaxElementsPerLeaf = 200;

    /// <summary>
    /// The default step for an expression whose value is <paramref name="value"/>: <see cref="DefaultEpsilon"/> up to
    /// |L| = 1000, growing as the cube root of |L| beyond (L = 1e10 gets 2.2e-4, capped at <see cref="MaxDefaultEpsilon"/>).
    /// f(x±h) keep about 16 significant digits of |L|, so their difference over 2h is uncertain by about 2e-16·|L|/h:
    /// with h = 1e-6 that stays within the default tolerance up to |L| of a few thousand. The cube root is the usual
    /// balance between that rounding and the error of a step that is too large.
    /// </summary>
    public static double EpsilonFor(double value) =>
        double.IsFinite(value) ? Math.Min(MaxDefaultEpsilon, DefaultEpsilon * Math.Max(1, Math.Cbrt(Math.Abs(value) / 1000))) : DefaultEpsilon;

    /// <param name="graph">An expression's own graph (output last), re-run here with each leaf nudged; restored afterwards.</param>
    /// <param name="gradients">Backprop's dL/d(node), from <see cref="ComputationGraph.Backward(int)"/>.</param>
    /// <param name="leaves">The leaves to check.</param>
    /// <param name="epsilon">The relative step; by default chosen from the value's magnitude (<see cref="EpsilonFor"/>).</param>
    /// <param name="cancellation">Checked before each leaf: a check of many leaves on a large graph can take a while.</param>
    /// <param name="tensorGradients">Backprop's gradients of the tensor nodes, when the graph has any.</param>
    public static CheckReport Run(ComputationGraph graph, double[] gradients, IEnumerable<int> leaves,
        double? epsilon = null, double tolerance = DefaultTolerance, CancellationToken cancellation = default,
        Tensors.Tensor?[]? tensorGradients = null)
    {
        if (graph.HasTensors)
        {
            return RunWithTensors(graph, gradients, tensorGradients, leaves, epsilon, tolerance, cancellation);
        }
        int output = graph.Count - 1;
        double eps = epsilon ?? EpsilonFor(graph.Value(output));
        var results = new List<LeafCheck>();
        var piecewise = Enumerable.Range(0, graph.Count).Where(n => graph.Layer(n)?.IsPiecewise == true).ToArray();
        var branches = new int[piecewise.Length];
        foreach (int leaf in leaves)
        {
            cancellation.ThrowIfCancellationRequested();
            double x = graph.Value(leaf);
            double h = eps * Math.Max(1, Math.Abs(x));

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
                : CannotResolve(x, h, up, down, backprop, tolerance) ? CheckVerdict.Inconclusive
                : CheckVerdict.Disagrees;
            results.Add(new LeafCheck(leaf, x, backprop, numerical, h, error, verdict));
        }
        return new CheckReport(results, eps, tolerance);
    }

    // The book's gradient check (gradient_check.py) over every element of every leaf, or a seeded sample of a large
    // one; a number leaf is one element. Kinks are found as for numbers, from each piecewise node's branches.
    private static CheckReport RunWithTensors(ComputationGraph graph, double[] gradients, Tensors.Tensor?[]? tensorGradients,
        IEnumerable<int> leaves, double? epsilon, double tolerance, CancellationToken cancellation)
    {
        int output = graph.Count - 1;
        double eps = epsilon ?? EpsilonFor(graph.Value(output));
        var results = new List<LeafCheck>();
        var piecewise = Enumerable.Range(0, graph.Count).Where(n => graph.Layer(n)?.IsPiecewise == true).ToArray();
        foreach (int leaf in leaves)
        {
            bool isTensor = graph.IsTensor(leaf);
            var original = graph.TensorValue(leaf);
            var backprop = isTensor ? tensorGradients?[leaf]?.Data ?? new double[original.Count] : [gradients[leaf]];
            var elements = Sample(original.Count);
            double worstError = -1, maxAbs = 0, sumAbs = 0;
            (double X, double B, double N, double H) worst = default;
            bool kink = false, undefined = false, inconclusive = false, disagrees = false;
            // One copy of the leaf's tensor, nudged an element at a time and put back; the leaf gets its own value again
            // at the end, however the loop ends (a cancelled check leaves the graph as it found it).
            var working = isTensor ? original.Copy() : null;
            if (working is not null) graph.SetTensorValue(leaf, working);
            try
            {
                foreach (int e in elements)
                {
                    cancellation.ThrowIfCancellationRequested();
                    double x = original.Data[e];
                    double h = eps * Math.Max(1, Math.Abs(x));
                    double up = Nudged(graph, leaf, working, e, x + h, output);
                    var before = piecewise.Select(n => Branches(graph, n)).ToArray();
                    double down = Nudged(graph, leaf, working, e, x - h, output);
                    bool crosses = piecewise.Where((n, i) => !Branches(graph, n).SequenceEqual(before[i])).Any();
                    if (working is not null) working.Data[e] = x;
                    double numerical = (up - down) / (2 * h);
                    double b = backprop[e];
                    double error = RelativeError(b, numerical);
                    double abs = Math.Abs(b - numerical);
                    if (double.IsFinite(abs))
                    {
                        maxAbs = Math.Max(maxAbs, abs);
                        sumAbs += abs;
                    }
                    kink |= crosses;
                    // A class index nudged off its integer makes the loss NaN: labels have no slope to compare.
                    undefined |= !double.IsFinite(b) || !double.IsFinite(numerical);
                    if (!crosses && double.IsFinite(b) && double.IsFinite(numerical) && error > tolerance)
                    {
                        if (CannotResolve(x, h, up, down, b, tolerance)) inconclusive = true;
                        else disagrees = true;
                    }
                    if (error > worstError || double.IsNaN(error))
                    {
                        worstError = error;
                        worst = (x, b, numerical, h);
                    }
                }
            }
            finally
            {
                if (isTensor) graph.SetTensorValue(leaf, original);
                else graph.SetValue(leaf, original.Data[0]);
                graph.Forward(leaf);
            }
            var verdict = kink ? CheckVerdict.Kink : undefined ? CheckVerdict.Undefined : disagrees ? CheckVerdict.Disagrees
                : inconclusive ? CheckVerdict.Inconclusive : CheckVerdict.Agrees;
            results.Add(new LeafCheck(leaf, worst.X, worst.B, worst.N, worst.H, worstError, verdict)
            {
                Shape = isTensor ? original.Shape : null,
                Elements = original.Count,
                Checked = elements.Length,
                MaxAbsoluteDifference = maxAbs,
                MeanAbsoluteDifference = sumAbs / elements.Length,
            });
        }
        return new CheckReport(results, eps, tolerance);
    }

    // Every element up to MaxElementsPerLeaf; beyond, that many drawn without repeats by a generator of seed 0, so the
    // same check picks the same elements every time.
    private static int[] Sample(int count)
    {
        if (count <= MaxElementsPerLeaf) return Enumerable.Range(0, count).ToArray();
        var generator = new Tensors.Generator(0);
        var all = Enumerable.Range(0, count).ToArray();
        for (int i = 0; i < MaxElementsPerLeaf; i++)
        {
            int j = i + generator.NextInt(count - i);
            (all[i], all[j]) = (all[j], all[i]);
        }
        return all[..MaxElementsPerLeaf];
    }

    // The leaf's element at value (in the working copy the graph holds, for a tensor), then the output.
    private static double Nudged(ComputationGraph graph, int leaf, Tensors.Tensor? working, int element, double value, int output)
    {
        if (working is not null)
        {
            working.Data[element] = value;
        }
        else
        {
            graph.SetValue(leaf, value);
        }
        graph.Forward(leaf);
        return graph.Value(output);
    }

    // Which piece each element of a piecewise node is on (one number for a scalar node; for a max or min along an
    // axis, where each maximum sits).
    private static int[] Branches(ComputationGraph graph, int node)
    {
        var layer = graph.Layer(node)!;
        var inputs = graph.Inputs(node);
        if (layer is ElementwiseLayer)
        {
            var x = graph.TensorValue(inputs[0]).Data;
            var y = inputs.Length > 1 ? graph.TensorValue(inputs[1]).Data : null;
            var sides = new int[x.Length];
            for (int i = 0; i < x.Length; i++) sides[i] = layer.Branch(x[i], y?[i] ?? 0);
            return sides;
        }
        if (layer is TensorLayer)
        {
            // A reduction's winners: the elements equal to the output, as a bit per element.
            var x = graph.TensorValue(inputs[0]).Data;
            var z = graph.TensorValue(node).Data;
            return x.Select(v => z.Contains(v) ? 1 : 0).ToArray();
        }
        return [Side(graph, node)];
    }

    /// <summary>
    /// Whether rounding alone could put the central difference off by more than the tolerance: the nudged leaf did not
    /// move (x ± h == x), or f(x±h), each good to about half a unit in its last place (a few, after several
    /// operations), leave (f(x+h) - f(x-h)) / 2h uncertain by more than the tolerance allows.
    /// </summary>
    private static bool CannotResolve(double x, double h, double up, double down, double backprop, double tolerance)
    {
        if (x + h == x || x - h == x)
        {
            return true;
        }
        const double UnitsOfRounding = 8;
        double machineEpsilon = Math.BitIncrement(1.0) - 1.0; // 2.2e-16
        double rounding = UnitsOfRounding * machineEpsilon * Math.Max(Math.Abs(up), Math.Abs(down)) / (2 * h);
        return double.IsFinite(rounding) && rounding > tolerance * Math.Max(1, Math.Abs(backprop));
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
