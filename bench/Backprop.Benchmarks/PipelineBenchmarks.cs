using BenchmarkDotNet.Attributes;
using Backprop.Lang.Evaluation;
using Backprop.Lang.Graph;
using Backprop.Lang.Syntax;
using Backprop.Lang.Text;

namespace Backprop.Benchmarks;

/// <summary>
/// Each phase of <c>:grad EXPR</c> on one big expression, and the plain-array forward+backward it is a ratio to.
/// Every method works on state built once in setup, so a phase is timed without the phases before it.
/// </summary>
[Config(typeof(BenchConfig))]
public class PipelineBenchmarks
{
    [Params(WorkloadKind.Chain, WorkloadKind.Tree, WorkloadKind.Deep)]
    public WorkloadKind Workload { get; set; }

    private Workload _workload = null!;
    private SourceLine _line = null!;
    private Expr _expr = null!;
    private Dictionary<string, int> _bindings = null!;
    private ComputationGraph _graph = null!;
    private int _output;
    private double[] _gradients = null!;
    private PlainTape _tape = null!;
    private Session _session = null!;
    private GradientOutcome _outcome = null!;
    private TextWriter _nullOutput = null!;
    private Action<GradientOutcome> _writeJson = null!;

    [GlobalSetup]
    public void Setup()
    {
        _workload = Workloads.Get(Workload);
        _line = new SourceLine("bench.bp", _workload.Variables.Count + 1, _workload.Expression);
        var parsed = SyntaxParser.ParseLine(_line);
        _expr = parsed.Statement is ExprStatement statement && !parsed.HasErrors
            ? statement.Expr
            : throw new InvalidOperationException($"{Workload} does not parse: {parsed.Diagnostics.FirstOrDefault()?.Message}");

        _session = new Session();
        foreach (var (name, value) in _workload.Variables)
        {
            _session.Run(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{name} = {value:R}"));
        }
        _outcome = _session.Gradient(_expr, _line);
        if (!_outcome.Succeeded || _outcome.Warnings.Any())
        {
            throw new InvalidOperationException($"{Workload}: the gradient reported {_outcome.Diagnostics.FirstOrDefault()?.Message}");
        }

        // Forward and backward run on the compiled form :grad hands back (GradientOutcome.Graph), the graph
        // a caller re-runs with new leaf values.
        _graph = _outcome.Graph;
        _output = _graph.Count - 1;
        if (_graph.Count != _workload.Nodes || Lower().Count != _workload.Nodes)
        {
            throw new InvalidOperationException($"{Workload} lowered to {_graph.Count} nodes; the generator counted {_workload.Nodes}.");
        }
        _graph.Forward();
        _gradients = new double[_graph.Count];
        _graph.Backward(_output, _gradients);
        _tape = new PlainTape(_graph);
        _tape.Forward();
        _tape.Backward();
        Verify.SameNumbers(Workload.ToString(), _graph.Values, _gradients, _tape);

        _nullOutput = ReplInternals.NullOutput();
        _writeJson = ReplInternals.JsonGradientWriter(_nullOutput, out _);
    }

    /// <summary>A graph holding the workload's variables as input leaves, with the expression lowered after them.</summary>
    private ComputationGraph Lower()
    {
        var graph = new ComputationGraph();
        _bindings = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (name, value) in _workload.Variables)
        {
            _bindings[name] = graph.AddLeaf(NodeKind.Input, value, default, name);
        }
        var lowered = Lowerer.Lower(_expr, _line, graph, _bindings);
        return lowered.Succeeded ? graph : throw new InvalidOperationException($"{Workload} does not lower.");
    }

    /// <summary>The plain loop over arrays: forward, then backward from the last node.</summary>
    [Benchmark(Baseline = true)]
    public void Baseline()
    {
        _tape.Forward();
        _tape.Backward();
    }

    /// <summary>Text to tree through the Pidgin grammar (reported as MB/s of UTF-8 expression text).</summary>
    [Benchmark]
    public ParsedLine Parse() => SyntaxParser.ParseLine(_line);

    /// <summary>Tree to graph, into a new graph as a session's first statement would (growth included).</summary>
    [Benchmark]
    public ComputationGraph Lowering() => Lower();

    [Benchmark]
    public void Forward() => _graph.Forward();

    /// <summary>The graph's backward into a reused buffer: the arithmetic of backprop and nothing else.</summary>
    [Benchmark]
    public void Backward() => _graph.Backward(_output, _gradients);

    /// <summary>The figure the 3× target is about.</summary>
    [Benchmark]
    public void ForwardBackward()
    {
        _graph.Forward();
        _graph.Backward(_output, _gradients);
    }

    /// <summary>
    /// What <c>:grad</c> does after parsing: measure the tree, copy the part of the session's graph its
    /// variables need, lower the expression after it, forward, backward, and collect a record per literal and
    /// variable (with the warnings checks).
    /// </summary>
    [Benchmark]
    public GradientOutcome Gradient() => _session.Gradient(_expr, _line);

    /// <summary>The command's JSON line for the gradient (the real JsonReporter, writing to a discarding UTF-8 writer).</summary>
    [Benchmark]
    public void Output() => _writeJson(_outcome);

    /// <summary>Parse, gradient and JSON output: <c>backprop eval --json</c> without process start and file read.</summary>
    [Benchmark]
    public void Pipeline()
    {
        var parsed = SyntaxParser.ParseLine(_line);
        _writeJson(_session.Gradient(((ExprStatement)parsed.Statement!).Expr, _line));
    }
}
