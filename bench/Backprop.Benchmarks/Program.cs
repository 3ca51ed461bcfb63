using System.Text;
using BenchmarkDotNet.Running;
using Backprop.Benchmarks;

// Usage:
//   Backprop.Benchmarks generate DIR         writes chain.bp, tree.bp, deep.bp, script.bp and sizes.tsv for the command
//   Backprop.Benchmarks summary FILE [args]  runs the benchmarks (BenchmarkDotNet arguments, e.g. --filter '*')
//                                            and writes the figures and the targets to FILE as markdown
//   Backprop.Benchmarks train-quick [N]      times the two :train benchmarks N times with a stopwatch
//   Backprop.Benchmarks [args]               BenchmarkDotNet's own switcher

if (args is ["generate", var directory])
{
    // Writes each workload as the script `backprop eval` runs, and sizes.tsv (file, nodes, bytes) for per-node figures.
    Directory.CreateDirectory(directory);
    var utf8 = new UTF8Encoding(false);
    var sizes = new StringBuilder("file\tnodes\tbytes\n");
    foreach (var kind in Enum.GetValues<WorkloadKind>())
    {
        var workload = Workloads.Get(kind);
        string file = $"{kind.ToString().ToLowerInvariant()}.bp";
        string script = workload.Script();
        File.WriteAllText(Path.Combine(directory, file), script, utf8);
        sizes.Append($"{file}\t{workload.Nodes}\t{utf8.GetByteCount(script)}\n");
    }
    string scriptText = Workloads.Script();
    File.WriteAllText(Path.Combine(directory, ScriptBenchmarks.Path), scriptText, utf8);
    sizes.Append($"{ScriptBenchmarks.Path}\t{ScriptBenchmarks.GradientNodes()}\t{utf8.GetByteCount(scriptText)}\n");
    File.WriteAllText(Path.Combine(directory, "sizes.tsv"), sizes.ToString(), utf8);
    Console.Write(sizes);
    return 0;
}

if (args is ["train-quick", .. var times])
{
    // A stopwatch over the two :train benchmarks, for a quick look while working on them.
    TrainBenchmarks.Quick(times is [var n] ? int.Parse(n, System.Globalization.CultureInfo.InvariantCulture) : 3);
    return 0;
}

if (args is ["summary", var summaryFile, .. var rest])
{
    var summaries = BenchmarkSwitcher.FromAssembly(typeof(PipelineBenchmarks).Assembly).Run(rest);
    File.WriteAllText(summaryFile, ResultsMarkdown.Write(summaries));
    Console.WriteLine($"Summary written to {summaryFile}");
    return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
}

BenchmarkSwitcher.FromAssembly(typeof(PipelineBenchmarks).Assembly).Run(args);
return 0;
