using Backprop.Lang.Diagnostics;
using Backprop.Lang.Graph;
using Backprop.Lang.Layers;
using Backprop.Lang.Syntax;
using Backprop.Lang.Text;

namespace Backprop.Lang.Evaluation;

/// <summary>
/// The built-in calls that are not one layer node: <c>sum</c> and <c>mean</c> of one or more arguments, <c>max</c> and
/// <c>min</c> of more than two, and <c>leaky_relu(x)</c> with its slope left out. Each is lowered to the binary layers
/// it is made of, left to right, so <c>:trace</c> shows the AddLayers of a sum, and every derivative (of any order) is
/// theirs: <c>sum(a, b, c)</c> is (a + b) + c, <c>mean(a, b, c)</c> is ((a + b) + c)/3, <c>max(a, b, c)</c> is
/// max(max(a, b), c), so a three-way tie sends 0.25, 0.25 and 0.5 (each binary tie splits what arrives evenly).
/// <c>max(a, b)</c> and <c>leaky_relu(x, s)</c> are ordinary layer calls and do not come here.
/// </summary>
internal static class Builtins
{
    public const string Sum = "sum";
    public const string Mean = "mean";

    /// <summary>The names that are built-ins but not one layer.</summary>
    public static IReadOnlyCollection<string> Names { get; } = [Sum, Mean];

    private const int Failed = -1;

    /// <summary>
    /// Lowers <paramref name="call"/> when it is one of these forms: true, with its output node (or -1 after an error
    /// in <paramref name="diagnostics"/>). False for any other call, left to the ordinary one-layer path.
    /// </summary>
    /// <param name="args">Each argument's node, already lowered; -1 for one that failed.</param>
    /// <param name="combine">
    /// Appends one binary layer of two nodes, or returns -1 after an error: for tensors, an element-wise layer after
    /// the broadcasts it needs (<see cref="TensorLowering.Binary"/>); for numbers, the layer itself.
    /// </param>
    public static bool TryLower(CallExpr call, int[] args, SourceLine line, ComputationGraph graph, List<Diagnostic> diagnostics, out int node,
        Func<Layer, int, int, NodeOrigin, int>? combine = null)
    {
        var origin = new NodeOrigin(line, call.NameSpan);
        node = Failed;
        switch (call.Function)
        {
            case Sum or Mean:
                if (!Check(call, args, line, diagnostics, atLeast: 1, atMost: int.MaxValue)) return true;
                node = Chain(graph, combine, AddLayer.Instance, args, origin);
                if (call.Function == Mean && args.Length > 1 && node != Failed)
                {
                    // The count is a number nobody wrote: a constant, not a literal with a gradient of its own.
                    int count = graph.AddLeaf(NodeKind.Constant, args.Length, origin);
                    node = Combine(graph, combine, DivLayer.Instance, node, count, origin);
                }
                return true;
            case "max" or "min" when args.Length != 2:
                if (!Check(call, args, line, diagnostics, atLeast: 2, atMost: int.MaxValue)) return true;
                node = Chain(graph, combine, call.Function == "max" ? MaxLayer.Instance : MinLayer.Instance, args, origin);
                return true;
            case "leaky_relu" when args.Length != 2:
                if (!Check(call, args, line, diagnostics, atLeast: 1, atMost: 2)) return true;
                int slope = graph.AddLeaf(NodeKind.Constant, LeakyReluLayer.DefaultSlope, origin);
                node = Combine(graph, combine, LeakyReluLayer.Instance, args[0], slope, origin);
                return true;
            default:
                return false;
        }
    }

    // The argument count first (an error with the call's span), then whether every argument lowered.
    private static bool Check(CallExpr call, int[] args, SourceLine line, List<Diagnostic> diagnostics, int atLeast, int atMost)
    {
        if (args.Length < atLeast || args.Length > atMost)
        {
            diagnostics.Add(new Diagnostic(Severity.Error, line, call.Span, Messages.WrongArgumentRange(call.Function, atLeast, atMost, args.Length)));
            return false;
        }
        return !args.Contains(Failed);
    }

    private static int Chain(ComputationGraph graph, Func<Layer, int, int, NodeOrigin, int>? combine, Layer layer, int[] args, NodeOrigin origin)
    {
        int node = args[0];
        for (int i = 1; i < args.Length && node != Failed; i++)
        {
            node = Combine(graph, combine, layer, node, args[i], origin);
        }
        return node;
    }

    // Numbers take the layer as it is (no delegate to allocate on the scalar path).
    private static int Combine(ComputationGraph graph, Func<Layer, int, int, NodeOrigin, int>? combine, Layer layer, int x, int y, NodeOrigin origin) =>
        combine is null ? graph.AddOperation(layer, x, y, origin) : combine(layer, x, y, origin);
}
