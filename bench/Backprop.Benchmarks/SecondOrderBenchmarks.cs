using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Backprop.Lang.Analysis;
using Backprop.Lang.Evaluation;
using Backprop.Lang.Syntax;
using Backprop.Lang.Text;

namespace Backprop.Benchmarks;

/// <summary>
/// What a second derivative costs: the Hessian of a 1,000-node expression of 10 variables (one graph-building pass
/// for the gradient, then a backward pass per variable), beside the first-order gradient of the same expression.
/// </summary>
[Config(typeof(BenchConfig))]
public class SecondOrderBenchmarks
{
    public const int Variables = 10;

    private Session _session = null!;
    private Expr _expr = null!;
    private SourceLine _line = null!;
    private GradientOutcome _outcome = null!;

    [GlobalSetup]
    public void Setup()
    {
        _session = new Session();
        var terms = new List<string>();
        for (int i = 0; i < Variables; i++)
        {
            _session.Run(string.Create(CultureInfo.InvariantCulture, $"x{i} = {0.1 + i * 0.07:R}"));
        }
        // Each term is 10 nodes (3 literals, 2 variables used, 5 layers and its +): 100 terms are about 1,000 nodes.
        var text = new StringBuilder();
        for (int t = 0; t < 100; t++)
        {
            int a = t % Variables, b = (t * 7 + 3) % Variables;
            if (t > 0) text.Append(" + ");
            text.Append(CultureInfo.InvariantCulture, $"sin(x{a}*x{b} + 0.5)*tanh(x{b} - 0.25)/{t + 2}");
        }
        _line = new SourceLine("bench.bp", Variables + 1, text.ToString());
        _expr = ((ExprStatement)SyntaxParser.ParseLine(_line).Statement!).Expr;
        _outcome = _session.Gradient(_expr, _line);
        if (!_outcome.Succeeded || _outcome.Variables.Count != Variables)
        {
            throw new InvalidOperationException("the second-order workload does not evaluate");
        }
    }

    /// <summary>The graph's size, for the per-node figure: printed once by the summary.</summary>
    public int Nodes => _outcome.Graph.Count;

    [Benchmark(Baseline = true)]
    public GradientOutcome Gradient() => _session.Gradient(_expr, _line);

    /// <summary>:hessian without the printing: gradient, the gradient built as nodes, forward, 10 backward passes.</summary>
    [Benchmark]
    public HessianOutcome Hessian() => _session.Hessian(_expr, _line);

    /// <summary>Only the second-order part, on the gradient already computed.</summary>
    [Benchmark]
    public HessianReport HessianOfGradient() => Backprop.Lang.Analysis.Hessian.Of(_outcome, _outcome.Variables);
}
