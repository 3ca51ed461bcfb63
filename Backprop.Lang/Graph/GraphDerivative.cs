using Backprop.Lang.Rules;

namespace Backprop.Lang.Graph;

/// <summary>
/// Backward in another arithmetic: the walk of <see cref="ComputationGraph.Backward{TObserver}(int, Span{double}, ref TObserver)"/>, from the output
/// back, but each layer's rule runs over an <see cref="IArithmetic{T}"/> instead of doubles. Over
/// <see cref="GraphArithmetic"/> what a layer sends is a node appended to the tape (DeZero's <c>create_graph</c>),
/// so a derivative can be differentiated again, to any order; over <see cref="Formula"/> it is a formula.
/// </summary>
/// <remarks>
/// The double walk stays separate: it is the hot path (one virtual call per node, dispatched on a byte), and a
/// generic walk pays for a generic virtual call per node. Both call the same rules.
/// </remarks>
public static class GraphDerivative
{
    /// <summary>The derivative for each target, whether the output depends on it, or the layer that has no generic rule.</summary>
    public readonly record struct Result<T>(T[] Derivatives, bool[] Depends, string? NotDifferentiable);

    /// <summary>
    /// d(<paramref name="output"/>)/d(target) for each of <paramref name="targets"/> (leaves or operations; a target is
    /// held fixed, so the walk does not go on through it), computed in <paramref name="arithmetic"/>, where node i's
    /// value is <paramref name="valueOf"/>(i). Where the output does not depend on a target its derivative is the
    /// constant 0 and <see cref="Result{T}.Depends"/> says so.
    /// </summary>
    public static Result<T> Backward<T>(ComputationGraph graph, int output, IReadOnlyList<int> targets, IArithmetic<T> arithmetic,
        Func<int, T> valueOf)
    {
        int low = targets.Count == 0 ? output + 1 : Math.Min(targets.Min(), output + 1);
        int span = Math.Max(output - low + 1, 0);
        var isTarget = new bool[span];
        foreach (int target in targets)
        {
            if (target <= output) isTarget[target - low] = true;
        }

        // Which nodes between the lowest target and the output depend on a target: only they need adjoints.
        var depends = new bool[span];
        for (int i = low; i <= output; i++)
        {
            depends[i - low] = isTarget[i - low] || (graph.Kind(i) == NodeKind.Operation && (DependsOn(graph.X(i)) || DependsOn(graph.Y(i))));
        }

        // adjoint[i - low]: d(output)/d(node i) so far; received[i - low]: whether anything has arrived.
        var adjoint = new T[span];
        var received = new bool[span];
        if (span > 0 && depends[output - low])
        {
            adjoint[output - low] = arithmetic.Constant(1);
            received[output - low] = true;
        }
        for (int i = output; i >= low; i--)
        {
            if (!received[i - low] || isTarget[i - low] || graph.Kind(i) != NodeKind.Operation)
            {
                continue;
            }
            var layer = graph.Layer(i)!;
            if (!layer.HasGenericRule)
            {
                return new Result<T>([], [], layer.Name);
            }
            int x = graph.X(i), y = graph.Y(i);
            T dout = adjoint[i - low], xValue = valueOf(x), yValue = y >= 0 ? valueOf(y) : xValue, z = valueOf(i);
            for (int input = 0; input < layer.Arity; input++)
            {
                int to = input == 0 ? x : y;
                if (!DependsOn(to)) continue;
                T sent = layer.Derivative(arithmetic, input, dout, xValue, yValue, z);
                int at = to - low;
                adjoint[at] = received[at] ? arithmetic.Add(adjoint[at], sent) : sent;
                received[at] = true;
            }
        }

        var derivatives = new T[targets.Count];
        var depended = new bool[targets.Count];
        for (int t = 0; t < targets.Count; t++)
        {
            int at = targets[t] - low;
            bool reached = targets[t] <= output && received[at];
            depended[t] = reached;
            derivatives[t] = reached ? adjoint[at] : arithmetic.Constant(0);
        }
        return new Result<T>(derivatives, depended, null);

        bool DependsOn(int node) => node >= low && depends[node - low];
    }

    /// <summary>
    /// Appends to <paramref name="graph"/> the nodes that compute d(output)/d(target) for each target, as ordinary
    /// layers that forward computes (run it from <see cref="Appended.FirstNew"/>) and backward differentiates again.
    /// </summary>
    public static Appended Build(ComputationGraph graph, int output, IReadOnlyList<int> targets, NodeOrigin origin)
    {
        int first = graph.Count;
        var result = Backward(graph, output, targets, new GraphArithmetic(graph, origin), node => node);
        if (result.NotDifferentiable is not null)
        {
            graph.Truncate(first);
        }
        return new Appended(result.Derivatives, result.Depends, first, result.NotDifferentiable);
    }

    /// <summary>What <see cref="Build"/> appended: one node per target, and the first node it added.</summary>
    public readonly record struct Appended(int[] Derivatives, bool[] Depends, int FirstNew, string? NotDifferentiable);
}
