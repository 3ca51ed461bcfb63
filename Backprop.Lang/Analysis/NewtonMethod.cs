using Backprop.Lang.Evaluation;
using Backprop.Lang.Graph;

namespace Backprop.Lang.Analysis;

/// <summary>
/// Newton's method on an expression's graph (DeZero step 29): the gradient is built once as graph nodes, so each
/// step is forward (L and its gradient), one backward pass per variable (the rows of the matrix of second
/// derivatives, H), and the step x ← x − lr·H⁻¹·∇L. With one variable that is x ← x − lr·L'(x)/L''(x). Newton's
/// method goes to where the gradient is 0, which is a minimum only where L curves upwards (L'' &gt; 0).
/// </summary>
public static class NewtonMethod
{
    /// <param name="outcome">An expression's gradient; its graph is left holding the final input values.</param>
    /// <param name="budget">At most this many node evaluations (steps times nodes times variables + 1).</param>
    /// <param name="cancellation">Checked before each step; cancelling throws <see cref="OperationCanceledException"/>.</param>
    public static DescentReport Run(GradientOutcome outcome, IReadOnlyList<VariableGradient> moving, double learningRate, int steps,
        long budget = long.MaxValue, CancellationToken cancellation = default)
    {
        var graph = outcome.Graph.Copy();
        int[] inputs = moving.Select(v => v.Node).ToArray();
        var built = GraphDerivative.Build(graph, outcome.Output, inputs, default);
        int n = inputs.Length;
        long affordable = budget / Math.Max(1, (long)graph.Count * (n + 1));
        var values = moving.Select(v => v.Value).ToArray();
        var losses = new List<double>(Math.Min(steps, 1 << 16) + 1) { outcome.Value };
        List<double[]>? path = n <= DescentReport.MaxPathVariables ? [(double[])values.Clone()] : null;
        var stop = DescentStop.Finished;
        var gradient = new double[n];
        var hessian = new double[n, n];
        for (int step = 1; step <= steps; step++)
        {
            cancellation.ThrowIfCancellationRequested();
            if (step > affordable)
            {
                stop = DescentStop.OutOfBudget;
                break;
            }
            Set(graph, inputs, values);
            graph.Forward();
            for (int i = 0; i < n; i++)
            {
                gradient[i] = graph.Value(built.Derivatives[i]);
                var row = graph.Backward(built.Derivatives[i]);
                for (int j = 0; j < n; j++) hessian[i, j] = inputs[j] < row.Length ? row[inputs[j]] : 0;
            }
            if (!gradient.All(double.IsFinite))
            {
                stop = DescentStop.GradientNotFinite;
                break;
            }
            if (Solve(hessian, gradient) is not { } delta)
            {
                stop = DescentStop.SecondDerivativeSingular;
                break;
            }
            var next = values.Select((v, i) => v - learningRate * delta[i]).ToArray();
            Set(graph, inputs, next);
            graph.Forward();
            double loss = graph.Value(outcome.Output);
            if (!next.All(double.IsFinite) || !double.IsFinite(loss))
            {
                stop = DescentStop.Diverged;
                break;
            }
            values = next;
            losses.Add(loss);
            path?.Add((double[])values.Clone());
        }
        // Leave the outcome's graph as the last finite step left it.
        Set(outcome.Graph, inputs, values);
        outcome.Graph.Forward();
        var moved = moving.Select((v, i) => new DescentInput(v.Name, v.Node, v.Value, values[i])).ToList();
        return new DescentReport(losses, moved, learningRate, steps, stop, DescentMethod.Newton) { Path = path };
    }

    private static void Set(ComputationGraph graph, int[] inputs, double[] values)
    {
        for (int i = 0; i < inputs.Length; i++)
        {
            graph.SetValue(inputs[i], values[i]);
        }
    }

    /// <summary>H·d = g by Gaussian elimination with partial pivoting; null when H is singular or not finite.</summary>
    internal static double[]? Solve(double[,] h, double[] g)
    {
        int n = g.Length;
        var a = (double[,])h.Clone();
        var b = (double[])g.Clone();
        for (int column = 0; column < n; column++)
        {
            int pivot = column;
            for (int row = column + 1; row < n; row++)
            {
                if (Math.Abs(a[row, column]) > Math.Abs(a[pivot, column])) pivot = row;
            }
            if (a[pivot, column] == 0 || !double.IsFinite(a[pivot, column]))
            {
                return null;
            }
            if (pivot != column)
            {
                for (int k = 0; k < n; k++) (a[column, k], a[pivot, k]) = (a[pivot, k], a[column, k]);
                (b[column], b[pivot]) = (b[pivot], b[column]);
            }
            for (int row = column + 1; row < n; row++)
            {
                double factor = a[row, column] / a[column, column];
                for (int k = column; k < n; k++) a[row, k] -= factor * a[column, k];
                b[row] -= factor * b[column];
            }
        }
        var d = new double[n];
        for (int row = n - 1; row >= 0; row--)
        {
            double sum = b[row];
            for (int k = row + 1; k < n; k++) sum -= a[row, k] * d[k];
            d[row] = sum / a[row, row];
        }
        return d.All(double.IsFinite) ? d : null;
    }
}
