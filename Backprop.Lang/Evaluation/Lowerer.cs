using System.Diagnostics;
using Backprop.Lang.Diagnostics;
using Backprop.Lang.Graph;
using Backprop.Lang.Layers;
using Backprop.Lang.Syntax;
using Backprop.Lang.Text;

namespace Backprop.Lang.Evaluation;

/// <summary>
/// Lowers a tree to layer nodes appended to the graph: each literal becomes a leaf of its own, each name
/// the node it is bound to, each operator and function call one layer node after its inputs. The walk is
/// post-order with an explicit stack, so the depth of the expression never reaches the call stack.
/// </summary>
public static class Lowerer
{
    public readonly record struct Result(int Output, bool UsesVariables, IReadOnlyList<Diagnostic> Diagnostics)
    {
        public bool Succeeded => Output >= 0;

        /// <summary>The nodes each <c>grad(...)</c> appended, in order: a derivative's inner steps, and its result.</summary>
        public IReadOnlyList<DerivedRange> Derived { get; init; } = [];
    }

    /// <summary>Nodes <paramref name="First"/> up to (not including) <paramref name="End"/> compute one derivative, ending in <paramref name="Result"/>.</summary>
    public readonly record struct DerivedRange(int First, int End, int Result, NodeOrigin Origin, string Name);

    /// <summary>What lowering an expression takes: the nodes it appends, how deep it nests, and the names it mentions.</summary>
    public sealed record Shape(int Nodes, int Depth, IReadOnlySet<string> Names);

    private const int Failed = -1;

    /// <summary>Appends the nodes of <paramref name="root"/> to <paramref name="graph"/> (values are computed by its next Forward).</summary>
    /// <param name="bindings">The node each variable name is bound to.</param>
    public static Result Lower(Expr root, SourceLine line, ComputationGraph graph, IReadOnlyDictionary<string, int> bindings) =>
        Lower(root, Measure(root), line, graph, bindings);

    /// <summary>Lowers <paramref name="root"/> whose <see cref="Measure"/> the caller already took.</summary>
    /// <param name="remap">
    /// When <paramref name="graph"/> is a <see cref="ComputationGraph.Closure"/> of the graph the bindings point
    /// into: each of that graph's nodes' index in this one (every name in the shape must have been copied).
    /// </param>
    internal static Result Lower(Expr root, Shape shape, SourceLine line, ComputationGraph graph, IReadOnlyDictionary<string, int> bindings,
        int[]? remap = null)
    {
        var diagnostics = new List<Diagnostic>();
        int nodes = shape.Nodes, depth = shape.Depth;
        graph.EnsureCapacity(nodes);
        var work = new Stack<(Expr Expr, bool ChildrenDone)>(Math.Min(depth * 2 + 4, nodes + 4));
        var done = new Stack<int>(Math.Min(depth + 4, nodes + 4));
        bool usesVariables = false;
        List<DerivedRange>? derived = null;
        string? lastName = null;
        int lastNode = Failed;
        work.Push((root, false));

        while (work.TryPop(out var item))
        {
            var (expr, childrenDone) = item;
            if (!childrenDone)
            {
                // Down the leftmost path: each operator waits on the stack (with its later operands) while its
                // first operand is lowered, which is how a long left-leaning chain is walked without recursion.
                while (true)
                {
                    switch (expr)
                    {
                        case NumberExpr n:
                            done.Push(graph.AddLeaf(NodeKind.Literal, n.Value, new NodeOrigin(line, n.Span)));
                            break;
                        case NameExpr n:
                            // A name used again (the same pooled string) is bound to the same node: no lookup.
                            if (!ReferenceEquals(n.Name, lastName) || lastNode == Failed)
                            {
                                // pi and e: a literal leaf per occurrence, so never kept as the last name.
                                if (Constants.TryLower(n, line, graph, bindings, out int constant))
                                {
                                    done.Push(constant);
                                    break;
                                }
                                (lastName, lastNode) = (n.Name, Resolve(n, line, bindings, remap, diagnostics));
                            }
                            done.Push(lastNode);
                            usesVariables = true;
                            break;
                        case UnaryExpr u:
                            work.Push((u, true));
                            expr = u.Operand;
                            continue;
                        case BinaryExpr b:
                            work.Push((b, true));
                            work.Push((b.Right, false));
                            expr = b.Left;
                            continue;
                        case CallExpr c:
                            work.Push((c, true));
                            for (int i = c.Arguments.Count - 1; i >= 0; i--)
                            {
                                work.Push((c.Arguments[i], false));
                            }
                            break;
                        default:
                            throw new UnreachableException($"Unknown expression type {expr.GetType().Name}");
                    }
                    break;
                }
                continue;
            }

            switch (expr)
            {
                case UnaryExpr u:
                {
                    int operand = done.Pop();
                    done.Push(operand == Failed || u.Operator == UnaryOperator.Plus
                        ? operand
                        : graph.AddOperation(NegLayer.Instance, operand, -1, new NodeOrigin(line, u.OperatorSpan)));
                    break;
                }
                case BinaryExpr b:
                {
                    int right = done.Pop(), left = done.Pop();
                    done.Push(left == Failed || right == Failed
                        ? Failed
                        : graph.AddOperation(LayerOf(b.Operator), left, right, new NodeOrigin(line, b.OperatorSpan)));
                    break;
                }
                case CallExpr c:
                {
                    var args = new int[c.Arguments.Count];
                    for (int i = args.Length - 1; i >= 0; i--)
                    {
                        args[i] = done.Pop();
                    }
                    done.Push(c.Function == Functions.Grad
                        ? Grad(c, args, line, graph, diagnostics, derived ??= [])
                        : Call(c, args, line, graph, bindings, diagnostics));
                    break;
                }
                default:
                    throw new UnreachableException($"Unexpected expression type {expr.GetType().Name}");
            }
        }

        int output = done.Pop();
        bool failed = diagnostics.Any(d => d.Severity == Severity.Error);
        return new Result(failed ? Failed : output, usesVariables, diagnostics) { Derived = derived ?? [] };
    }

    /// <summary>How many nodes lowering will append (names add none), roughly how deep the work stack gets, and the names used.</summary>
    public static Shape Measure(Expr root)
    {
        int count = 0, depth = 0;
        var names = new HashSet<string>(StringComparer.Ordinal);
        string? lastName = null;
        // A binary node's left operand waits on the stack while the walk goes on down its right one, so the
        // long left-leaning chains of a sum or product keep the stack a few entries deep.
        var pending = new Stack<(Expr, int)>();
        pending.Push((root, 1));
        while (pending.TryPop(out var next))
        {
            var (expr, level) = next;
            while (true)
            {
                depth = Math.Max(depth, level);
                switch (expr)
                {
                    case NumberExpr:
                        count++;
                        break;
                    // The parser pools names, so a name used again is the same string: one comparison, no hashing.
                    case NameExpr n when !ReferenceEquals(n.Name, lastName):
                        names.Add(n.Name);
                        lastName = n.Name;
                        break;
                    case UnaryExpr u:
                        count += u.Operator == UnaryOperator.Negate ? 1 : 0;
                        (expr, level) = (u.Operand, level + 1);
                        continue;
                    case BinaryExpr b:
                        count++;
                        pending.Push((b.Left, level + 1));
                        (expr, level) = (b.Right, level + 1);
                        continue;
                    case CallExpr c:
                        count++;
                        foreach (var argument in c.Arguments) pending.Push((argument, level + 1));
                        break;
                }
                break;
            }
        }
        return new Shape(count, depth, names);
    }

    public static Layer LayerOf(BinaryOperator op) => op switch
    {
        BinaryOperator.Add => AddLayer.Instance,
        BinaryOperator.Subtract => SubLayer.Instance,
        BinaryOperator.Multiply => MulLayer.Instance,
        BinaryOperator.Divide => DivLayer.Instance,
        BinaryOperator.Power => PowLayer.Instance,
        _ => throw new UnreachableException($"Unknown operator {op}"),
    };

    private static int Resolve(NameExpr name, SourceLine line, IReadOnlyDictionary<string, int> bindings, int[]? remap,
        List<Diagnostic> diagnostics)
    {
        if (bindings.TryGetValue(name.Name, out int node))
        {
            return remap is null ? node : remap[node];
        }
        string message = Functions.IsFunction(name.Name)
            ? Messages.FunctionUsedAsValue(name.Name, Functions.TryGet(name.Name, out var function) ? function.Arity : 2)
            : Messages.UnknownName(name.Name, Suggestions.Nearest(name.Name, [.. bindings.Keys, .. Constants.Names]));
        diagnostics.Add(new Diagnostic(Severity.Error, line, name.Span, message));
        return Failed;
    }

    /// <summary>
    /// <c>grad(EXPR, NAME)</c>: d(EXPR)/d(NAME) appended as ordinary layer nodes (<see cref="GraphDerivative"/>),
    /// so it has a value now and can itself be differentiated. NAME is held fixed: an input variable, or a named
    /// intermediate (then the derivative is the gradient that arrives at it, as <c>:grad</c> reports it).
    /// </summary>
    private static int Grad(CallExpr call, int[] args, SourceLine line, ComputationGraph graph, List<Diagnostic> diagnostics,
        List<DerivedRange> derived)
    {
        if (args.Length != 2)
        {
            diagnostics.Add(new Diagnostic(Severity.Error, line, call.Span, Messages.WrongArgumentCount(call.Function, 2, args.Length)));
            return Failed;
        }
        if (call.Arguments[1] is not NameExpr name)
        {
            diagnostics.Add(new Diagnostic(Severity.Error, line, call.Arguments[1].Span,
                Messages.GradOfNonName(line.ToString(call.Arguments[1].Span))));
            return Failed;
        }
        if (args.Contains(Failed))
        {
            return Failed;
        }
        if (graph.Kind(args[1]) == NodeKind.Literal)
        {
            // A name lowered to a literal is pi or e: a leaf like a number, not a variable to differentiate by.
            diagnostics.Add(new Diagnostic(Severity.Error, line, name.Span, Messages.GradOfConstant(name.Name)));
            return Failed;
        }
        var origin = new NodeOrigin(line, call.NameSpan);
        var result = GraphDerivative.Build(graph, args[0], [args[1]], origin);
        if (result.NotDifferentiable is { } layer)
        {
            diagnostics.Add(new Diagnostic(Severity.Error, line, call.Span, Messages.NotDifferentiableTwice(layer)));
            return Failed;
        }
        if (!result.Depends[0])
        {
            diagnostics.Add(new Diagnostic(Severity.Warning, line, call.Arguments[0].Span, Messages.DoesNotDependOn(name.Name)));
        }
        int output = result.Derivatives[0];
        derived.Add(new DerivedRange(result.FirstNew, graph.Count, output, origin, name.Name));
        return output;
    }

    private static int Call(CallExpr call, int[] args, SourceLine line, ComputationGraph graph,
        IReadOnlyDictionary<string, int> bindings, List<Diagnostic> diagnostics)
    {
        if (Builtins.TryLower(call, args, line, graph, diagnostics, out int builtin))
        {
            return builtin;
        }
        if (!Functions.TryGet(call.Function, out var layer))
        {
            string message = bindings.ContainsKey(call.Function)
                ? Messages.VariableCalled(call.Function)
                : Messages.UnknownFunction(call.Function, Suggestions.Near(call.Function, [.. Functions.Names]));
            diagnostics.Add(new Diagnostic(Severity.Error, line, call.NameSpan, message));
            return Failed;
        }
        if (args.Length != layer.Arity)
        {
            diagnostics.Add(new Diagnostic(Severity.Error, line, call.Span, Messages.WrongArgumentCount(call.Function, layer.Arity, args.Length)));
            return Failed;
        }
        if (args.Contains(Failed))
        {
            return Failed;
        }
        return graph.AddOperation(layer, args[0], args.Length > 1 ? args[1] : -1, new NodeOrigin(line, call.NameSpan));
    }
}
