using Backprop.Lang.Analysis;
using Backprop.Lang.Diagnostics;
using Backprop.Lang.Graph;
using Backprop.Lang.Layers;
using Backprop.Lang.Syntax;
using Backprop.Lang.Text;

namespace Backprop.Lang.Evaluation;

/// <summary>
/// A running program: the variables bound so far and the graph they live in. Statements run one at a
/// time; an assignment evaluates now and binds the name to the resulting node, so later gradients flow
/// through it back to the inputs. A statement that fails changes nothing. Never throws for user input
/// and never writes anywhere: every result carries its diagnostics.
/// </summary>
/// <example>
/// <code>
/// var session = new Session();
/// session.Run("x = 3");
/// var g = session.Gradient("x*x + 2*x");   // g.Value == 15, g.GradientOf("x") == 8
/// </code>
/// </example>
public sealed class Session
{
    private readonly ComputationGraph _graph = new();
    private readonly Dictionary<string, int> _bindings = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly FunctionTable _functions = new();
    private readonly Constants.Shadowing _shadowing = new();
    // How each named intermediate was computed, so :train can compute it again over a minibatch's rows.
    private readonly Dictionary<int, Definition> _definitions = [];
    private int _lineNumber;

    /// <summary>Where <c>load_csv</c> reads files: the front end's rules. None by default (the library touches no files).</summary>
    public Data.IDataFiles? DataFiles { get; set; }

    /// <summary>The session's random numbers (<c>randn</c>, <c>rand</c>, shuffling): seed 0 until <see cref="Seed"/> says otherwise.</summary>
    public Tensors.Generator Random { get; } = new();

    /// <summary><c>:set seed N</c>: from now on the random numbers are those of seed N, the same on every machine.</summary>
    public void Seed(ulong seed) => Random.Reseed(seed);

    /// <summary>The functions the user defined (<c>f(x) = x^2 + 1</c>), in the order they were first defined.</summary>
    public FunctionTable UserFunctions => _functions;

    /// <summary>The variables in the order they were first bound.</summary>
    public IReadOnlyList<Variable> Variables => _order.Select(name => VariableAt(name, _bindings[name])).ToList();

    private Variable VariableAt(string name, int node) =>
        new(name, _graph.Value(node), KindOf(node)) { Tensor = _graph.IsTensor(node) ? _graph.TensorValue(node) : null };

    public bool TryGetVariable(string name, out Variable variable)
    {
        if (_bindings.TryGetValue(name, out int node))
        {
            variable = VariableAt(name, node);
            return true;
        }
        variable = null!;
        return false;
    }

    /// <summary>Forgets every variable and every function the user defined.</summary>
    public void Reset()
    {
        _bindings.Clear();
        _order.Clear();
        _functions.Clear();
        _definitions.Clear();
        _graph.Truncate(0);
        _shadowing.Reset();
    }

    /// <summary>Parses and runs every line of <paramref name="text"/>; commands are parsed but left to the caller.</summary>
    public IReadOnlyList<Outcome> Run(string text, string path = "<input>")
    {
        var outcomes = new List<Outcome>();
        foreach (var parsed in SyntaxParser.ParseScript(text, path, _lineNumber + 1))
        {
            _lineNumber = parsed.Source.Number;
            outcomes.Add(Execute(parsed));
        }
        return outcomes;
    }

    /// <summary>Runs one parsed line: evaluates an expression, binds an assignment, or hands back a command.</summary>
    public Outcome Execute(ParsedLine parsed) => parsed.Statement switch
    {
        _ when parsed.HasErrors => new EmptyOutcome(parsed.Source, parsed.Diagnostics),
        null => new EmptyOutcome(parsed.Source, parsed.Diagnostics),
        ExprStatement e => Evaluate(e.Expr, parsed.Source),
        AssignmentStatement a => Assign(a, parsed.Source),
        FunctionDefinition f => Define(f, parsed.Source),
        CommandStatement c => new CommandOutcome(parsed.Source, c, parsed.Diagnostics),
        _ => throw new System.Diagnostics.UnreachableException(),
    };

    public ValueOutcome Evaluate(Expr expr, SourceLine source)
    {
        int mark = _graph.Count;
        var (output, diagnostics) = LowerAndForward(expr, source);
        double value = output >= 0 ? _graph.Value(output) : double.NaN;
        var tensor = output >= 0 && _graph.IsTensor(output) ? _graph.TensorValue(output) : null;
        _graph.Truncate(mark);
        return new ValueOutcome(source, value, diagnostics) { Tensor = tensor };
    }

    /// <summary>
    /// Defines (or replaces) a function. Refused, changing nothing, if its body would call it again (directly or
    /// through the user's other functions), if its name is a variable's, or if its body does not lower (an unknown
    /// function, a wrong number of arguments): those are found now, with the body's parameters standing for numbers.
    /// A name in the body that is not a variable yet is a warning: it is looked up at each call.
    /// </summary>
    public FunctionOutcome Define(FunctionDefinition definition, SourceLine source) => FunctionDefiner.Define(definition, source, _functions, _bindings);

    public AssignmentOutcome Assign(AssignmentStatement assignment, SourceLine source)
    {
        if (_functions.TryGet(assignment.Name, out var function))
        {
            return new AssignmentOutcome(source, assignment.Name, double.NaN, VariableKind.Input,
                [new Diagnostic(Severity.Error, source, assignment.NameSpan, Messages.AssignToUserFunction(assignment.Name, function.Source.Number))]);
        }
        int mark = _graph.Count;
        var measured = Lowerer.Measure(assignment.Value, _functions);
        var lowered = Lowerer.Lower(assignment.Value, measured, source, _graph, _bindings,
            functions: _functions, random: Random, files: DataFiles);
        if (!lowered.Succeeded)
        {
            _graph.Truncate(mark);
            return new AssignmentOutcome(source, assignment.Name, double.NaN, VariableKind.Input, lowered.Diagnostics);
        }
        var warnings = ForwardWarnings.Run(_graph, mark, source, lowered);
        int node = lowered.Output;
        // A constant right-hand side (or a derivative that came out constant, as grad(x, x) = 1) makes an input.
        if (!lowered.UsesVariables || _graph.Kind(node) == NodeKind.Constant)
        {
            double value = _graph.Value(node);
            var tensor = _graph.IsTensor(node) ? _graph.TensorValue(node) : null;
            _graph.Truncate(mark);
            node = tensor is null
                ? _graph.AddLeaf(NodeKind.Input, value, new NodeOrigin(source, assignment.NameSpan), assignment.Name)
                : _graph.AddTensorLeaf(NodeKind.Input, tensor, new NodeOrigin(source, assignment.NameSpan), assignment.Name);
        }
        else
        {
            _graph.SetName(node, assignment.Name);
            _definitions[node] = new Definition(assignment.Value, source,
                measured.Names.Where(_bindings.ContainsKey).ToDictionary(name => name, name => _bindings[name], StringComparer.Ordinal));
        }
        if (!_bindings.ContainsKey(assignment.Name))
        {
            _order.Add(assignment.Name);
        }
        _bindings[assignment.Name] = node;
        if (_shadowing.TryNote(assignment, source, out var note)) warnings.Add(note);
        return new AssignmentOutcome(source, assignment.Name, _graph.Value(node), KindOf(node), warnings)
        {
            Tensor = _graph.IsTensor(node) ? _graph.TensorValue(node) : null,
        };
    }

    /// <summary>Evaluates <paramref name="expr"/> and backpropagates from it; the session's variables are unchanged.</summary>
    /// <remarks>
    /// The expression's own graph is built directly: the part of the session's graph that the variables it
    /// mentions depend on, then its own nodes. That is the graph <see cref="ComputationGraph.Extract"/> would
    /// cut out of the session's, without growing the session's graph by the expression and copying it back out.
    /// </remarks>
    public GradientOutcome Gradient(Expr expr, SourceLine source) => GradientAndMap(expr, source, out _);

    /// <summary>
    /// The value of <paramref name="expr"/>, and its gradient when it has one (a number, and no gradient through a
    /// tensor grad(...)), from one lowering: <c>randn</c> in it draws once. What a page shows for a line.
    /// </summary>
    public (ValueOutcome Value, GradientOutcome? Gradient) ValueAndGradient(Expr expr, SourceLine source)
    {
        var gradient = Gradient(expr, source, out _, out var value);
        if (value is not null) return (value, null);
        var shown = new ValueOutcome(source, gradient.Value, gradient.Diagnostics);
        return (shown, gradient.Succeeded ? gradient : null);
    }

    /// <summary>The gradient of <paramref name="expr"/>, and for each of its graph's nodes the session's node it was copied from (-1: its own).</summary>
    internal GradientOutcome GradientAndMap(Expr expr, SourceLine source, out int[] map) => Gradient(expr, source, out map, out _);

    /// <summary>The node each variable name is bound to.</summary>
    internal IReadOnlyDictionary<string, int> Bindings => _bindings;

    /// <summary>
    /// New values for input variables (by node; a number as a tensor of shape []), then the session's graph run again so
    /// named intermediates follow: how :descend and :train leave what they moved. The warnings of that run.
    /// </summary>
    internal List<Diagnostic> Rebind(IEnumerable<(int Node, Tensors.Tensor Value)> values, SourceLine source)
    {
        foreach (var (node, value) in values)
        {
            if (_graph.IsTensor(node)) _graph.SetTensorValue(node, value);
            else _graph.SetValue(node, value.Data[0]);
        }
        return ForwardWarnings.Run(_graph, 0, source);
    }

    /// <param name="valueOnly">
    /// Set, and the outcome null-graphed, when the expression has a value but no gradient to start from (a tensor, or
    /// a number computed through a tensor grad(...)); null otherwise.
    /// </param>
    private GradientOutcome Gradient(Expr expr, SourceLine source, out int[] map, out ValueOutcome? valueOnly)
    {
        valueOnly = null;
        var shape = Lowerer.Measure(expr, _functions);
        var used = new List<int>(shape.Names.Count);
        foreach (string name in shape.Names)
        {
            if (_bindings.TryGetValue(name, out int node)) used.Add(node);
        }
        var graph = _graph.Closure(used, shape.Nodes, out map, out int[] newIndex);
        int first = graph.Count;
        var lowered = Lowerer.Lower(expr, shape, source, graph, _bindings, newIndex, _functions, random: Random, files: DataFiles);
        if (!lowered.Succeeded)
        {
            return new GradientOutcome(source, double.NaN, [], [], [], new ComputationGraph(), [], lowered.Diagnostics);
        }
        if (graph.IsTensor(lowered.Output) && Tensors.Shapes.Count(graph.ShapeOf(lowered.Output)) == 1)
        {
            // One element is a number to start from ([1, 2] @ [[3], [4]] has shape 1): a reshape to [] makes it one.
            lowered = lowered with
            {
                Output = graph.AddTensorOperation(new ReshapeLayer([]), [lowered.Output], [], graph.Origin(lowered.Output)),
            };
        }
        // A tensor grad(...) in the expression's graph: its value is there, a gradient through it is not.
        int through = graph.HasTensors ? Enumerable.Range(0, graph.Count).FirstOrDefault(n => graph.Layer(n) is TensorGradientLayer, -1) : -1;
        if (graph.IsTensor(lowered.Output) || through >= 0)
        {
            // The value is there even where the gradient is not.
            var forwarded = ForwardWarnings.Run(graph, first, source, lowered);
            valueOnly = new ValueOutcome(source, graph.IsTensor(lowered.Output) ? double.NaN : graph.Value(lowered.Output), forwarded)
            {
                Tensor = graph.IsTensor(lowered.Output) ? graph.TensorValue(lowered.Output) : null,
            };
        }
        if (through >= 0)
        {
            // grad(...) over tensors is a value, first order: a gradient through it would need its derivative.
            return new GradientOutcome(source, double.NaN, [], [], [], new ComputationGraph(), [],
                [.. lowered.Diagnostics, new Diagnostic(Severity.Error, source, graph.Origin(through).Span, Messages.GradThroughTensorGrad)]);
        }
        if (graph.IsTensor(lowered.Output))
        {
            // A gradient starts from one number: say how to get one, rather than summing silently.
            return new GradientOutcome(source, double.NaN, [], [], [], new ComputationGraph(), [],
                [.. lowered.Diagnostics, new Diagnostic(Severity.Error, source, expr.Span, Messages.GradNeedsNumber(Tensors.Shapes.Text(graph.ShapeOf(lowered.Output))))]);
        }
        var warnings = ForwardWarnings.Run(graph, first, source, lowered);
        if (lowered.Derived.Count > 0 || graph.Count - 1 != lowered.Output)
        {
            // A derivative leaves behind steps its result does not use (EXPR itself, in grad(EXPR, x)); the
            // expression's own graph is what its output depends on.
            graph = graph.Extract(lowered.Output, out int[] inner);
            // map covers the nodes copied from the session's graph (the first ones); the expression's own have no counterpart.
            var outer = map;
            map = Array.ConvertAll(inner, node => node < outer.Length ? outer[node] : -1);
        }
        MarkRebound(graph, map);
        return GradientOf(graph, source, warnings);
    }


    /// <summary>
    /// Gradient descent on <paramref name="expr"/> (see <see cref="GradientDescent"/>), or Newton's method
    /// (<see cref="NewtonMethod"/>), then the input variables it moved keep their new values: the session's graph
    /// is re-run, so named intermediates built on them follow. An expression with no input variable has nothing to
    /// move and is an error.
    /// </summary>
    /// <param name="wrt">The input variables to move (<c>wrt w, b</c>); none means every input of the expression.</param>
    /// <param name="budget">At most this many node evaluations (steps times the graph's nodes).</param>
    /// <param name="cancellation">Stops the steps with <see cref="OperationCanceledException"/>; the variables keep their values.</param>
    public DescentOutcome Descend(Expr expr, SourceLine source, double learningRate, int steps, IReadOnlyList<NameExpr>? wrt = null,
        long budget = long.MaxValue, DescentMethod method = DescentMethod.Gradient, CancellationToken cancellation = default) =>
        SessionCommands.Descend(this, expr, source, learningRate, steps, wrt, budget, method, cancellation);

    /// <summary>
    /// The value, the gradient and the matrix of second derivatives of <paramref name="expr"/> over its input
    /// variables (those named in <paramref name="wrt"/>, or all of them), by differentiating the gradient.
    /// </summary>
    public HessianOutcome Hessian(Expr expr, SourceLine source, IReadOnlyList<NameExpr>? wrt = null) =>
        SessionCommands.Hessian(this, expr, source, wrt);

    /// <summary>
    /// d(<paramref name="expr"/>)/d(<paramref name="wrt"/>) as a formula of the language (see <see cref="DerivativeFormula"/>):
    /// an input variable, or a named intermediate held fixed.
    /// </summary>
    public DerivativeOutcome Derive(Expr expr, SourceLine source, NameExpr wrt) =>
        SessionCommands.Derive(this, expr, source, wrt);

    /// <summary>
    /// <c>:train</c>: minibatch training of the parameters named after <c>wrt</c> on the rows of the variables named
    /// after <c>data</c> (see <see cref="Training"/>); the parameters keep the values reached, even when cancelled or
    /// diverged, and the session's graph is re-run so named intermediates follow.
    /// </summary>
    /// <param name="started">Called once the run is set up, before the first epoch (a progress bar's start).</param>
    /// <param name="epochDone">Called after each epoch with the number of epochs run.</param>
    public TrainOutcome Train(CommandStatement command, SourceLine source, Commands.TrainSettings settings, CancellationToken cancellation = default,
        Action<Training>? started = null, Action<Training, int>? epochDone = null)
    {
        var start = StartTraining(command, source, settings);
        if (start.Run is not { } run) return new TrainOutcome(source, null, start.Diagnostics);
        started?.Invoke(run);
        run.Run(cancellation, epochs => epochDone?.Invoke(run, epochs));
        return FinishTraining(start, source);
    }

    /// <summary>Sets a training run up (its graphs built and run once), or says why it cannot start; nothing changes yet.</summary>
    public TrainingStart StartTraining(CommandStatement command, SourceLine source, Commands.TrainSettings settings) =>
        new TrainingSetup(_graph, _bindings, _definitions, _functions, Random, DataFiles).Start(command, source, settings);

    /// <summary>Copies the parameters a run reached into the session's variables: what <see cref="Train"/> ends with.</summary>
    public TrainOutcome FinishTraining(TrainingStart start, SourceLine source)
    {
        var report = start.Run!.Report();
        var warnings = Rebind(report.Parameters.Select((p, i) => (start.ParameterNodes[i], p.After)), source);
        return new TrainOutcome(source, report, [.. start.Diagnostics, .. warnings]);
    }



    /// <summary>Parses one expression and returns its value and gradients: the API's one-line entry point.</summary>
    public GradientOutcome Gradient(string expression)
    {
        var source = new SourceLine("<input>", ++_lineNumber, expression);
        var (expr, diagnostics) = SyntaxParser.ParseExpression(source);
        return expr is null
            ? new GradientOutcome(source, double.NaN, [], [], [], new ComputationGraph(), [], diagnostics)
            : Gradient(expr, source);
    }

    /// <summary>
    /// Backward over an expression's own graph (see <see cref="ComputationGraph.Extract"/>): the gradient of
    /// its last node with respect to every node, sorted into literals, input variables and named intermediates.
    /// </summary>
    public static GradientOutcome GradientOf(ComputationGraph graph, SourceLine source, IReadOnlyList<Diagnostic> earlier)
    {
        int output = graph.Count - 1;
        var grads = new double[output + 1];
        var tensorGrads = graph.HasTensors ? new Tensors.Tensor?[output + 1] : null;
        var diagnostics = new List<Diagnostic>(earlier);
        diagnostics.AddRange(GradientWarnings.Backward(graph, output, grads, tensorGrads));
        Tensors.Tensor? TensorGradient(int node) =>
            graph.IsTensor(node) ? tensorGrads![node] ?? Tensors.Tensor.Zeros(graph.ShapeOf(node)) : null;
        Tensors.Tensor? TensorValue(int node) => graph.IsTensor(node) ? graph.TensorValue(node) : null;
        var literals = new List<LiteralGradient>();

        var variables = new List<VariableGradient>();
        var intermediates = new List<IntermediateGradient>();
        for (int node = 0; node <= output; node++)
        {
            switch (graph.Kind(node))
            {
                case NodeKind.Literal when graph.Origin(node) is var origin && (origin.Source == source || CalledOn(graph, node, source)):
                    literals.Add(graph.IsTensor(node)
                        ? new TensorLiteralGradient(origin.Text, origin.Source!, origin.Span, node, graph.TensorValue(node), TensorGradient(node)!)
                        : new LiteralGradient(origin.Text, graph.Value(node), grads[node], origin.Source!, origin.Span, node));
                    break;
                case NodeKind.Input:
                    variables.Add(new VariableGradient(graph.Name(node) ?? "?", graph.Value(node), grads[node], node)
                    {
                        TensorValue = TensorValue(node),
                        TensorGradient = TensorGradient(node),
                    });
                    break;
            }
        }
        foreach (var (node, name) in graph.NamedNodes)
        {
            if (graph.Kind(node) == NodeKind.Operation && node != output)
            {
                intermediates.Add(new IntermediateGradient(name, graph.Value(node), grads[node], node)
                {
                    TensorValue = TensorValue(node),
                    TensorGradient = TensorGradient(node),
                });
            }
        }
        // Lowering creates literals left to right, so this is almost always already in order. With literals of a
        // function's body, node order is the order to keep: a body's literals come after the call's arguments.
        if (!IsSorted(literals) && literals.All(l => l.Source == source))
        {
            literals.Sort((a, b) => a.Span.Start.CompareTo(b.Span.Start));
        }
        return new GradientOutcome(source, graph.Value(output), literals, variables, intermediates, graph, grads, diagnostics)
        {
            TensorGradients = tensorGrads,
        };
    }

    /// <summary>
    /// A node whose name has since been bound to something else is shown as <c>x@3</c>, "x as assigned on
    /// line 3", so it is not mistaken for the current x (which may be a leaf of the same expression).
    /// </summary>
    private void MarkRebound(ComputationGraph graph, int[] map)
    {
        foreach (var (node, name) in graph.NamedNodes.ToList())
        {
            if (!_bindings.TryGetValue(name, out int current) || current != map[node])
            {
                graph.Rename(node, $"{name}@{graph.Origin(node).Line}");
            }
        }
    }

    private static bool IsSorted(List<LiteralGradient> literals)
    {
        for (int i = 1; i < literals.Count; i++)
        {
            if (literals[i - 1].Span.Start > literals[i].Span.Start) return false;
        }
        return true;
    }

    private static int OutermostCall(ComputationGraph graph, int node)
    {
        int call = graph.CallOf(node);
        while (call >= 0 && graph.Calls[call].Parent >= 0)
        {
            call = graph.Calls[call].Parent;
        }
        return call;
    }

    // A literal of a function's body, inlined by a call written on the expression's own line (not by an earlier
    // statement's call, whose literals are no more this expression's than that statement's own numbers are).
    private static bool CalledOn(ComputationGraph graph, int node, SourceLine source) =>
        OutermostCall(graph, node) is var call and >= 0 && graph.Calls[call].Site.Source == source;

    private (int Output, IReadOnlyList<Diagnostic> Diagnostics) LowerAndForward(Expr expr, SourceLine source)
    {
        int mark = _graph.Count;
        var lowered = Lowerer.Lower(expr, Lowerer.Measure(expr, _functions), source, _graph, _bindings, functions: _functions, random: Random,
            files: DataFiles);
        if (!lowered.Succeeded)
        {
            _graph.Truncate(mark);
            return (-1, lowered.Diagnostics);
        }
        return (lowered.Output, ForwardWarnings.Run(_graph, mark, source, lowered));
    }

    private VariableKind KindOf(int node) => _graph.Kind(node) == NodeKind.Operation ? VariableKind.Intermediate : VariableKind.Input;
}

/// <summary>How a named intermediate was computed: its expression, its line, and the node each name in it meant then.</summary>
internal sealed record Definition(Expr Value, SourceLine Source, IReadOnlyDictionary<string, int> Names);
