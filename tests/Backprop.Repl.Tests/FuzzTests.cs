using Backprop.Fuzz;
using Backprop.Fuzz.Catalogue;
using Xunit.Abstractions;

namespace Backprop.Repl.Tests;

/// <summary>
/// A short, fixed run of the fuzzer (tests/Backprop.Fuzz): arbitrary bytes, token soups and mutated catalogue rows
/// through the library, the interpreter, the REPL loop and 'backprop eval'. Long runs are for the console:
/// dotnet run -c Release --project tests/Backprop.Fuzz -- --count 1000000 --seed 1
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    /// <summary>About seven seconds on two cores; the same inputs on every run.</summary>
    private const int Count = 4_000;

    private const int Seed = 20_251_106;

    [Fact]
    public void Fuzz_ShortRun_KeepsThePromiseForEveryInput()
    {
        var corpus = CatalogueFile.Load(CatalogueTests.Directory).Select(r => r.Text).Where(t => t.Length <= 512).ToList();

        var report = Fuzzer.Run(Seed, Count, saveDir: null, corpus, shrink: false);

        output.WriteLine(report.ToString());
        Assert.True(report.Categories.Count == 0,
            $"{report}\n\nRun the console to shrink and save these as catalogue rows: dotnet run --project tests/Backprop.Fuzz -- --count {Count} --seed {Seed}");
        Assert.Equal(Count, report.Sources.Values.Sum());
        Assert.All(["bytes", "mutations", "soups"], source => Assert.True(report.Sources.GetValueOrDefault(source) > Count / 10, source));
    }

    [Fact]
    public void Fuzz_SameSeedAndIndex_GiveTheSameInput()
    {
        string[] corpus = ["x = 3", ":grad x*x"];

        var first = Enumerable.Range(0, 50).Select(i => Fuzzer.Generate(7, i, corpus)).ToList();
        var again = Enumerable.Range(0, 50).Select(i => Fuzzer.Generate(7, i, corpus)).ToList();

        Assert.Equal(first, again);
        Assert.True(first.Distinct().Count() > 40);
    }
}
