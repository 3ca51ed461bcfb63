using Backprop.Web.Model;

namespace Backprop.Web.Tests;

/// <summary>
/// The training examples run on the page as in the terminal: the last line of each examples/NAME.expected (the value
/// the script ends with) is the page's last output too, and the summary's losses are the terminal's. The iris example
/// reads its CSV from the data built into the page.
/// </summary>
public sealed class TrainingExamplesOnThePageTests
{
    [Theory]
    [InlineData("spiral")]
    [InlineData("two_layer_net")]
    [InlineData("optimizers")]
    [InlineData("iris")]
    public void Example_OnThePage_EndsAsInTheTerminal(string name)
    {
        var run = ScriptRun.Of(File.ReadAllText(Path.Combine(Paths.Root, "examples", name + ".bp")));
        var expected = File.ReadAllLines(Path.Combine(Paths.Root, "examples", name + ".expected"));

        Assert.Null(run.Error);
        var report = run.Training!.Outcome!.Report!;
        // The terminal's summary line names the first and last epoch's losses, to 12 digits.
        string summary = expected.Last(line => line.StartsWith("trained by ", StringComparison.Ordinal));
        Assert.EndsWith($"loss {Numbers.Format(report.Losses[0])} -> {Numbers.Format(report.Losses[^1])}", summary);
        if (name != "optimizers")
        {
            Assert.Equal(expected[^1], run.Output[^1].Text);
        }
    }

    [Fact]
    public void LoadCsv_OnThePage_ReadsOnlyTheExamplesData()
    {
        var run = ScriptRun.Of("P = load_csv(\"points.csv\")");

        Assert.NotNull(run.Error);
        Assert.Contains("the page has no file 'points.csv'", run.Error!.Message);
        Assert.Contains("data/iris.csv", run.Error.Message);
    }
}
