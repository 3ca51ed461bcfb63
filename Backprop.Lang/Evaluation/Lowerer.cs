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
/// A call of the user's function is inlined: its body is lowered on the same stack with the parameters bound to
/// the arguments' nodes, and the nodes it appends are marked as that call's (<see cref="CallGroup"/>).
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
    /// <param name="Nodes">With the user's functions inlined; <see cref="int.MaxValue"/> when that is more than an int holds.</param>
    /// <param name="Names">Those the functions it calls read included.</param>
    /// <param name="CallsFunctions">Whether it calls any of the user's functions.</param>
    public sealed record Shape(int Nodes, int Depth, IReadOnlySet<string> Names, bool CallsFunctions = false)
    {
        /// <summary><see cref="Nodes"/> before it was capped at what an int holds.</summary>
        public long AllNodes { get; init; } = Nodes;
    }

    /// <summary>The most nodes one line may build through calls of the user's functions (each call inlines its body).</summary>
    public const int MaxInlinedNodes = 10_000_000;

    private const int Failed = -1;

    // Where the walk is: the expression's own line, or the body of a call (its parameters bound to the arguments).
    private sealed record Frame(SourceLine Line, Dictionary<string, int>? Locals, int Parent, int Call, UserFunction? Function, NodeOrigin Site)
    {
        public int FirstDiagnostic { get; init; }
    }

    // Pushed under a call's body on the work stack: when it comes up, the body has been lowered.
    private sealed record CallEnd(int Frame) : Expr(default(TextSpan));

    /// <summary>Appends the nodes of <paramref name="root"/> to <paramref name="graph"/> (values are computed by its next Forward).</summary>
    /// <param name="bindings">The node each variable name is bound to.</param>
    /// <param name="functions">The user's functions a call may name (none when null).</param>
    public static Result Lower(Expr root, SourceLine line, ComputationGraph graph, IReadOnlyDictionary<string, int> bindings,
        FunctionTable? functions = null) =>
        Lower(root, Measure(root, functions), line, graph, bindings, functions: functions);

    /// <summary>Lowers <paramref name="root"/> whose <see cref="Measure"/> the caller already took.</summary>
    /// <param name="remap">
    /// When <paramref name="graph"/> is a <see cref="ComputationGraph.Closure"/> of the graph the bindings point
    /// into: each of that graph's nodes' index in this one (every name in the shape must have been copied).
    /// </param>
    /// <param name="inlineCalls">
    /// False to check a call of the user's function (its arity) without lowering its body, which stands as a leaf:
    /// what checking a new definition needs, however deep the functions it calls go.
    /// </param>
    /// <param name="random">The session's generator, which <c>randn</c> and <c>rand</c> draw from (a fresh one seeded 0 when null).</param>
    /// <param name="files">Where <c>load_csv</c> reads files (the front end's rules); none when null.</param>
    internal static Result Lower(Expr root, Shape shape, SourceLine line, ComputationGraph graph, IReadOnlyDictionary<string, int> bindings,
        int[]? remap = null, FunctionTable? functions = null, bool inlineCalls = true, Tensors.Generator? random = null,
        Data.IDataFiles? files = null)
    {
        if (shape.CallsFunctions && shape.AllNodes > MaxInlinedNodes)
        {
            return new Result(Failed, false, [new Diagnostic(Severity.Error, line, root.Span, Messages.CallsTooLarge(shape.AllNodes, MaxInlinedNodes))]);
        }
        return new Walk(shape, line, graph, bindings, remap, functions, inlineCalls, random, files).Run(root);
    }

    /// <summary>
    /// One lowering: the explicit work stack that keeps it recursion-free (an operator waits on it with its later
    /// operands while its first is lowered; its node is made when it comes up again with its children done), and one
    /// small method per kind of syntax on each side of it.
    /// </summary>
    private sealed class Walk(Shape shape, SourceLine line, ComputationGraph graph, IReadOnlyDictionary<string, int> bindings,
        int[]? remap, FunctionTable? functions, bool inlineCalls, Tensors.Generator? random, Data.IDataFiles? files)
    {
        private readonly List<Diagnostic> diagnostics = [];
        private readonly Stack<(Expr Expr, bool ChildrenDone)> work = new(Math.Min(shape.Depth * 2 + 4, shape.Nodes + 4));
        private readonly Stack<int> done = new(Math.Min(shape.Depth + 4, shape.Nodes + 4));
        private bool usesVariables;
        private List<DerivedRange>? derived;
        private string? lastName;
        private int lastNode = Failed;
        // Frame 0 is the expression itself; each call of a user's function adds one while its body is lowered.
        private List<Frame>? frames;
        private int current;
        private Frame frame = new(line, null, -1, -1, null, default);
        // A literal in a body is one leaf however often the function is called here (BodyLeaf).
        private Dictionary<(SourceLine, int), int>? bodyLiterals;
        // Made by the first tensor of the line: a line of numbers never touches it.
        private TensorLowering? tensorLowering;
        private Dictionary<ListExpr, bool>? numericLists;

        private TensorLowering Tensors() => tensorLowering ??= new TensorLowering(graph, diagnostics, random ?? new Tensors.Generator(), lenient: !inlineCalls, files);

        public Result Run(Expr root)
        {
            graph.EnsureCapacity(shape.Nodes);
            work.Push((root, false));
            while (work.TryPop(out var item))
            {
                if (item.ChildrenDone) Complete(item.Expr);
                else Descend(item.Expr);
            }
            int output = done.Pop();
            bool failed = diagnostics.Any(d => d.Severity == Severity.Error);
            return new Result(failed ? Failed : output, usesVariables, diagnostics) { Derived = derived ?? [] };
        }

        // Down the leftmost path: each operator waits on the stack (with its later operands) while its first operand is
        // lowered, which is how a long left-leaning chain is walked without recursion. Leaves are made on the way.
        private void Descend(Expr expr)
        {
            while (true)
            {
                switch (expr)
                {
                    case NumberExpr n when frame.Function is null:
                        done.Push(graph.AddLeaf(NodeKind.Literal, n.Value, new NodeOrigin(line, n.Span)));
                        break;
                    case NumberExpr n:
                        done.Push(BodyLeaf(graph, ref bodyLiterals, frame.Line, n.Span, n.Value));
                        break;
                    case NameExpr n when frame.Function is null:
                        done.Push(Name(n));
                        break;
                    case NameExpr n:
                        done.Push(NameInBody(n));
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
                            // A size or an axis is read from the text, not lowered (zeros(2, 3), sum(X, axis=0)).
                            if (!TensorLowering.IsWrittenArgument(c, i)) work.Push((c.Arguments[i], false));
                        }
                        break;
                    case ListExpr l when TensorLowering.IsNumeric(l, numericLists ??= new(ReferenceEqualityComparer.Instance)):
                        // A bracket of numbers is one literal leaf, wherever it is written.
                        done.Push(frame.Function is null
                            ? Tensors().Leaf(Tensors().Literal(l, frame.Line), new NodeOrigin(frame.Line, l.Span))
                            : BodyTensorLeaf(graph, ref bodyLiterals, frame.Line, l, Tensors()));
                        break;
                    case ListExpr l:
                        work.Push((l, true));
                        for (int i = l.Elements.Count - 1; i >= 0; i--)
                        {
                            work.Push((l.Elements[i], false));
                        }
                        break;
                    case IndexExpr x:
                        work.Push((x, true));
                        expr = x.Target;
                        continue;
                    case StringExpr s:
                        // Only load_csv reads a string (it skips it above, as a size is skipped).
                        diagnostics.Add(new Diagnostic(Severity.Error, frame.Line, s.Span, s.Closed ? Messages.StringOnlyForFiles : Messages.UnclosedString));
                        done.Push(Failed);
                        break;
                    case NamedArgumentExpr n:
                        // Only the tensor functions read named arguments (they skip them above); a user's function has none.
                        diagnostics.Add(new Diagnostic(Severity.Error, frame.Line, n.NameSpan, Messages.NamedArgumentUnknown("your function", n.Name, "")));
                        done.Push(Failed);
                        break;
                    default:
                        throw new UnreachableException($"Unknown expression type {expr.GetType().Name}");
                }
                return;
            }
        }

        // A name on the line itself; one used again (the same pooled string) is bound to the same node, no lookup.
        private int Name(NameExpr n)
        {
            if (!ReferenceEquals(n.Name, lastName) || lastNode == Failed)
            {
                // pi and e: a literal leaf per occurrence, so never kept as the last name (and not a variable).
                if (Constants.TryLower(n, line, graph, bindings, out int constant))
                {
                    return constant;
                }
                (lastName, lastNode) = (n.Name, Resolve(n, line, bindings, remap, diagnostics, functions));
            }
            usesVariables = true;
            return lastNode;
        }

        // A name in a function's body: a parameter, pi or e (like a literal there), or a session variable looked up now.
        private int NameInBody(NameExpr n)
        {
            if (frame.Locals!.TryGetValue(n.Name, out int local))
            {
                return local;
            }
            if (!bindings.ContainsKey(n.Name) && Constants.TryGet(n.Name, out double constant))
            {
                return BodyLeaf(graph, ref bodyLiterals, frame.Line, n.Span, constant);
            }
            usesVariables = true;
            return Resolve(n, frame.Line, bindings, remap, diagnostics, functions);
        }

        // An operation whose operands are lowered (their nodes on the done stack): its node.
        private void Complete(Expr expr)
        {
            var at = frame.Line;
            switch (expr)
            {
                case UnaryExpr u:
                    Unary(u, at);
                    break;
                case BinaryExpr b:
                    Binary(b, at);
                    break;
                case ListExpr l:
                    Stack(l, at);
                    break;
                case IndexExpr x:
                    Index(x, at);
                    break;
                case CallExpr c when functions is { Count: > 0 } && functions.TryGet(c.Function, out var function):
                    UserCall(c, function, at);
                    break;
                case CallExpr c:
                    BuiltinCall(c, at);
                    break;
                case CallEnd end:
                    EndCall(end);
                    break;
                default:
                    throw new UnreachableException($"Unexpected expression type {expr.GetType().Name}");
            }
        }

        // -x: a NegLayer (element-wise for a tensor); +x is x.
        private void Unary(UnaryExpr u, SourceLine at)
        {
            int operand = done.Pop();
            done.Push(operand == Failed || u.Operator == UnaryOperator.Plus
                ? operand
                : graph.HasTensors && graph.IsTensor(operand)
                ? Tensors().Unary(NegLayer.Instance, operand, new NodeOrigin(at, u.OperatorSpan))
                : graph.AddOperation(NegLayer.Instance, operand, -1, new NodeOrigin(at, u.OperatorSpan)));
        }

        // x op y: the operator's layer, element-wise with broadcasting when a tensor is involved, or the matrix product.
        private void Binary(BinaryExpr b, SourceLine at)
        {
            int right = done.Pop(), left = done.Pop();
            var origin = new NodeOrigin(at, b.OperatorSpan);
            done.Push(left == Failed || right == Failed
                ? Failed
                : b.Operator == BinaryOperator.MatMul
                ? Tensors().MatMul(left, right, origin)
                : graph.HasTensors && (graph.IsTensor(left) || graph.IsTensor(right))
                ? Tensors().Binary(LayerOf(b.Operator), left, right, origin)
                : graph.AddOperation(LayerOf(b.Operator), left, right, origin));
        }

        // [x, 2*x]: the elements stacked (a bracket of numbers only was a literal on the way down).
        private void Stack(ListExpr l, SourceLine at)
        {
            var elements = new int[l.Elements.Count];
            for (int i = elements.Length - 1; i >= 0; i--) elements[i] = done.Pop();
            done.Push(Tensors().Stack(l, elements, at));
        }

        // X[i, 0:2]: an IndexLayer.
        private void Index(IndexExpr x, SourceLine at)
        {
            done.Push(Tensors().Index(x, done.Pop(), at));
        }

        // f(a, b) of the user's function: its body is lowered next, in a frame of its own, and the CallEnd below it closes the call.
        private void UserCall(CallExpr c, UserFunction function, SourceLine at)
        {
            var args = new int[c.Arguments.Count];
            for (int i = args.Length - 1; i >= 0; i--)
            {
                args[i] = done.Pop();
            }
            if (args.Length != function.Parameters.Count)
            {
                diagnostics.Add(new Diagnostic(Severity.Error, at, c.Span, Messages.WrongArgumentCount(c.Function, function.Parameters.Count, args.Length)));
                done.Push(Failed);
                return;
            }
            if (args.Contains(Failed))
            {
                done.Push(Failed);
                return;
            }
            if (!inlineCalls)
            {
                done.Push(graph.AddLeaf(NodeKind.Input, 1));
                return;
            }
            // Inline the body: it is lowered next, in a frame of its own, and the CallEnd below it closes the call.
            var locals = new Dictionary<string, int>(args.Length, StringComparer.Ordinal);
            for (int i = 0; i < args.Length; i++)
            {
                locals[function.Parameters[i]] = args[i];
            }
            var site = new NodeOrigin(at, c.NameSpan);
            frames ??= [frame];
            frames.Add(new Frame(function.Source, locals, current, graph.BeginCall(function.Name, site, args), function, site)
            {
                FirstDiagnostic = diagnostics.Count,
            });
            current = frames.Count - 1;
            frame = frames[current];
            work.Push((new CallEnd(current), true));
            work.Push((function.Body, false));
        }

        // A built-in function: a tensor function, grad(...), or a scalar layer.
        private void BuiltinCall(CallExpr c, SourceLine at)
        {
            int lowered = 0;
            for (int i = 0; i < c.Arguments.Count; i++) lowered += TensorLowering.IsWrittenArgument(c, i) ? 0 : 1;
            var args = new int[lowered];
            for (int i = args.Length - 1; i >= 0; i--)
            {
                args[i] = done.Pop();
            }
            if (c.Function != Functions.Grad && TensorLowering.Involves(c, args, graph)
                && Tensors().Call(c, args, at) is var node && node != TensorLowering.NotATensorFunction)
            {
                done.Push(node);
                return;
            }
            done.Push(c.Function == Functions.Grad
                ? Grad(c, args, at, graph, diagnostics, derived ??= [], frame.Locals)
                : Lowerer.Call(c, args, at, graph, bindings, diagnostics, functions));
        }

        // The body of a call is lowered: the call ends, and what went wrong in it says which call it was.
        private void EndCall(CallEnd end)
        {
            var ended = frames![end.Frame];
            graph.EndCall(ended.Call, done.Peek());
            // What went wrong in the body says which call it was.
            for (int i = ended.FirstDiagnostic; i < diagnostics.Count; i++)
            {
                var d = diagnostics[i];
                diagnostics[i] = d with { Message = Messages.InBodyOf(ended.Function!.Name, ended.Site.Line, ended.Site.Column, d.Message) };
            }
            current = ended.Parent;
            frame = frames[current];
        }
    }

    /// <summary>
    /// The leaf of a literal (or constant) in a function's body: one per expression however often the function is
    /// called in it, so its gradient is the sum over the calls.
    /// </summary>
    private static int BodyLeaf(ComputationGraph graph, ref Dictionary<(SourceLine, int), int>? leaves, SourceLine line, TextSpan span, double value)
    {
        leaves ??= [];
        if (!leaves.TryGetValue((line, span.Start), out int leaf))
        {
            leaf = graph.AddLeaf(NodeKind.Literal, value, new NodeOrigin(line, span));
            leaves[(line, span.Start)] = leaf;
        }
        return leaf;
    }

    // A bracket of numbers in a function's body: one leaf per expression, as a number there is.
    private static int BodyTensorLeaf(ComputationGraph graph, ref Dictionary<(SourceLine, int), int>? leaves, SourceLine line, ListExpr list, TensorLowering tensors)
    {
        leaves ??= [];
        if (!leaves.TryGetValue((line, list.Span.Start), out int leaf))
        {
            leaf = tensors.Leaf(tensors.Literal(list, line), new NodeOrigin(line, list.Span));
            if (leaf >= 0) leaves[(line, list.Span.Start)] = leaf;
        }
        return leaf;
    }

    /// <summary>How many nodes lowering will append (names add none), roughly how deep the work stack gets, and the names used.</summary>
    public static Shape Measure(Expr root, FunctionTable? functions = null)
    {
        long count = 0;
        int depth = 0;
        bool callsFunctions = false;
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
                    case CallExpr c when functions is { Count: > 0 } && functions.Contains(c.Function):
                        // The body is inlined at each call: what it builds, and the session's variables it reads.
                        var (inlined, read) = functions.Expanded(c.Function);
                        callsFunctions = true;
                        count = inlined > long.MaxValue - count ? long.MaxValue : count + inlined;
                        names.UnionWith(read);
                        foreach (var argument in c.Arguments) pending.Push((argument, level + 1));
                        break;
                    case CallExpr c:
                        count++;
                        foreach (var argument in c.Arguments) pending.Push((argument, level + 1));
                        break;
                    case ListExpr l:
                        count++;
                        foreach (var element in l.Elements) pending.Push((element, level + 1));
                        break;
                    case IndexExpr x:
                        count++;
                        (expr, level) = (x.Target, level + 1);
                        continue;
                    case NamedArgumentExpr n:
                        (expr, level) = (n.Value, level + 1);
                        continue;
                }
                break;
            }
        }
        return new Shape((int)Math.Min(count, int.MaxValue), depth, names, callsFunctions) { AllNodes = count };
    }

    public static Layer LayerOf(BinaryOperator op) => op switch
    {
        BinaryOperator.Add => AddLayer.Instance,
        BinaryOperator.Subtract => SubLayer.Instance,
        BinaryOperator.Multiply => MulLayer.Instance,
        BinaryOperator.Divide => DivLayer.Instance,
        BinaryOperator.Power => PowLayer.Instance,
        BinaryOperator.MatMul => MatMulLayer.Instance,
        _ => throw new UnreachableException($"Unknown operator {op}"),
    };

    private static int Resolve(NameExpr name, SourceLine line, IReadOnlyDictionary<string, int> bindings, int[]? remap,
        List<Diagnostic> diagnostics, FunctionTable? functions)
    {
        if (bindings.TryGetValue(name.Name, out int node))
        {
            return remap is null ? node : remap[node];
        }
        string message = Functions.IsFunction(name.Name)
            ? Messages.FunctionUsedAsValue(name.Name, Functions.TryGet(name.Name, out var function) ? function.Arity : 2)
            : functions is not null && functions.TryGet(name.Name, out var own)
            ? Messages.FunctionUsedAsValue(name.Name, own.Parameters.Count)
            : Messages.UnknownName(name.Name, Suggestions.Nearest(name.Name,
                // pi for Pi, but not e for every unknown one-letter name.
                name.Name.Length > 1 ? [.. bindings.Keys, .. Constants.Names] : bindings.Keys));
        diagnostics.Add(new Diagnostic(Severity.Error, line, name.Span, message));
        return Failed;
    }

    /// <summary>
    /// <c>grad(EXPR, NAME)</c>: d(EXPR)/d(NAME) appended as ordinary layer nodes (<see cref="GraphDerivative"/>),
    /// so it has a value now and can itself be differentiated. NAME is held fixed: an input variable, or a named
    /// intermediate (then the derivative is the gradient that arrives at it, as <c>:grad</c> reports it).
    /// </summary>
    private static int Grad(CallExpr call, int[] args, SourceLine line, ComputationGraph graph, List<Diagnostic> diagnostics,
        List<DerivedRange> derived, Dictionary<string, int>? locals)
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
        if (graph.Kind(args[1]) == NodeKind.Literal && !(locals?.ContainsKey(name.Name) ?? false))
        {
            // A name lowered to a literal is pi or e: a leaf like a number, not a variable to differentiate by. (A
            // parameter is bound to whatever the call passed, a number too: differentiating by it is what was asked.)
            diagnostics.Add(new Diagnostic(Severity.Error, line, name.Span, Messages.GradOfConstant(name.Name)));
            return Failed;
        }
        var origin = new NodeOrigin(line, call.NameSpan);
        if (graph.HasTensors && (graph.IsTensor(args[1]) || FirstTensorLayer(graph, args[0]) is not null))
        {
            return TensorGradient(graph, args[0], args[1], name.Name, origin, line, call, diagnostics);
        }
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

    // grad(L, W) through tensor layers: one GradLayer over L's own graph, first order (tensor layers have no
    // derivative as graph nodes yet), so its value follows W and a second derivative through it is refused.
    private static int TensorGradient(ComputationGraph graph, int loss, int target, string name, NodeOrigin origin, SourceLine line,
        CallExpr call, List<Diagnostic> diagnostics)
    {
        if (graph.IsTensor(loss))
        {
            diagnostics.Add(new Diagnostic(Severity.Error, line, call.Arguments[0].Span, Messages.GradNeedsNumber(Tensors.Shapes.Text(graph.ShapeOf(loss)))));
            return Failed;
        }
        var own = graph.Closure([loss], 0, out int[] map, out int[] newIndex);
        if (Enumerable.Range(0, own.Count).Any(n => own.Layer(n) is TensorGradientLayer))
        {
            diagnostics.Add(new Diagnostic(Severity.Error, line, call.Arguments[0].Span, Messages.GradThroughTensorGrad));
            return Failed;
        }
        int ownTarget = target < newIndex.Length ? newIndex[target] : -1;
        if (ownTarget < 0)
        {
            diagnostics.Add(new Diagnostic(Severity.Warning, line, call.Arguments[0].Span, Messages.DoesNotDependOn(name)));
            return graph.AddTensorLeaf(NodeKind.Constant, Tensors.Tensor.Zeros(graph.ShapeOf(target)), origin);
        }
        var leaves = Enumerable.Range(0, own.Count).Where(n => own.Layer(n) is null).ToArray();
        var layer = new TensorGradientLayer(own, leaves, ownTarget, name);
        return graph.AddTensorOperation(layer, leaves.Select(n => map[n]).ToArray(), graph.ShapeOf(target), origin);
    }

    private static TensorLayer? FirstTensorLayer(ComputationGraph graph, int upTo)
    {
        for (int node = 0; node <= upTo; node++)
        {
            if (graph.Layer(node) is TensorLayer layer) return layer;
        }
        return null;
    }

    private static int Call(CallExpr call, int[] args, SourceLine line, ComputationGraph graph,
        IReadOnlyDictionary<string, int> bindings, List<Diagnostic> diagnostics, FunctionTable? functions)
    {
        if (Builtins.TryLower(call, args, line, graph, diagnostics, out int builtin))
        {
            return builtin;
        }
        if (!Functions.TryGet(call.Function, out var layer))
        {
            string message = bindings.ContainsKey(call.Function)
                ? Messages.VariableCalled(call.Function)
                : Messages.UnknownFunction(call.Function, Suggestions.Near(call.Function, [.. Functions.Names, .. functions?.Names ?? []]));
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
