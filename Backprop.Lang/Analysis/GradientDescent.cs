using Backprop.Lang.Graph;
using Backprop.Lang.Evaluation;

namespace Backprop.Lang.Analysis;

/// <summary>Why descent stopped.</summary>
public enum DescentStop
{
    /// <summary>Every step asked for was taken.</summary>
    Finished,
    /// <summary>The next step would have made the loss or an input NaN or infinite; the last finite state was kept.</summary>
    Diverged,
    /// <summary>A gradient was NaN or infinite (sqrt or log at 0, say): there was no direction to step in.</summary>
    GradientNotFinite,
    /// <summary>The steps asked for times the graph's size was more than the caller's budget of node evaluations.</summary>
    OutOfBudget,
    /// <summary>Newton's method: the second derivative was 0 (or the Hessian singular), so there was no step to take.</summary>
    SecondDerivativeSingular,
}

/// <summary>How each step is chosen.</summary>
public enum DescentMethod
{
    /// <summary>Against the gradient: x ← x − lr·dL/dx.</summary>
    Gradient,
    /// <summary>Newton's method: x ← x − lr·H⁻¹·∇L, with H the matrix of second derivatives (L''(x) for one variable).</summary>
    Newton,
}

/// <summary>One input variable before and after descent (<see cref="Node"/> indexes the expression's graph).</summary>
public sealed record DescentInput(string Name, int Node, double Before, double After)
{
    /// <summary>For a tensor variable: its value before and after (the doubles are then NaN); it moves element by element.</summary>
    public Tensors.Tensor? TensorBefore { get; init; }
    public Tensors.Tensor? TensorAfter { get; init; }
}

/// <summary>The loss before the first step and after each step taken, and where the inputs ended up.</summary>
public sealed record DescentReport(IReadOnlyList<double> Losses, IReadOnlyList<DescentInput> Inputs, double LearningRate, int StepsAsked, DescentStop Stop,
    DescentMethod Method = DescentMethod.Gradient)
{
    public int StepsTaken => Losses.Count - 1;

    /// <summary>
    /// For one or two input variables, their values before the first step and after each step (as README's Newton
    /// example follows x = 2, 1.4545, 1.1510, ...); null for more, whose path would not fit a table.
    /// </summary>
    public IReadOnlyList<double[]>? Path { get; init; }

    /// <summary>The most input variables whose values are kept at every step (<see cref="Path"/>).</summary>
    public const int MaxPathVariables = 2;
}

/// <summary>
/// Plain gradient descent on an expression's own graph: the compiled form, re-run with new input values and
/// never parsed or lowered again. Each step moves every input variable against its gradient,
/// x ← x − lr·dL/dx, then runs forward and backward once. Literals are constants and stay as written.
/// </summary>
public static class GradientDescent
{
    /// <param name="outcome">An expression's gradient; its graph is left holding the final input values.</param>
    /// <param name="budget">At most this many node evaluations (steps times nodes): a caller's bound on the time.</param>
    /// <param name="moving">The input variables to move (by default all of them); the others stay as they are.</param>
    /// <param name="cancellation">Checked before each step; cancelling throws <see cref="OperationCanceledException"/>.</param>
    public static DescentReport Run(GradientOutcome outcome, double learningRate, int steps, long budget = long.MaxValue,
        IReadOnlyList<VariableGradient>? moving = null, CancellationToken cancellation = default)
    {
        long affordable = budget / Math.Max(1, outcome.Graph.Count);
        var inputs = moving ?? outcome.Variables;
        if (outcome.Graph.HasTensors)
        {
            return RunWithTensors(outcome, learningRate, steps, affordable, inputs, cancellation);
        }
        var grads = (double[])outcome.Gradients.Clone();
        var values = inputs.Select(v => v.Value).ToArray();
        var next = new double[values.Length];
        var losses = new List<double>(Math.Min(steps, 1 << 16) + 1) { outcome.Value };
        List<double[]>? path = values.Length <= DescentReport.MaxPathVariables ? [(double[])values.Clone()] : null;
        var stop = DescentStop.Finished;
        for (int step = 1; step <= steps; step++)
        {
            cancellation.ThrowIfCancellationRequested();
            if (step > affordable)
            {
                stop = DescentStop.OutOfBudget;
                break;
            }
            stop = Next(inputs, values, grads, learningRate, next);
            double loss = double.NaN;
            if (stop == DescentStop.Finished && !TryStep(outcome, inputs, next, grads, out loss))
            {
                stop = DescentStop.Diverged;
            }
            if (stop != DescentStop.Finished)
            {
                break;
            }
            (values, next) = (next, values);
            losses.Add(loss);
            path?.Add((double[])values.Clone());
        }
        // Leave the graph as the last finite step left it.
        Set(outcome, inputs, values);
        outcome.Graph.Forward();
        var moved = inputs.Select((v, i) => new DescentInput(v.Name, v.Node, v.Value, values[i])).ToList();
        return new DescentReport(losses, moved, learningRate, steps, stop) { Path = path };
    }

    // The same descent over tensors: every element of every input moves against its own gradient, X ← X − lr·dL/dX.
    private static DescentReport RunWithTensors(GradientOutcome outcome, double learningRate, int steps, long affordable,
        IReadOnlyList<VariableGradient> inputs, CancellationToken cancellation)
    {
        var graph = outcome.Graph;
        var grads = (double[])outcome.Gradients.Clone();
        var tensorGrads = (Tensors.Tensor?[])outcome.TensorGradients!.Clone();
        var values = inputs.Select(v => graph.TensorValue(v.Node)).ToArray();
        var losses = new List<double>(Math.Min(steps, 1 << 16) + 1) { outcome.Value };
        var stop = DescentStop.Finished;
        for (int step = 1; step <= steps; step++)
        {
            cancellation.ThrowIfCancellationRequested();
            if (step > affordable)
            {
                stop = DescentStop.OutOfBudget;
                break;
            }
            var next = new Tensors.Tensor[values.Length];
            for (int i = 0; i < values.Length && stop == DescentStop.Finished; i++)
            {
                int node = inputs[i].Node;
                var gradient = graph.IsTensor(node) ? tensorGrads[node]?.Data ?? new double[values[i].Count] : [grads[node]];
                var data = new double[values[i].Count];
                for (int e = 0; e < data.Length; e++)
                {
                    if (!double.IsFinite(gradient[e])) stop = DescentStop.GradientNotFinite;
                    data[e] = values[i].Data[e] - learningRate * gradient[e];
                    if (!double.IsFinite(data[e]) && stop == DescentStop.Finished) stop = DescentStop.Diverged;
                }
                next[i] = new Tensors.Tensor(values[i].Shape, data);
            }
            if (stop != DescentStop.Finished) break;
            SetTensors(graph, inputs, next);
            graph.Forward();
            double loss = graph.Value(outcome.Output);
            if (!double.IsFinite(loss))
            {
                stop = DescentStop.Diverged;
                break;
            }
            var none = default(NoObserver);
            graph.Backward(outcome.Output, grads, tensorGrads, ref none);
            values = next;
            losses.Add(loss);
        }
        SetTensors(graph, inputs, values);
        graph.Forward();
        var moved = inputs.Select((v, i) => graph.IsTensor(v.Node)
            ? new DescentInput(v.Name, v.Node, double.NaN, double.NaN) { TensorBefore = v.TensorValue, TensorAfter = values[i] }
            : new DescentInput(v.Name, v.Node, v.Value, values[i].Data[0])).ToList();
        return new DescentReport(losses, moved, learningRate, steps, stop);
    }

    private static void SetTensors(ComputationGraph graph, IReadOnlyList<VariableGradient> inputs, Tensors.Tensor[] values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (graph.IsTensor(inputs[i].Node)) graph.SetTensorValue(inputs[i].Node, values[i]);
            else graph.SetValue(inputs[i].Node, values[i].Data[0]);
        }
    }

    /// <summary>x − lr·dL/dx for every input, or why there is no such step.</summary>
    private static DescentStop Next(IReadOnlyList<VariableGradient> inputs, double[] values, double[] grads, double learningRate, double[] next)
    {
        for (int i = 0; i < inputs.Count; i++)
        {
            double gradient = grads[inputs[i].Node];
            if (!double.IsFinite(gradient))
            {
                return DescentStop.GradientNotFinite;
            }
            next[i] = values[i] - learningRate * gradient;
            if (!double.IsFinite(next[i]))
            {
                return DescentStop.Diverged;
            }
        }
        return DescentStop.Finished;
    }

    /// <summary>Forward and backward at new input values; false when the loss is no longer a finite number.</summary>
    private static bool TryStep(GradientOutcome outcome, IReadOnlyList<VariableGradient> inputs, double[] values, double[] grads, out double loss)
    {
        Set(outcome, inputs, values);
        outcome.Graph.Forward();
        loss = outcome.Graph.Value(outcome.Output);
        if (!double.IsFinite(loss))
        {
            return false;
        }
        outcome.Graph.Backward(outcome.Output, grads);
        return true;
    }

    private static void Set(GradientOutcome outcome, IReadOnlyList<VariableGradient> inputs, double[] values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            outcome.Graph.SetValue(inputs[i].Node, values[i]);
        }
    }
}
