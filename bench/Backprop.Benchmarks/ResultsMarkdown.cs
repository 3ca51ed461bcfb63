using System.Globalization;
using System.Text;
using BenchmarkDotNet.Reports;

namespace Backprop.Benchmarks;

/// <summary>The in-process half of bench/results.md: one row per phase and workload, then the targets.</summary>
public static class ResultsMarkdown
{
    public const double ParseTargetMBps = 10;
    public const double ForwardBackwardTargetRatio = 3;
    public const double ForwardBackwardTargetNsPerNode = 15;

    private sealed record Row(string Workload, string Phase, double MedianNs, double Ratio, InputSize Size, long? Allocated)
    {
        public double NsPerNode => MedianNs / Size.Nodes;
        public double MBps => Size.Bytes / (MedianNs / 1e9) / 1e6;
    }

    public static string Write(IEnumerable<Summary> summaries)
    {
        var all = summaries.ToList();
        var rows = Rows(all).ToList();
        var text = new StringBuilder();
        var first = all.FirstOrDefault();
        if (first is not null)
        {
            text.AppendLine("```text");
            foreach (var line in first.HostEnvironmentInfo.ToFormattedString())
            {
                text.AppendLine(line);
            }
            text.AppendLine(first.AllRuntimes);
            text.AppendLine(first.BenchmarksCases.FirstOrDefault()?.Job.DisplayInfo ?? "");
            text.AppendLine("```");
            text.AppendLine();
        }

        text.AppendLine("| Workload | Phase | Median | × baseline | ns/node | MB/s | Allocated | B/node |");
        text.AppendLine("|---|---|--:|--:|--:|--:|--:|--:|");
        foreach (var row in rows)
        {
            string mbps = row.Phase == "Parse" ? Invariant($"{row.MBps:F1}") : "-";
            string allocated = row.Allocated is long a ? Bytes(a) : "-";
            string perNode = row.Allocated is long b ? Invariant($"{(double)b / row.Size.Nodes:F0}") : "-";
            text.AppendLine(Invariant($"| {row.Workload} | {row.Phase} | {Time(row.MedianNs)} | {row.Ratio:F2} | {row.NsPerNode:F1} | {mbps} | {allocated} | {perNode} |"));
        }
        text.AppendLine();
        text.AppendLine("Nodes per workload: " + string.Join(", ", rows.DistinctBy(r => r.Workload)
            .Select(r => Invariant($"{r.Workload} {r.Size.Nodes:N0} nodes, {Bytes(r.Size.Bytes)} of text"))) + ".");
        text.AppendLine("Script nodes are those of every `:grad` line's graph.");
        text.AppendLine();

        text.AppendLine("| In-process target | Measured | Met |");
        text.AppendLine("|---|--:|:-:|");
        foreach (var workload in new[] { "Chain", "Tree" })
        {
            if (rows.FirstOrDefault(r => r.Workload == workload && r.Phase == "Parse") is { } parse)
            {
                text.AppendLine(Invariant($"| parse {workload} ≥ {ParseTargetMBps} MB/s | {parse.MBps:F1} MB/s | {Mark(parse.MBps >= ParseTargetMBps)} |"));
            }
        }
        foreach (var row in rows.Where(r => r.Phase == "ForwardBackward"))
        {
            text.AppendLine(Invariant($"| forward+backward {row.Workload} ≤ {ForwardBackwardTargetRatio}× baseline | {row.Ratio:F2}× | {Mark(row.Ratio <= ForwardBackwardTargetRatio)} |"));
            // The ns/node target assumes cheap operations: where exp, pow and tan make the plain loop itself slower
            // than the target, only the ratio says anything about the graph.
            double baselineNs = row.NsPerNode / row.Ratio;
            string met = baselineNs >= ForwardBackwardTargetNsPerNode
                ? Invariant($"n/a: the baseline alone takes {baselineNs:F1} ns/node")
                : Mark(row.NsPerNode < ForwardBackwardTargetNsPerNode);
            text.AppendLine(Invariant($"| forward+backward {row.Workload} < {ForwardBackwardTargetNsPerNode} ns/node | {row.NsPerNode:F1} ns/node | {met} |"));
        }
        return text.ToString();
    }

    private static IEnumerable<Row> Rows(IEnumerable<Summary> summaries)
    {
        foreach (var summary in summaries)
        {
            // Only the workloads' phases: a benchmark without a workload (SecondOrderBenchmarks) has its own table.
            var reports = summary.Reports.Where(r => r.ResultStatistics is not null && InputSize.Of(r.BenchmarkCase) is not null).ToList();
            foreach (var group in reports.GroupBy(WorkloadOf))
            {
                var baseline = group.FirstOrDefault(r => r.BenchmarkCase.Descriptor.Baseline);
                foreach (var report in group)
                {
                    double median = report.ResultStatistics!.Median;
                    yield return new Row(group.Key, report.BenchmarkCase.Descriptor.WorkloadMethod.Name, median,
                        baseline is null ? double.NaN : median / baseline.ResultStatistics!.Median,
                        InputSize.Of(report.BenchmarkCase)!.Value, report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase));
                }
            }
        }
    }

    private static string WorkloadOf(BenchmarkReport report) =>
        report.BenchmarkCase.Descriptor.Type == typeof(ScriptBenchmarks)
            ? "Script"
            : report.BenchmarkCase.Parameters[nameof(PipelineBenchmarks.Workload)]!.ToString()!;

    private static string Time(double ns) =>
        ns >= 1e9 ? Invariant($"{ns / 1e9:F2} s") : ns >= 1e6 ? Invariant($"{ns / 1e6:F1} ms") : Invariant($"{ns / 1e3:F1} µs");

    private static string Bytes(long bytes) =>
        bytes >= 1 << 20 ? Invariant($"{bytes / 1048576.0:F1} MiB") : bytes >= 1 << 10 ? Invariant($"{bytes / 1024.0:F1} KiB") : Invariant($"{bytes} B");

    private static string Mark(bool met) => met ? "yes" : "**no**";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
