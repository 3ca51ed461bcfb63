using Backprop.Lang.Diagnostics;
using Backprop.Lang.Graph;
using Backprop.Lang.Layers;
using Backprop.Lang.Syntax;
using Backprop.Lang.Tensors;
using Backprop.Lang.Text;

namespace Backprop.Lang.Evaluation;

/// <summary>
/// The lowering of what involves tensors: bracket literals, element-wise layers with broadcasting made explicit (a
/// BroadcastTo node in front of an input whose shape differs), <c>@</c>, indexing, and the tensor functions. Shapes
/// are worked out as each node is built, as a binder checks types: a mismatch is a diagnostic at the operator or call
/// naming both shapes, and no node is appended for it. Made by <see cref="Lowerer"/> on the first tensor of a line.
/// </summary>
internal sealed class TensorLowering(ComputationGraph graph, List<Diagnostic> diagnostics, Generator random, bool lenient,
    Data.IDataFiles? files = null)
{
    private const int Failed = -1;

    // The numbers this line has put in tensors so far, against Shapes.MaxElements per line.
    private long _elements;

    /// <summary>The most numbers one line may make in tensors (each node's value counts).</summary>
    public const long MaxElementsPerLine = 2 * Shapes.MaxElements;

    /// <summary>The functions that exist for tensors only (the rest of the language's functions also work element-wise).</summary>
    public static readonly IReadOnlyCollection<string> Names =
    [
        "transpose", "reshape", "affine", "softmax", "softmax_with_loss", "cross_entropy_error",
        "zeros", "ones", "eye", "randn", "rand", "one_hot", "argmax", "accuracy", "spiral", "load_csv",
    ];

    /// <summary>True when argument <paramref name="index"/> of <paramref name="call"/> is read from the text (a size, an axis), not lowered.</summary>
    public static bool IsWrittenArgument(CallExpr call, int index) =>
        call.Arguments[index] is NamedArgumentExpr || call.Function switch
        {
            "zeros" or "ones" or "eye" or "randn" or "rand" => true,
            "reshape" or "one_hot" => index > 0,
            "load_csv" => true,
            _ => false,
        };

    // ---- Literals and brackets ------------------------------------------------------------------------------

    /// <summary>
    /// True when <paramref name="list"/> is made of numbers only (signs allowed), at any depth of brackets: one tensor
    /// literal. Walked with a stack, as deep as the brackets go.
    /// </summary>
    /// <param name="known">What was found for the brackets seen so far: each bracket is walked once, however deep
    /// [[[x]]] nests, so asking at every level costs the nesting once, not its square.</param>
    public static bool IsNumeric(ListExpr list, Dictionary<ListExpr, bool> known)
    {
        if (known.TryGetValue(list, out bool found)) return found;
        // Post-order with an explicit stack: a bracket is decided after the brackets inside it.
        var pending = new Stack<(ListExpr List, bool ChildrenDone)>();
        pending.Push((list, false));
        while (pending.TryPop(out var item))
        {
            var (l, childrenDone) = item;
            if (known.ContainsKey(l)) continue;
            if (!childrenDone)
            {
                pending.Push((l, true));
                foreach (var element in l.Elements)
                {
                    if (element is ListExpr inner && !known.ContainsKey(inner)) pending.Push((inner, false));
                }
                continue;
            }
            bool numeric = true;
            foreach (var element in l.Elements)
            {
                numeric &= element switch
                {
                    ListExpr inner => known[inner],
                    _ => Number(element) is not null,
                };
            }
            known[l] = numeric;
        }
        return known[list];
    }

    private static double? Number(Expr e)
    {
        double sign = 1;
        while (e is UnaryExpr u)
        {
            if (u.Operator == UnaryOperator.Negate) sign = -sign;
            e = u.Operand;
        }
        return e is NumberExpr n ? sign * n.Value : null;
    }

    /// <summary>The tensor a bracket of numbers writes, or an error at the row that does not fit.</summary>
    public Tensor? Literal(ListExpr list, SourceLine line)
    {
        // The shape from the first element at each depth; then every bracket is checked against it, breadth first.
        var shape = new List<int>();
        Expr first = list;
        while (first is ListExpr l)
        {
            if (l.Elements.Count == 0)
            {
                return FailLiteral(line, l.Span, Messages.EmptyTensor);
            }
            shape.Add(l.Elements.Count);
            if (shape.Count > Shapes.MaxRank)
            {
                return FailLiteral(line, list.Span, Messages.RankTooHigh(shape.Count, Shapes.MaxRank));
            }
            first = l.Elements[0];
        }
        var dims = shape.ToArray();
        long count = Shapes.LongCount(dims);
        if (count > Shapes.MaxElements)
        {
            return FailLiteral(line, list.Span, Messages.TensorTooLarge(Shapes.Text(dims), count, Shapes.MaxElements));
        }
        var data = new double[count];
        int next = 0;
        // Row-major order is depth-first, left to right: a stack of (expression, depth), elements pushed in reverse.
        var pending = new Stack<(Expr Expr, int Depth)>();
        pending.Push((list, 0));
        while (pending.TryPop(out var item))
        {
            var (e, depth) = item;
            if (depth == dims.Length)
            {
                if (e is ListExpr)
                {
                    return FailLiteral(line, e.Span, Messages.MixedLiteral);
                }
                data[next++] = Number(e)!.Value;
                continue;
            }
            if (e is not ListExpr row)
            {
                return FailLiteral(line, e.Span, Messages.MixedLiteral);
            }
            if (row.Elements.Count != dims[depth])
            {
                return FailLiteral(line, row.Span, Messages.RaggedLiteral(dims[depth], row.Elements.Count));
            }
            for (int i = row.Elements.Count - 1; i >= 0; i--) pending.Push((row.Elements[i], depth + 1));
        }
        return new Tensor(dims, data);
    }

    public int Leaf(Tensor? value, NodeOrigin origin)
    {
        if (value is null) return Failed;
        if (!Count(value.Count, origin)) return Failed;
        return graph.AddTensorLeaf(NodeKind.Literal, value, origin);
    }

    /// <summary><c>[x, 2*x]</c>: the elements stacked along a new first axis.</summary>
    public int Stack(ListExpr list, int[] elements, SourceLine line)
    {
        if (elements.Contains(Failed)) return Failed;
        var layer = new StackLayer(elements.Length);
        return Add(layer, elements, new NodeOrigin(line, list.Span));
    }

    // ---- Operators ------------------------------------------------------------------------------------------

    /// <summary>
    /// A scalar layer of two inputs applied to numbers or tensors: numbers as ever; otherwise the shapes broadcast
    /// (a BroadcastTo node in front of the input that is smaller) and the layer works element by element.
    /// </summary>
    public int Binary(Layer layer, int left, int right, NodeOrigin origin)
    {
        if (!graph.IsTensor(left) && !graph.IsTensor(right))
        {
            return graph.AddOperation(layer, left, right, origin);
        }
        int[] a = graph.ShapeOf(left), b = graph.ShapeOf(right);
        if (!Shapes.TryBroadcast(a, b, out var shape))
        {
            return ShapeError(origin, Messages.CannotBroadcast(layer.Symbol, Shapes.Text(a), Shapes.Text(b)));
        }
        left = BroadcastTo(left, shape, origin);
        right = BroadcastTo(right, shape, origin);
        if (left == Failed || right == Failed) return Failed;
        return Add(ElementwiseLayer.Of(layer), [left, right], origin);
    }

    public int Unary(Layer layer, int x, NodeOrigin origin) =>
        graph.IsTensor(x) ? Add(ElementwiseLayer.Of(layer), [x], origin) : graph.AddOperation(layer, x, -1, origin);

    public int MatMul(int left, int right, NodeOrigin origin) => Add(MatMulLayer.Instance, [left, right], origin);

    private int BroadcastTo(int node, int[] shape, NodeOrigin origin) =>
        Shapes.Equal(graph.ShapeOf(node), shape) ? node : Add(new BroadcastToLayer(shape), [node], origin);

    /// <summary><c>X[1:3, 0]</c>.</summary>
    public int Index(IndexExpr index, int target, SourceLine line)
    {
        if (target == Failed) return Failed;
        var origin = new NodeOrigin(line, TextSpan.FromBounds(index.ItemSpans[0].Start - 1, index.Span.End));
        if (!graph.IsTensor(target))
        {
            return ShapeError(origin, Messages.IndexOfNumber);
        }
        var (layer, item, error) = IndexLayer.For(graph.ShapeOf(target), index.Items, SyntaxPrinter.IndexText(index.Items));
        if (layer is null)
        {
            var span = item < index.ItemSpans.Count ? index.ItemSpans[item] : origin.Span;
            return ShapeError(new NodeOrigin(line, span), error!);
        }
        return Add(layer, [target], origin);
    }

    // ---- Functions ------------------------------------------------------------------------------------------

    /// <summary>
    /// Lowers <paramref name="call"/> when it is a tensor function, or a function of the language given a tensor or a
    /// named argument: true, with its node (or -1 after an error). False leaves it to the scalar path.
    /// </summary>
    /// <param name="args">The lowered arguments' nodes, in order (those read from the text left out).</param>
    public static bool Involves(CallExpr call, int[] args, ComputationGraph graph)
    {
        // Plain loops: this is asked for every call of every line, the million-node workloads' too.
        if (graph.HasTensors)
        {
            foreach (int a in args) if (a >= 0 && graph.IsTensor(a)) return true;
        }
        // By index: foreach over the IReadOnlyList would allocate an enumerator per call (9 MB on the million-node tree).
        for (int i = 0; i < call.Arguments.Count; i++) if (call.Arguments[i] is NamedArgumentExpr) return true;
        return TensorNames.Contains(call.Function);
    }

    private static readonly HashSet<string> TensorNames = new(Names, StringComparer.Ordinal);

    public int Call(CallExpr call, int[] args, SourceLine line)
    {
        var origin = new NodeOrigin(line, call.NameSpan);
        if (args.Contains(Failed)) return Failed;
        var named = call.Arguments.OfType<NamedArgumentExpr>().ToList();
        string function = call.Function;
        switch (function)
        {
            case "sum" or "mean" or "max" or "min" or "argmax" when args.Length == 1:
            {
                if (!TakesNamed(call, named, line, "axis")) return Failed;
                int? axis = null;
                if (named.Count == 1)
                {
                    if (WholeNumber(named[0].Value, line, function, "axis") is not { } a) return Failed;
                    var shape = graph.ShapeOf(args[0]);
                    int resolved = a < 0 ? a + shape.Length : a;
                    if (resolved < 0 || resolved >= shape.Length)
                    {
                        return Fail(line, named[0].Value.Span, Messages.AxisOutOfRange(a, Shapes.Text(shape)));
                    }
                    axis = resolved;
                }
                if (function == "argmax")
                {
                    // argmax(3) is 0: the only element is the largest.
                    return graph.IsTensor(args[0]) ? Add(new ArgmaxLayer(axis), [args[0]], origin) : Leaf(Tensor.Scalar(0), origin);
                }
                if (!graph.IsTensor(args[0]) && axis is null)
                {
                    // sum(3) is 3, as it always was; max(3) and min(3) likewise.
                    return args[0];
                }
                var reduction = function switch { "sum" => Reduction.Sum, "mean" => Reduction.Mean, "max" => Reduction.Max, _ => Reduction.Min };
                return Add(new ReduceLayer(reduction, axis), [args[0]], origin);
            }
            case "spiral":
            {
                if (args.Length != 0) return Fail(line, call.Span, Messages.SpiralArguments);
                if (!TakesNamed(call, named, line, "seed")) return Failed;
                ulong seed = Data.Spiral.DefaultSeed;
                if (named.Count == 1)
                {
                    if (Number(named[0].Value) is not { } v || v != Math.Floor(v) || v < 0 || v > 1e15)
                    {
                        return Fail(line, named[0].Value.Span, Messages.SeedArgument);
                    }
                    seed = (ulong)v;
                }
                return Leaf(Data.Spiral.Generate(seed), new NodeOrigin(line, call.Span));
            }
            case "load_csv":
                return LoadCsv(call, line);
        }
        if (!TakesNamed(call, named, line)) return Failed;
        // sum, mean, max and min of several, leaky_relu(x): the built-ins made of binary layers, element-wise here.
        if (Builtins.TryLower(call, args, line, graph, diagnostics, out int built, Binary))
        {
            return built;
        }
        switch (function)
        {
            case "zeros" or "ones" or "randn" or "rand":
                return Maker(call, line, origin);
            case "eye":
            {
                if (Sizes(call, line, 0) is not { } n) return Failed;
                if (n.Length != 1) return Arity(call, line, 1, n.Length);
                long count = (long)n[0] * n[0];
                if (count > Shapes.MaxElements) return Fail(line, call.Span, Messages.TensorTooLarge($"{n[0]}×{n[0]}", count, Shapes.MaxElements));
                var data = new double[count];
                for (int i = 0; i < n[0]; i++) data[i * n[0] + i] = 1;
                return Leaf(new Tensor([n[0], n[0]], data), new NodeOrigin(line, call.Span));
            }
            case "transpose":
                if (args.Length != 1) return Arity(call, line, 1, args.Length);
                return graph.IsTensor(args[0]) ? Add(TransposeLayer.Instance, args, origin) : args[0];
            case "reshape":
            {
                if (args.Length != 1 || call.Arguments.Count < 2) return Fail(line, call.Span, Messages.WrongArgumentRange(function, 2, int.MaxValue, call.Arguments.Count));
                if (Sizes(call, line, 1) is not { } shape) return Failed;
                return Add(new ReshapeLayer(shape), args, origin);
            }
            case "one_hot":
            {
                if (args.Length != 1 || call.Arguments.Count != 2) return Arity(call, line, 2, call.Arguments.Count);
                if (Sizes(call, line, 1) is not { } k) return Failed;
                return Add(new OneHotLayer(k[0]), args, origin);
            }
            case "affine":
                if (args.Length != 3) return Arity(call, line, 3, args.Length);
                return Add(AffineLayer.Instance, args, origin);
            case "softmax":
                if (args.Length != 1) return Arity(call, line, 1, args.Length);
                if (!graph.IsTensor(args[0])) return Fail(line, call.Span, Messages.NeedsTensor(function, "a vector or a matrix of scores"));
                return Add(SoftmaxLayer.Instance, args, origin);
            case "softmax_with_loss":
                if (args.Length != 2) return Arity(call, line, 2, args.Length);
                return Add(SoftmaxWithLossLayer.Instance, args, origin);
            case "cross_entropy_error":
                if (args.Length != 2) return Arity(call, line, 2, args.Length);
                return Add(CrossEntropyErrorLayer.Instance, args, origin);
            case "accuracy":
                if (args.Length != 2) return Arity(call, line, 2, args.Length);
                if (!graph.IsTensor(args[0])) return Fail(line, call.Span, Messages.NeedsTensor(function, "a vector or a matrix of scores"));
                return Add(AccuracyLayer.Instance, args, origin);
        }
        if (!Functions.TryGet(function, out var scalar))
        {
            return NotATensorFunction;   // not ours: the caller reports an unknown function as for numbers
        }
        if (args.Length != scalar.Arity) return Arity(call, line, scalar.Arity, args.Length);
        return scalar.Arity == 1 ? Unary(scalar, args[0], origin) : Binary(scalar, args[0], args[1], origin);
    }

    /// <summary>The value <see cref="Call"/> returns for a function it does not know.</summary>
    public const int NotATensorFunction = Failed - 1;

    private int Maker(CallExpr call, SourceLine line, NodeOrigin origin)
    {
        if (call.Arguments.Count == 0) return Fail(line, call.Span, Messages.WrongArgumentRange(call.Function, 1, int.MaxValue, 0));
        if (Sizes(call, line, 0) is not { } shape) return Failed;
        long count = Shapes.LongCount(shape);
        if (count > Shapes.MaxElements)
        {
            return Fail(line, call.Span, Messages.TensorTooLarge(Shapes.Text(shape), count, Shapes.MaxElements));
        }
        var data = new double[count];
        switch (call.Function)
        {
            case "ones": Array.Fill(data, 1.0); break;
            case "randn": for (int i = 0; i < data.Length; i++) data[i] = random.NextNormal(); break;
            case "rand": for (int i = 0; i < data.Length; i++) data[i] = random.NextDouble(); break;
        }
        // A leaf at the call, like a literal: its gradient is reported there.
        return Leaf(new Tensor(shape, data), new NodeOrigin(line, call.Span));
    }

    // load_csv("points.csv"): the file through the front end's rules, read as a matrix of numbers; an error in the file
    // points at its line and column there.
    private int LoadCsv(CallExpr call, SourceLine line)
    {
        if (call.Arguments.Count != 1 || call.Arguments[0] is not StringExpr { Closed: true } path)
        {
            var at = call.Arguments.Count == 1 ? call.Arguments[0].Span : call.Span;
            return Fail(line, at, call.Arguments is [StringExpr { Closed: false }] ? Messages.UnclosedString : Messages.LoadCsvArgument);
        }
        if (files is null)
        {
            return Fail(line, path.Span, Messages.NoDataFiles);
        }
        if (files.Read(path.Value, out string? why) is not { } bytes)
        {
            return Fail(line, path.Span, why ?? Messages.NoDataFiles);
        }
        var table = Data.CsvTable.Parse(bytes, path.Value);
        if (table.Error is { } error)
        {
            diagnostics.Add(error);
            return Failed;
        }
        return Leaf(table.Matrix, new NodeOrigin(line, call.Span));
    }

    // The sizes written from argument `from` on: whole numbers from 1 up.
    private int[]? Sizes(CallExpr call, SourceLine line, int from)
    {
        var sizes = new int[call.Arguments.Count - from];
        if (sizes.Length > Shapes.MaxRank)
        {
            Fail(line, call.Span, Messages.RankTooHigh(sizes.Length, Shapes.MaxRank));
            return null;
        }
        for (int i = from; i < call.Arguments.Count; i++)
        {
            var argument = call.Arguments[i];
            double? value = Number(argument);
            if (value is not { } v || v != Math.Floor(v) || v < 1 || v > int.MaxValue)
            {
                Fail(line, argument.Span, Messages.SizeArgument(call.Function, line.ToString(argument.Span)));
                return null;
            }
            sizes[i - from] = (int)v;
        }
        return sizes;
    }

    private int? WholeNumber(Expr e, SourceLine line, string function, string what)
    {
        if (Number(e) is { } v && v == Math.Floor(v) && Math.Abs(v) <= Shapes.MaxRank)
        {
            return (int)v;
        }
        Fail(line, e.Span, Messages.IntegerArgument(function, what));
        return null;
    }

    private bool TakesNamed(CallExpr call, List<NamedArgumentExpr> named, SourceLine line, params string[] known)
    {
        foreach (var n in named)
        {
            if (!known.Contains(n.Name) || named.Count(m => m.Name == n.Name) > 1)
            {
                Fail(line, n.NameSpan, Messages.NamedArgumentUnknown(call.Function, n.Name, string.Join(", ", known.Select(k => k + "="))));
                return false;
            }
        }
        return true;
    }

    private int Arity(CallExpr call, SourceLine line, int wanted, int given) =>
        Fail(line, call.Span, Messages.WrongArgumentCount(call.Function, wanted, given));

    // ---- Building nodes -------------------------------------------------------------------------------------

    /// <summary>A tensor layer's node after its shapes are checked; an error at its origin naming the shapes if not.</summary>
    private int Add(TensorLayer layer, int[] inputs, NodeOrigin origin)
    {
        var shapes = new int[inputs.Length][];
        for (int i = 0; i < inputs.Length; i++) shapes[i] = graph.ShapeOf(inputs[i]);
        var result = layer.OutputShape(shapes);
        if (!result.Succeeded)
        {
            return ShapeError(origin, result.Error!);
        }
        if (!Count(Shapes.LongCount(result.Shape!), origin)) return Failed;
        return graph.AddTensorOperation(layer, inputs, result.Shape!, origin);
    }

    private bool Count(long elements, NodeOrigin origin)
    {
        if (elements > Shapes.MaxElements)
        {
            Fail(origin.Source!, origin.Span, Messages.TensorTooLarge("result", elements, Shapes.MaxElements));
            return false;
        }
        _elements += elements;
        if (_elements > MaxElementsPerLine)
        {
            Fail(origin.Source!, origin.Span, Messages.LineTensorsTooLarge(_elements, MaxElementsPerLine));
            return false;
        }
        return true;
    }

    // While a function's definition is tried with numbers for its parameters, shapes say nothing yet: a placeholder
    // stands for the result, and the shapes are checked at each call.
    private int ShapeError(NodeOrigin origin, string message) =>
        lenient ? graph.AddLeaf(NodeKind.Input, 1) : Fail(origin.Source!, origin.Span, message);

    private int Fail(SourceLine line, TextSpan span, string message)
    {
        diagnostics.Add(new Diagnostic(Severity.Error, line, span, message));
        return Failed;
    }

    private Tensor? FailLiteral(SourceLine line, TextSpan span, string message)
    {
        diagnostics.Add(new Diagnostic(Severity.Error, line, span, message));
        return null;
    }
}
