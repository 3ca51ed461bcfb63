using Backprop.Lang.Analysis;
using Backprop.Lang.Commands;
using Backprop.Lang.Diagnostics;
using Backprop.Lang.Graph;
using Backprop.Lang.Layers;
using Backprop.Lang.Syntax;
using Backprop.Lang.Tensors;
using Backprop.Lang.Text;

namespace Backprop.Lang.Evaluation;

/// <summary>
/// What <c>:train</c> needs before its first batch: the names checked (parameters are input variables the loss
/// depends on; data variables have rows, as many each, and do not depend on a parameter), and the loss's own graph
/// built for a minibatch's number of rows. That graph has a leaf for each data variable and each parameter; the named
/// intermediates between them and the loss (<c>y = affine(X, W, b)</c>) are lowered again from their definitions, so
/// their shapes follow the batch; everything else the loss reads is a leaf holding its value now.
/// </summary>
internal sealed class TrainingSetup(
    ComputationGraph session, IReadOnlyDictionary<string, int> bindings, IReadOnlyDictionary<int, Definition> definitions,
    FunctionTable functions, Generator random, Data.IDataFiles? files)
{
    private readonly List<Diagnostic> _diagnostics = [];

    public TrainingStart Start(CommandStatement command, SourceLine source, TrainSettings settings)
    {
        TrainingStart Failed(TextSpan span, string message)
        {
            _diagnostics.Add(new Diagnostic(Severity.Error, source, span, message));
            return new TrainingStart(null, [], _diagnostics);
        }
        var loss = command.Expression!;
        // The data: bound, with rows, as many each, each named once.
        var data = new List<(NameExpr Name, int Node)>();
        foreach (var name in command.Data)
        {
            if (!bindings.TryGetValue(name.Name, out int node)) return Failed(name.Span, Messages.UnknownName(name.Name, Suggestions.Nearest(name.Name, bindings.Keys)));
            if (data.Any(d => d.Name.Name == name.Name)) return Failed(name.Span, Messages.NamedTwice(name.Name));
            if (!session.IsTensor(node)) return Failed(name.Span, Messages.DataNeedsRows(name.Name));
            int rows = session.ShapeOf(node)[0];
            if (data.Count > 0 && session.ShapeOf(data[0].Node)[0] != rows)
            {
                return Failed(name.Span, Messages.DataRowsDiffer(name.Name, rows, data[0].Name.Name, session.ShapeOf(data[0].Node)[0]));
            }
            data.Add((name, node));
        }
        var dataNodes = data.Select(d => d.Node).ToHashSet();
        // What the loss and the report read, through the definitions of the intermediates they name, down to leaves.
        var needed = Needed(loss, settings.Report, dataNodes);
        // The parameters: input variables the loss depends on (all of them that are not data, without wrt).
        var parameters = new List<(string Name, int Node)>();
        foreach (var name in command.Wrt)
        {
            if (!bindings.TryGetValue(name.Name, out int node)) return Failed(name.Span, Messages.UnknownName(name.Name, Suggestions.Nearest(name.Name, bindings.Keys)));
            if (dataNodes.Contains(node)) return Failed(name.Span, Messages.DataAndParameter(name.Name));
            if (session.Kind(node) == NodeKind.Operation) return Failed(name.Span, Messages.ParameterNotInput(name.Name));
            if (parameters.All(p => p.Node != node)) parameters.Add((name.Name, node));
        }
        // Data that moves with a parameter would be cut from it: said first, since it also hides the parameter from the loss.
        foreach (var (name, node) in data)
        {
            if (DependsOn(node, parameters.Select(p => p.Node).ToHashSet()) is { } parameter)
            {
                return Failed(name.Span, Messages.DataDependsOnParameter(name.Name, session.Name(parameter) ?? "?"));
            }
        }
        foreach (var name in command.Wrt)
        {
            if (!needed.Contains(bindings[name.Name])) return Failed(name.Span, Messages.NotAnInputOf(name.Name, Inputs(needed, dataNodes)));
        }
        if (command.Wrt.Count == 0)
        {
            parameters.AddRange(Inputs(needed, dataNodes).Select(name => (name, bindings[name])));
            if (parameters.Count == 0) return Failed(loss.Span, Messages.NothingToTrain);
        }
        var parameterNodes = parameters.Select(p => p.Node).ToHashSet();
        var live = Live(needed, dataNodes, parameterNodes);
        // Without data the whole expression is one batch of one "row": each epoch is one step, as :descend takes.
        int allRows = data.Count == 0 ? 1 : session.ShapeOf(data[0].Node)[0];
        int batch = Math.Min(settings.Batch ?? allRows, allRows);

        TrainingGraph? Build(int rows) => BuildGraph(rows, loss, settings.Report, source, data, parameters, needed, live);
        // Both sizes a run uses are built now, so an expression that fits only some row counts fails before it starts.
        if (Build(batch) is not { } first || (allRows % batch != 0 && Build(allRows % batch) is null))
        {
            return new TrainingStart(null, [], _diagnostics);
        }
        var values = parameters.Select(p => (p.Name, session.IsTensor(p.Node) ? session.TensorValue(p.Node) : Tensor.Scalar(session.Value(p.Node)))).ToList();
        var run = new Training(settings,
            rows => Build(rows) ?? throw new InvalidOperationException(string.Join("; ", _diagnostics.Select(d => d.Message))),
            first, data.Select(d => session.TensorValue(d.Node)).ToList(), values, random);
        return new TrainingStart(run, parameters.Select(p => p.Node).ToList(), _diagnostics.Where(d => !d.IsError).ToList());
    }

    // The session's nodes the loss (and the report) read: named ones, and through each intermediate's definition the
    // nodes it read, down to leaves or data. A worklist, as long as the chain of definitions.
    private HashSet<int> Needed(Expr loss, Expr? report, HashSet<int> data)
    {
        var needed = new HashSet<int>();
        var pending = new Stack<int>();
        foreach (var expr in report is null ? [loss] : new[] { loss, report })
        {
            foreach (string name in Lowerer.Measure(expr, functions).Names)
            {
                if (bindings.TryGetValue(name, out int node)) pending.Push(node);
            }
        }
        while (pending.TryPop(out int node))
        {
            if (!needed.Add(node) || data.Contains(node)) continue;
            if (session.Kind(node) == NodeKind.Operation && definitions.TryGetValue(node, out var definition))
            {
                foreach (int read in definition.Names.Values) pending.Push(read);
            }
        }
        return needed;
    }

    // The input variables among the needed nodes, by name, in the order they were made.
    private List<string> Inputs(HashSet<int> needed, HashSet<int> data) =>
        [.. needed.Where(n => !data.Contains(n) && session.Kind(n) == NodeKind.Input && session.Name(n) is { } name && bindings.GetValueOrDefault(name, -1) == n)
            .Order().Select(n => session.Name(n)!)];

    // A parameter that node depends on through the session's graph, or null.
    private int? DependsOn(int node, HashSet<int> parameters)
    {
        var seen = new HashSet<int>();
        var pending = new Stack<int>([node]);
        while (pending.TryPop(out int n))
        {
            if (!seen.Add(n)) continue;
            if (parameters.Contains(n)) return n;
            foreach (int input in session.Inputs(n)) pending.Push(input);
        }
        return null;
    }

    // The needed nodes that change with the batch or the parameters: data, parameters, and the intermediates whose
    // definitions read one of those. In node order, so what a definition reads is decided before it.
    private HashSet<int> Live(HashSet<int> needed, HashSet<int> data, HashSet<int> parameters)
    {
        var live = new HashSet<int>();
        foreach (int node in needed.Order())
        {
            if (data.Contains(node) || parameters.Contains(node)
                || (definitions.TryGetValue(node, out var d) && session.Kind(node) == NodeKind.Operation && d.Names.Values.Any(live.Contains)))
            {
                live.Add(node);
            }
        }
        return live;
    }

    private TrainingGraph? BuildGraph(int rows, Expr loss, Expr? report, SourceLine source, List<(NameExpr Name, int Node)> data,
        List<(string Name, int Node)> parameters, HashSet<int> needed, HashSet<int> live)
    {
        var graph = new ComputationGraph();
        var env = new Dictionary<int, int>();
        var dataLeaves = new int[data.Count];
        for (int d = 0; d < data.Count; d++)
        {
            var node = data[d].Node;
            int[] shape = [rows, .. session.ShapeOf(node)[1..]];
            env[node] = dataLeaves[d] = graph.AddTensorLeaf(NodeKind.Input, Tensor.Zeros(shape), session.Origin(node), data[d].Name.Name);
        }
        var parameterLeaves = new int[parameters.Count];
        for (int p = 0; p < parameters.Count; p++)
        {
            env[parameters[p].Node] = parameterLeaves[p] = Leaf(graph, parameters[p].Node);
        }
        foreach (int node in needed.Order())
        {
            if (env.ContainsKey(node)) continue;
            if (!live.Contains(node))
            {
                env[node] = Leaf(graph, node);
                continue;
            }
            var definition = definitions[node];
            var names = definition.Names.ToDictionary(n => n.Key, n => env[n.Value], StringComparer.Ordinal);
            if (Lower(graph, definition.Value, definition.Source, names) is not { } lowered) return null;
            if (session.Name(node) is { } name) graph.SetName(lowered, name);
            env[node] = lowered;
        }
        var current = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (name, node) in bindings)
        {
            if (env.TryGetValue(node, out int own)) current[name] = own;
        }
        if (Lower(graph, loss, source, current) is not { } lossNode) return null;
        if (Number(graph, lossNode, loss, source, Messages.GradNeedsNumber) is not { } output) return null;
        int reported = -1;
        if (report is not null)
        {
            if (Lower(graph, report, source, current) is not { } reportNode) return null;
            if (Number(graph, reportNode, report, source, Messages.ReportNeedsNumber) is not { } r) return null;
            reported = r;
        }
        graph.Forward();
        return new TrainingGraph(graph, output, reported, dataLeaves, parameterLeaves);
    }

    // A leaf holding the session node's value now. The tensor is shared, not copied: a run writes only into its data
    // leaves (made apart) and its parameters' arrays (Training puts its own in their leaves before the first batch).
    private int Leaf(ComputationGraph graph, int node) => session.IsTensor(node)
        ? graph.AddTensorLeaf(NodeKind.Input, session.TensorValue(node), session.Origin(node), session.Name(node))
        : graph.AddLeaf(NodeKind.Input, session.Value(node), session.Origin(node), session.Name(node));

    private int? Lower(ComputationGraph graph, Expr expr, SourceLine line, IReadOnlyDictionary<string, int> names)
    {
        var lowered = Lowerer.Lower(expr, Lowerer.Measure(expr, functions), line, graph, names, functions: functions, random: random, files: files);
        _diagnostics.AddRange(lowered.Diagnostics.Where(d => d.IsError));
        return lowered.Succeeded ? lowered.Output : null;
    }

    // The node as a number: itself, a one-element tensor reshaped to [], or an error naming its shape.
    private int? Number(ComputationGraph graph, int node, Expr expr, SourceLine source, Func<string, string> message)
    {
        if (!graph.IsTensor(node)) return node;
        if (Shapes.Count(graph.ShapeOf(node)) == 1) return graph.AddTensorOperation(new ReshapeLayer([]), [node], [], graph.Origin(node));
        _diagnostics.Add(new Diagnostic(Severity.Error, source, expr.Span, message(Shapes.Text(graph.ShapeOf(node)))));
        return null;
    }
}
