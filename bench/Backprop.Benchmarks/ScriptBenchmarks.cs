using BenchmarkDotNet.Attributes;
using Backprop.Lang.Evaluation;
using Backprop.Lang.Syntax;
using Backprop.Lang.Text;

namespace Backprop.Benchmarks;

/// <summary>
/// Workload (4): a 1,000-line script of assignments and <c>:grad</c> lines, as <c>backprop eval --json</c> runs it.
/// The baseline is the plain-array forward+backward over the graph of every <c>:grad</c> line.
/// </summary>
[Config(typeof(BenchConfig))]
public class ScriptBenchmarks
{
    public const string Path = "script.bp";

    private string _text = null!;
    private SourceLine[] _lines = null!;
    private ParsedLine[] _parsed = null!;
    private GradientOutcome[] _outcomes = null!;
    private PlainTape[] _tapes = null!;
    private TextWriter _nullOutput = null!;
    private Action<GradientOutcome> _writeJson = null!;
    private Func<string, string, object> _runScript = null!;

    [GlobalSetup]
    public void Setup()
    {
        _text = Workloads.Script();
        _lines = SourceLine.Split(_text, Path).ToArray();
        _parsed = ParseAll();
        _outcomes = Execute().ToArray();
        _tapes = _outcomes.Select(o => new PlainTape(o.Graph)).ToArray();
        for (int i = 0; i < _tapes.Length; i++)
        {
            _tapes[i].Forward();
            _tapes[i].Backward();
            Verify.SameNumbers($"{Path}:{_outcomes[i].Source.Number}", _outcomes[i].Graph.Values, _outcomes[i].Gradients, _tapes[i]);
        }
        _nullOutput = ReplInternals.NullOutput();
        _writeJson = ReplInternals.JsonGradientWriter(_nullOutput, out _);
        _runScript = ReplInternals.JsonInterpreter(_nullOutput);
        string status = _runScript(_text, Path).ToString()!;
        if (status != "Ok")
        {
            throw new InvalidOperationException($"{Path} ran with status {status}.");
        }
    }

    /// <summary>The script's node count, for per-node figures: every graph a <c>:grad</c> line backpropagates through.</summary>
    public static int GradientNodes()
    {
        var bench = new ScriptBenchmarks();
        bench.Setup();
        return bench._outcomes.Sum(o => o.Graph.Count);
    }

    [Benchmark(Baseline = true)]
    public void Baseline()
    {
        foreach (var tape in _tapes)
        {
            tape.Forward();
            tape.Backward();
        }
    }

    /// <summary>Every line through the Pidgin grammar (reported as MB/s of UTF-8 script text).</summary>
    [Benchmark]
    public ParsedLine[] Parse() => ParseAll();

    private ParsedLine[] ParseAll() => Array.ConvertAll(_lines, SyntaxParser.ParseLine);

    /// <summary>The parsed lines run in a new session: assignments lower and run forward, <c>:grad</c> lines backpropagate.</summary>
    [Benchmark]
    public int Run() => Execute().Count();

    private IEnumerable<GradientOutcome> Execute()
    {
        var session = new Session();
        foreach (var parsed in _parsed)
        {
            var outcome = session.Execute(parsed);
            if (!outcome.Succeeded)
            {
                throw new InvalidOperationException($"{Path}:{parsed.Source.Number}: {outcome.Errors.First().Message}");
            }
            if (outcome is CommandOutcome { Command: { Name: "grad", Expression: { } expression } })
            {
                yield return session.Gradient(expression, parsed.Source);
            }
        }
    }

    /// <summary>The JSON lines of every <c>:grad</c> (the real JsonReporter, writing to a discarding UTF-8 writer).</summary>
    [Benchmark]
    public void Output()
    {
        foreach (var outcome in _outcomes)
        {
            _writeJson(outcome);
        }
    }

    /// <summary>The command's interpreter over the whole text: parse, run and JSON output of every line.</summary>
    [Benchmark]
    public object Pipeline() => _runScript(_text, Path);
}
