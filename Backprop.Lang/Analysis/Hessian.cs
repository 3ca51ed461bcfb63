using Backprop.Lang.Evaluation;
using Backprop.Lang.Graph;

namespace Backprop.Lang.Analysis;

/// <summary>The value, the gradient and the matrix of second derivatives, rows and columns in <see cref="Variables"/>' order.</summary>
public sealed record HessianReport(IReadOnlyList<string> Variables, double Value, IReadOnlyList<double> Gradient, IReadOnlyList<IReadOnlyList<double>> Matrix);

/// <summary>
/// Second derivatives by differentiating the derivative: the gradient is built as graph nodes
/// (<see cref="GraphDerivative.Build"/>), then one ordinary backward pass from each gradient node gives a row,
/// d²L/dx_i dx_j for every j. n variables cost one graph-building pass and n backward passes.
/// </summary>
public static class Hessian
{
    public static HessianReport Of(GradientOutcome outcome, IReadOnlyList<VariableGradient> variables)
    {
        // A copy, so the derivative's nodes do not land on the outcome's graph (whose last node is its output).
        var graph = outcome.Graph.Copy();
        int[] targets = variables.Select(v => v.Node).ToArray();
        var built = GraphDerivative.Build(graph, outcome.Output, targets, default);
        graph.Forward(built.FirstNew);

        var gradient = new double[targets.Length];
        var matrix = new IReadOnlyList<double>[targets.Length];
        for (int i = 0; i < targets.Length; i++)
        {
            int derivative = built.Derivatives[i];
            gradient[i] = graph.Value(derivative);
            var row = graph.Backward(derivative);
            matrix[i] = targets.Select(t => t < row.Length ? row[t] : 0).ToArray();
        }
        return new HessianReport(variables.Select(v => v.Name).ToList(), outcome.Value, gradient, matrix);
    }
}
