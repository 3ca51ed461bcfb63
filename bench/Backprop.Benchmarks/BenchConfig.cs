using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Backprop.Benchmarks;

/// <summary>
/// One short job (a launch, 3 warmups, 5 measured iterations: the whole suite takes about ten minutes on two
/// cores), allocations, medians, and the units: MB/s of parsed text, ns and allocated bytes per node.
/// </summary>
public sealed class BenchConfig : ManualConfig
{
    public BenchConfig() : this(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(5).WithId("Short5"))
    {
    }

    /// <summary>The same columns for another job (<see cref="TrainConfig"/>'s).</summary>
    public BenchConfig(Job job)
    {
        AddJob(job);
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(StatisticColumn.Median);
        AddColumn(new SizeColumn("Nodes", "graph nodes the figure is per", (size, _) => size.Nodes.ToString("N0", Invariant)));
        AddColumn(new SizeColumn("ns/node", "median time per graph node", (size, report) =>
            (report.ResultStatistics!.Median / size.Nodes).ToString("F1", Invariant)));
        AddColumn(new SizeColumn("MB/s", "UTF-8 text parsed per second (Parse only; MB = 10^6 bytes)", (size, report) =>
            report.BenchmarkCase.Descriptor.WorkloadMethod.Name == "Parse"
                ? (size.Bytes / (report.ResultStatistics!.Median / 1e9) / 1e6).ToString("F1", Invariant)
                : "-"));
        AddColumn(new SizeColumn("B/node", "bytes allocated per graph node", (size, report) =>
            (report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) is long bytes
                ? (double)bytes / size.Nodes : double.NaN).ToString("F1", Invariant)));
        SummaryStyle = SummaryStyle.Default.WithRatioStyle(RatioStyle.Value);
    }

    private static readonly IFormatProvider Invariant = System.Globalization.CultureInfo.InvariantCulture;
}

/// <summary>How big a benchmark's input is: the node count figures are divided by, and the bytes of text parsed.</summary>
public readonly record struct InputSize(int Nodes, long Bytes)
{
    private static readonly Lazy<InputSize> Script = new(() =>
        new InputSize(ScriptBenchmarks.GradientNodes(), System.Text.Encoding.UTF8.GetByteCount(Workloads.Script())));

    /// <summary>The input a benchmark runs on, or null for one without a workload parameter (SecondOrderBenchmarks).</summary>
    public static InputSize? Of(BenchmarkCase benchmark)
    {
        if (benchmark.Descriptor.Type == typeof(ScriptBenchmarks))
        {
            return Script.Value;
        }
        if (!benchmark.Parameters.Items.Any(p => p.Name == nameof(PipelineBenchmarks.Workload)))
        {
            return null;
        }
        var workload = Workloads.Get((WorkloadKind)benchmark.Parameters[nameof(PipelineBenchmarks.Workload)]!);
        return new InputSize(workload.Nodes, workload.ExpressionBytes);
    }
}

/// <summary>A column computed from a benchmark's input size and its report.</summary>
public sealed class SizeColumn(string name, string legend, Func<InputSize, BenchmarkReport, string> value) : IColumn
{
    public string Id => "backprop." + name;
    public string ColumnName => name;
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => legend;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
        summary[benchmarkCase] is { ResultStatistics: not null } report && InputSize.Of(benchmarkCase) is { } size ? value(size, report) : "-";

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
