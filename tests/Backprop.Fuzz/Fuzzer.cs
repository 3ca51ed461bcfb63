using System.Diagnostics;
using System.Text;
using Backprop.Fuzz.Catalogue;

namespace Backprop.Fuzz;

/// <summary>An input that broke the promise: how it was made, the smallest part of it that still breaks it, and what broke.</summary>
public sealed record Finding(int Index, string Source, string Input, string Minimal, IReadOnlyList<BrokenPromise> Broken, string? SavedTo)
{
    public override string ToString() =>
        $"input {Index} ({Source}) {CatalogueFile.Escape(Minimal)}\n  " + string.Join("\n  ", Broken.Select(b => b.ToString().Split('\n')[0]).Distinct());
}

/// <summary>What a run did: how many inputs of each source, how long it took, and every distinct way the promise broke.</summary>
public sealed record FuzzReport(
    int Seed,
    int Inputs,
    TimeSpan Elapsed,
    TimeSpan Slowest,
    IReadOnlyDictionary<string, int> Sources,
    IReadOnlyDictionary<string, int> Categories,
    IReadOnlyList<Finding> Findings)
{
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append($"seed {Seed}: {Inputs:N0} inputs in {Elapsed.TotalSeconds:F1} s (slowest {Slowest.TotalMilliseconds:F0} ms); ");
        text.AppendJoin(", ", Sources.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Value:N0} {s.Key}"));
        text.Append($"; {Categories.Values.Sum():N0} broken promises in {Categories.Count} categories");
        foreach (var (category, count) in Categories.OrderByDescending(c => c.Value))
        {
            text.Append($"\n  {count,6:N0} × {category}");
        }
        foreach (var finding in Findings)
        {
            text.Append('\n').Append(finding);
        }
        return text.ToString();
    }
}

/// <summary>Which input a run is on and since when, for a watchdog on another thread.</summary>
public sealed class FuzzProgress
{
    private long _startedAt;
    private volatile string _input = "";

    public int Index { get; private set; }

    public string Input => _input;

    /// <summary>How long the current input has been running; zero before the first.</summary>
    public TimeSpan Running => Interlocked.Read(ref _startedAt) is var started and > 0 ? Stopwatch.GetElapsedTime(started) : TimeSpan.Zero;

    internal void Start(int index, string input)
    {
        Index = index;
        _input = input;
        Interlocked.Exchange(ref _startedAt, Stopwatch.GetTimestamp());
    }
}

/// <summary>
/// Feeds generated inputs to <see cref="Promise"/> and keeps those that break it. Input <c>i</c> of seed <c>s</c> is
/// always the same, so a finding is reproduced by its seed and index alone. Each distinct way of breaking (a
/// <see cref="BrokenPromise.Category"/>) is shrunk to a small input and saved as a catalogue row.
/// </summary>
public static class Fuzzer
{
    /// <summary>Inputs of one category saved (and shrunk) at most; the rest are only counted.</summary>
    public const int SavedPerCategory = 3;

    /// <summary>An input that takes longer than this breaks the promise too: no input may hang backprop.</summary>
    public static readonly TimeSpan SlowLimit = TimeSpan.FromSeconds(5);

    private const int ShrinkAttempts = 400;

    /// <param name="saveDir">Where findings are written as catalogue rows; null keeps them in the report only.</param>
    /// <param name="corpus">Known inputs to mutate, such as the catalogue's.</param>
    /// <param name="shrink">Whether a finding is shrunk to a small input first (a few hundred more checks each).</param>
    public static FuzzReport Run(
        int seed, int count, string? saveDir, IReadOnlyList<string>? corpus = null, TextWriter? log = null, FuzzProgress? progress = null, bool shrink = true)
    {
        var known = Inputs.Seeds.Concat(corpus ?? []).Where(s => s.Length <= 512).Distinct().ToList();
        var sources = new Dictionary<string, int>(StringComparer.Ordinal);
        var categories = new Dictionary<string, int>(StringComparer.Ordinal);
        var findings = new List<Finding>();
        var slowest = TimeSpan.Zero;
        var clock = Stopwatch.StartNew();
        using var promise = new Promise();

        for (int i = 0; i < count; i++)
        {
            var (source, input) = Generate(seed, i, known);
            progress?.Start(i, input);
            sources[source] = sources.GetValueOrDefault(source) + 1;

            var started = Stopwatch.GetTimestamp();
            var broken = Check(promise, input);
            var took = Stopwatch.GetElapsedTime(started);
            slowest = took > slowest ? took : slowest;
            if (took > SlowLimit)
            {
                broken = [.. broken, new BrokenPromise("fuzzer", $"slower than {SlowLimit.TotalSeconds} s", $"{took.TotalSeconds:F1} s")];
            }

            var found = broken.Select(b => b.Category).Distinct().ToList();
            var fresh = found.Where(c => categories.GetValueOrDefault(c) < SavedPerCategory).ToList();
            foreach (var category in found)
            {
                categories[category] = categories.GetValueOrDefault(category) + 1;
            }
            if (fresh.Count > 0)
            {
                string minimal = shrink ? Shrink(promise, input, fresh[0]) : input;
                var finding = new Finding(i, source, input, minimal, Check(promise, minimal) is { Count: > 0 } again ? again : broken, null);
                finding = finding with { SavedTo = Save(saveDir, seed, finding) };
                findings.Add(finding);
                log?.WriteLine(finding);
            }
            if (log is not null && (i + 1) % 10_000 == 0)
            {
                log.WriteLine($"{i + 1:N0} inputs, {categories.Values.Sum():N0} broken, {clock.Elapsed.TotalSeconds:F0} s");
            }
        }
        return new FuzzReport(seed, count, clock.Elapsed, slowest, sources, categories, findings);
    }

    /// <summary>Input <paramref name="index"/> of <paramref name="seed"/>: bytes as a file would hold them (decoded), a token soup, or a mutation.</summary>
    public static (string Source, string Input) Generate(int seed, int index, IReadOnlyList<string> known)
    {
        var random = new Random(unchecked(seed * 1_000_003 + index));
        return random.Next(10) switch
        {
            < 2 => ("bytes", Backprop.Lang.Text.SourceLine.Decode(Inputs.Bytes(random))),
            < 6 => ("mutations", Inputs.Mutate(random, known[random.Next(known.Count)], known)),
            _ => ("soups", Inputs.Soup(random)),
        };
    }

    private static IReadOnlyList<BrokenPromise> Check(Promise promise, string input) => promise.Check(input);

    /// <summary>Removes ever smaller pieces of the input while the same category still breaks (a simple delta debugging).</summary>
    private static string Shrink(Promise promise, string input, string category)
    {
        int attempts = 0;
        for (int chunk = Math.Max(1, input.Length / 2); chunk >= 1 && attempts < ShrinkAttempts; chunk /= 2)
        {
            for (int at = 0; at < input.Length && attempts < ShrinkAttempts; attempts++)
            {
                string candidate = input.Remove(at, Math.Min(chunk, input.Length - at));
                if (promise.Check(candidate).Any(b => b.Category == category))
                {
                    input = candidate;
                }
                else
                {
                    at += chunk;
                }
            }
        }
        return input;
    }

    private static string? Save(string? saveDir, int seed, Finding finding)
    {
        if (saveDir is null)
        {
            return null;
        }
        Directory.CreateDirectory(saveDir);
        string path = Path.Combine(saveDir, $"fuzz-{seed}-{finding.Index}{CatalogueFile.Extension}");
        var text = new StringBuilder();
        text.Append($"# Found by the fuzzer: seed {seed}, input {finding.Index} ({finding.Source}).\n");
        text.Append($"# Whole input: {CatalogueFile.Escape(finding.Input)}\n");
        foreach (var broken in finding.Broken)
        {
            foreach (string line in broken.ToString().Split('\n').Take(6))
            {
                text.Append("# ").Append(line.TrimEnd()).Append('\n');
            }
        }
        text.Append("# Decide what it should give (ok or error, with words and a marked span), then move this file into the catalogue.\n");
        text.Append(CatalogueFile.FormatRow(finding.Minimal, finding.Broken[0].Category)).Append('\n');
        File.WriteAllText(path, text.ToString(), new UTF8Encoding(false));
        return path;
    }
}
