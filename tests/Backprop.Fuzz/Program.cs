using System.Globalization;
using Backprop.Fuzz;
using Backprop.Fuzz.Catalogue;

// A long run by hand, from the repository root:
//   dotnet run -c Release --project tests/Backprop.Fuzz -- --count 1000000 --seed 1
// Options: --count N (inputs, default 10000), --seed S (default 1), --save DIR (where findings go as catalogue
// rows, default backprop-fuzz-findings in the temp directory), --catalogue DIR (inputs to mutate, default
// tests/Backprop.Repl.Tests/Catalogue of the repository around the working directory).
// Exit code 0 when the promise held for every input, 1 when something broke it, 2 on bad usage, 3 on a hang.

var options = new Dictionary<string, string>(StringComparer.Ordinal)
{
    ["--count"] = "10000",
    ["--seed"] = "1",
    ["--save"] = Path.Combine(Path.GetTempPath(), "backprop-fuzz-findings"),
};
for (int i = 0; i + 1 < args.Length; i += 2)
{
    options[args[i]] = args[i + 1];
}
if (args.Length % 2 != 0 || options.Keys.Except(["--count", "--seed", "--save", "--catalogue"]).Any()
    || !int.TryParse(options["--count"], NumberStyles.None, CultureInfo.InvariantCulture, out int count)
    || !int.TryParse(options["--seed"], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int seed))
{
    Console.Error.WriteLine("usage: Backprop.Fuzz [--count N] [--seed S] [--save DIR] [--catalogue DIR]");
    return 2;
}

string? catalogue = options.GetValueOrDefault("--catalogue") ?? FindCatalogue();
var corpus = catalogue is null ? [] : CatalogueFile.Load(catalogue).Where(r => r.Text.Length <= 512).Select(r => r.Text).ToList();
Console.WriteLine($"fuzzing {count:N0} inputs with seed {seed}; {corpus.Count} catalogue inputs to mutate from {catalogue ?? "(none found)"}");

// An input that never finishes is a finding too: save it and stop, since the run cannot go on.
var progress = new FuzzProgress();
string saveDir = Path.GetFullPath(options["--save"]);
using var watchdog = new Timer(_ =>
{
    if (progress.Running > TimeSpan.FromSeconds(60))
    {
        Directory.CreateDirectory(saveDir);
        string path = Path.Combine(saveDir, $"fuzz-{seed}-{progress.Index}-hang{CatalogueFile.Extension}");
        File.WriteAllText(path, $"# Still running after 60 s: seed {seed}, input {progress.Index}.\n" + CatalogueFile.FormatRow(progress.Input, "hang") + "\n");
        Console.Error.WriteLine($"input {progress.Index} hangs; saved to {path}");
        Environment.Exit(3);
    }
}, null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));

var report = Fuzzer.Run(seed, count, saveDir, corpus, Console.Out, progress);
Console.WriteLine(report);
if (report.Findings.Count > 0)
{
    Console.WriteLine($"findings saved in {saveDir}");
}
return report.Categories.Count == 0 ? 0 : 1;

// The catalogue of the repository this is run from: the working directory or one above it holds Backprop.sln.
static string? FindCatalogue()
{
    for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
    {
        string candidate = Path.Combine(dir.FullName, "tests", "Backprop.Repl.Tests", "Catalogue");
        if (File.Exists(Path.Combine(dir.FullName, "Backprop.sln")) && Directory.Exists(candidate))
        {
            return candidate;
        }
    }
    return null;
}
