using BenchmarkDotNet.Attributes;
using Backprop.Lang.Syntax;
using Backprop.Lang.Text;

namespace Backprop.Benchmarks;

/// <summary>
/// What the library gave up when it stopped parsing long lines inside a no-GC region (issue #13: a process-wide setting
/// has no place in a library): the same parse as <see cref="PipelineBenchmarks.Parse"/>, wrapped here by the host the
/// way <c>SyntaxParser</c> used to wrap it (a region of 48 bytes per character up to 256 MB, started only when the
/// runtime grants it). Run with <c>--filter '*Parse*'</c> to see both in one run.
/// </summary>
[Config(typeof(BenchConfig))]
public class NoGcRegionBenchmarks
{
    [Params(WorkloadKind.Chain, WorkloadKind.Tree, WorkloadKind.Deep)]
    public WorkloadKind Workload { get; set; }

    private SourceLine _line = null!;

    [GlobalSetup]
    public void Setup()
    {
        var workload = Workloads.Get(Workload);
        _line = new SourceLine("bench.bp", workload.Variables.Count + 1, workload.Expression);
    }

    [Benchmark]
    public ParsedLine ParseInNoGcRegion()
    {
        long budget = (long)_line.Text.Length * 48;
        bool started;
        try
        {
            started = budget <= 256L << 20 && GC.TryStartNoGCRegion(Math.Max(budget, 1 << 20));
        }
        catch (InvalidOperationException)
        {
            started = false;
        }
        try
        {
            return SyntaxParser.ParseLine(_line);
        }
        finally
        {
            if (started && System.Runtime.GCSettings.LatencyMode == System.Runtime.GCLatencyMode.NoGCRegion)
            {
                GC.EndNoGCRegion();
            }
        }
    }
}
