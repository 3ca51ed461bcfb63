using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Backprop.Repl.Tests.Jupyter;

/// <summary>
/// examples/seed.ipynb, the article's walk as a notebook, run by nbclient on the kernel the command installs: every
/// cell's outputs must be the ones committed with it (which is what GitHub shows). <c>BACKPROP_UPDATE_GOLDEN=1</c>
/// saves the notebook as it runs now, as for the other golden files. Numbers are compared to 9 significant digits:
/// the native binary's vector width changes the last bits of a tensor's sums, so a trained weight's 12th digit may
/// differ between the JIT build (which saved the notebook) and the AOT one.
/// </summary>
[Trait("Category", BackpropProcess.Category)]
public sealed partial class SeedNotebookTests
{
    [GeneratedRegex(@"\d+\.\d{6,}(?:e[+-]?\d+)?")]
    private static partial Regex LongNumber();

    private static string Comparable(JsonNode outputs) => LongNumber().Replace(outputs.ToJsonString(), match =>
        double.Parse(match.Value, CultureInfo.InvariantCulture).ToString("G9", CultureInfo.InvariantCulture));

    private static string Notebook => RepoPaths.Example("seed.ipynb");

    [JupyterFact]
    public void SeedNotebook_RunByNbclient_GivesTheCommittedOutputs()
    {
        using var kernel = new InstalledKernel();
        Assert.True(kernel.Install.ExitCode == 0, kernel.Install.Err);
        string executed = Path.Combine(kernel.Root, "seed.executed.ipynb");
        var run = JupyterPython.Run("run_notebook.py", [Notebook, executed], kernel.Jupyter, kernel.KernelsPath, TimeSpan.FromSeconds(180));
        Assert.True(run.ExitCode == 0, $"nbclient failed to run seed.ipynb:\n{run.Err}");
        if (Environment.GetEnvironmentVariable(Golden.UpdateVariable) == "1")
        {
            File.Copy(executed, Notebook, overwrite: true);
        }

        var expected = Cells(File.ReadAllText(Notebook));
        var actual = Cells(File.ReadAllText(executed));
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.True(Comparable(expected[i].Outputs) == Comparable(actual[i].Outputs),
                $"cell {i + 1} ({expected[i].Source}) changed its outputs; run the test with {Golden.UpdateVariable}=1 to save them if that is meant\n" +
                $"committed: {Shorten(expected[i].Outputs)}\nnow:       {Shorten(actual[i].Outputs)}");
        }
    }

    [Fact]
    public void SeedNotebook_IsCommittedWithItsOutputs_TheArticlesNumbers()
    {
        var cells = Cells(File.ReadAllText(Notebook));
        Assert.All(cells, cell => Assert.NotEmpty(cell.Outputs.AsArray()));
        string Plain(int cell) => string.Join("\n", cells[cell].Outputs.AsArray().Select(o => Lines(o!["data"]?["text/plain"] ?? o["text"])));
        string inline = Plain(cells.FindIndex(c => c.Source.StartsWith(":grad --picture", StringComparison.Ordinal)));
        Assert.Equal(["1", "literal", "1:18", "1", "60"], Printed.Row(inline, "1"));
        Assert.Equal(["2", "literal", "1:20", "2", "30"], Printed.Row(inline, "2"));
        Assert.Equal(["10", "literal", "1:24", "10", "2"], Printed.Row(inline, "10"));
        Assert.Equal(["20", "literal", "1:27", "20", "2"], Printed.Row(inline, "20"));
        var error = cells[^1].Outputs.AsArray().Last()!;
        Assert.Equal("error", (string)error["output_type"]!);
    }

    private sealed record CodeCell(string Source, JsonNode Outputs);

    private static List<CodeCell> Cells(string notebook) =>
        JsonNode.Parse(notebook)!["cells"]!.AsArray()
            .Where(c => (string)c!["cell_type"]! == "code")
            .Select(c => new CodeCell(Lines(c!["source"]), c["outputs"]!))
            .ToList();

    // nbformat writes text either as one string or as a list of lines.
    private static string Lines(JsonNode? text) => text switch
    {
        null => "",
        JsonArray lines => string.Concat(lines.Select(l => (string)l!)),
        _ => (string)text!,
    };

    private static string Shorten(JsonNode node)
    {
        string text = node.ToJsonString();
        return text.Length <= 1500 ? text : text[..1500] + "…";
    }
}
