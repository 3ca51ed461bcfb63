using Backprop.Lang.Analysis;
using Backprop.Web.Components;
using Backprop.Web.Model;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Backprop.Web.Tests;

/// <summary>Scripts with <c>:train</c>, for the page's runner and its panel.</summary>
internal static class TrainScripts
{
    /// <summary>examples/spiral.bp, with fewer epochs when <paramref name="epochs"/> says so.</summary>
    public static string Spiral(int epochs = 300) =>
        File.ReadAllText(Path.Combine(Paths.Root, "examples", "spiral.bp")).Replace("epochs=300", $"epochs={epochs}");

    /// <summary>XOR, which no line separates: a 2-8-2 network with a tanh hidden layer and Adam learns it.</summary>
    public const string Xor = """
        X = [[0, 0], [0, 1], [1, 0], [1, 1]]
        t = [0, 1, 1, 0]
        :set seed 7
        W1 = randn(2, 8)
        b1 = zeros(8)
        W2 = randn(8, 2)
        b2 = zeros(2)
        y = affine(tanh(affine(X, W1, b1)), W2, b2)
        loss = softmax_with_loss(y, t)
        :train loss wrt W1, b1, W2, b2 data X, t epochs=300 lr=0.05 method=adam report=accuracy(y, t)
        accuracy(y, t)
        """;

    /// <summary>One number trained without data: each epoch is one step on (w - 3)², for as long as it is let run.</summary>
    public const string Endless = "w = 0\n:train (w - 3)^2 wrt w epochs=1000000 lr=0.01\nw";
}

/// <summary><c>:train</c> through the page's script runner: the run, its pause and its end, the regions and the errors.</summary>
public sealed class TrainScriptRunTests
{
    [Fact]
    public void Xor_TrainedOnThePage_LossFalls_AndEveryPointIsRight()
    {
        var run = ScriptRun.Of(TrainScripts.Xor);

        Assert.Null(run.Error);
        var report = run.Training!.Outcome!.Report!;
        Assert.Equal(TrainStop.Finished, report.Stop);
        Assert.Equal(300, report.EpochsRun);
        Assert.True(report.Losses[^1] < report.Losses[0] / 10, $"loss {report.Losses[0]} -> {report.Losses[^1]}");
        Assert.Equal(1, report.Reported![^1]);
        // The line after :train sees the trained parameters.
        Assert.Equal("1", run.Output[^1].Text);
        Assert.Equal(11, run.Output[^1].Line);
    }

    [Fact]
    public void Spiral_FewEpochs_LossFalls_AndTheRegionsPickSeveralClasses()
    {
        var run = ScriptRun.Of(TrainScripts.Spiral(epochs: 20));

        Assert.Null(run.Error);
        var training = run.Training!;
        var report = training.Outcome!.Report!;
        Assert.Equal((20, 10, 30, 300), (report.EpochsRun, report.BatchesPerEpoch, report.Batch, report.Rows));
        Assert.True(report.Losses[^1] < report.Losses[0], $"loss {report.Losses[0]} -> {report.Losses[^1]}");
        var regions = training.Regions!;
        Assert.Equal(3, regions.Classes);
        Assert.True(regions.Runs.Select(r => r.Class).Distinct().Count() >= 2);
        // Every cell of the grid is in exactly one run.
        Assert.Equal(DecisionRegions.Cells * DecisionRegions.Cells, regions.Runs.Sum(r => r.Length));
        Assert.Equal(300, regions.Points.Count);
        Assert.Equal([0, 1, 2], regions.Points.Select(p => p.Class).Distinct().Order());
        Assert.All(regions.Points, p => Assert.True(p.X is > 0 and < 1 && p.Y is > 0 and < 1, $"{p} is outside the square"));
    }

    [Fact]
    public void Start_PausesAtTrain_AndContinueRunsTheLinesAfterIt()
    {
        var run = ScriptRun.Start(TrainScripts.Spiral(epochs: 5));

        var training = run.Training!;
        Assert.True(training.Live);
        Assert.Equal(0, training.Run.EpochsRun);
        Assert.DoesNotContain(run.Output, o => o.Line > 15);
        while (training.Advance(TimeSpan.Zero))
        {
        }
        run.Continue();

        Assert.False(training.Live);
        Assert.Equal(5, training.Run.EpochsRun);
        Assert.Contains(run.Output, o => o.Line == 19);
    }

    [Fact]
    public void Stop_KeepsTheParametersReached_AndTheScriptGoesOn()
    {
        var run = ScriptRun.Start(TrainScripts.Endless);
        var training = run.Training!;
        for (int i = 0; i < 5; i++) Assert.True(training.Advance(TimeSpan.Zero));

        training.Stop();
        Assert.False(training.Advance(TimeSpan.Zero));
        run.Continue();

        var report = training.Outcome!.Report!;
        Assert.Equal(TrainStop.Cancelled, report.Stop);
        Assert.Equal(5, report.EpochsRun);
        Assert.Equal((6, 0), report.StoppedAt);
        // Five steps w ← w − 0.01·2(w − 3) from 0: w = 3(1 − 0.98⁵).
        double w = report.Parameters.Single().After.Data[0];
        Assert.Equal(3 * (1 - Math.Pow(0.98, 5)), w, 1e-12);
        Assert.Equal(Numbers.Format(w), run.Output[^1].Text);
        Assert.Null(training.Regions);
    }

    [Fact]
    public void NoWrt_TrainsEveryInputBesidesTheData()
    {
        var run = ScriptRun.Of("X = [[1], [2], [3]]\nt = [[2], [4], [6]]\nw = 0.5\n:train sum((X*w - t)^2) data X, t epochs=50 lr=0.01");

        Assert.Null(run.Error);
        Assert.True(run.Training!.EveryInput);
        Assert.Equal(2, run.Training.Outcome!.Report!.Parameters.Single().After.Data[0], 1e-3);
        Assert.False(run.Training.Drawable);
    }

    /// <summary>The expected error's span is marked «so» on the <c>:train</c> line (the script's last).</summary>
    [Theory]
    [InlineData(":train loss wrt w data X, t «foo»=1", "unknown option 'foo' for ':train'")]
    [InlineData(":train loss wrt w data X, t method=«rms»", "sgd, momentum, adagrad or adam")]
    [InlineData(":train loss wrt w data X, t epochs=«0»", "epochs")]
    [InlineData(":train loss wrt «y» data X, t", "'y' is computed from other variables")]
    [InlineData(":train loss wrt w data X, «short»", "'short' has 2 rows, but 'X' has 3")]
    [InlineData(":train loss wrt «X» data X, t", "'X' is data")]
    public void TrainErrors_ShowWhereTheyAre(string line, string expected)
    {
        const string before = "X = [[1], [2], [3]]\nt = [[2], [4], [6]]\nshort = [1, 2]\nw = 0.5\ny = X*w\nloss = sum((y - t)^2)\n";
        int start = line.IndexOf('«'), end = line.IndexOf('»') - 1;
        var run = ScriptRun.Of(before + line.Replace("«", "").Replace("»", ""));

        var error = run.Error!;
        Assert.Contains(expected, error.Message);
        Assert.Equal(7, error.Source.Number);
        Assert.Equal((start, end - start), (error.Span.Start, error.Span.Length));
        Assert.Null(run.Training);
    }

    [Fact]
    public void Help_ListsTrainAndSetSeed()
    {
        var run = ScriptRun.Of(":help");

        Assert.Contains(run.Output, o => o.Text.StartsWith(":train L wrt W, b, ... data X, t", StringComparison.Ordinal));
        Assert.Contains(run.Output, o => o.Text.StartsWith(":set seed N", StringComparison.Ordinal));
        Assert.StartsWith(":train", Assert.Single(ScriptRun.Of(":help train").Output).Text);
    }

    [Fact]
    public void SetSeed_GivesTheSameDrawsAsTheTerminal_AndPrecisionStaysThere()
    {
        var seeded = ScriptRun.Of(":set seed 1984\nrandn(3)");
        var again = ScriptRun.Of(":set seed 1984\nrandn(3)");
        var other = ScriptRun.Of(":set seed 1985\nrandn(3)");

        Assert.Null(seeded.Error);
        Assert.Equal("random numbers now from seed 1984 (randn, rand)", seeded.Output[0].Text);
        Assert.Equal(seeded.Output[^1].Text, again.Output[^1].Text);
        Assert.NotEqual(seeded.Output[^1].Text, other.Output[^1].Text);
        Assert.Contains(":set seed N", ScriptRun.Of(":set precision 5").Error!.Message);
        Assert.Contains("not 'x'", ScriptRun.Of(":set seed x").Error!.Message);
    }
}

/// <summary>The panel and the page while a <c>:train</c> runs and after it (bUnit).</summary>
public sealed class TrainPanelTests : BunitContext
{
    private static string[] Fills(IRenderedComponent<TrainPanel> panel) =>
        panel.FindAll("[data-testid=train-regions] rect").Select(r => r.GetAttribute("fill")!).Distinct().ToArray();

    [Fact]
    public void WhileLive_ShowsTheProgress_TheLoss_TheRegions_AndStop()
    {
        var run = ScriptRun.Start(TrainScripts.Spiral());
        var training = run.Training!;
        for (int i = 0; i < 3; i++) training.Advance(TimeSpan.Zero);
        training.Draw();

        var panel = Render<TrainPanel>(p => p.Add(c => c.Shown, training));

        string loss = Numbers.Format(training.Run.Losses[^1]);
        Assert.Matches(@"^epoch 4/300 · loss \d\.\d+ · accuracy\(y, t\) 0\.\d+$", panel.Find("[data-testid=train-progress]").TextContent);
        Assert.Equal(3, panel.Find("[data-testid=train-plot] polyline.loss").GetAttribute("points")!.Split(' ').Length);
        Assert.NotNull(panel.Find("[data-testid=train-plot] polyline.report"));
        Assert.True(Fills(panel).Length >= 2, $"the regions have {Fills(panel).Length} colour(s)");
        Assert.Equal(300, panel.FindAll("[data-testid=train-regions] circle").Count);
        Assert.Empty(panel.FindAll("[data-testid=train-summary]"));

        panel.Find("[data-testid=train-stop]").Click();
        Assert.True(training.Stopping);
        Assert.True(panel.Find("[data-testid=train-stop]").HasAttribute("disabled"));
    }

    [Fact]
    public void AfterTheRun_ShowsTheTerminalsSummary_AndTheParameters()
    {
        var run = ScriptRun.Of(TrainScripts.Spiral(epochs: 10));

        var panel = Render<TrainPanel>(p => p.Add(c => c.Shown, run.Training!));

        var report = run.Training!.Outcome!.Report!;
        string summary = panel.Find("[data-testid=train-summary]").TextContent;
        Assert.Contains($"trained by sgd (lr 1): 10 epochs of 10 batches of 30 rows (300 in all); loss {Numbers.Format(report.Losses[0])} → {Numbers.Format(report.Losses[^1])}", summary);
        var rows = panel.FindAll("[data-testid=train-parameters] tbody tr").Select(r => string.Join("|", r.Children.Take(2).Select(c => c.TextContent))).ToArray();
        Assert.Equal(["W1|2×10", "b1|10", "W2|10×3", "b2|3"], rows);
        Assert.Empty(panel.FindAll("[data-testid=train-stop]"));
        Assert.Equal("epoch 10/10 · loss " + Backprop.Lang.Text.NumberText.Format(report.Losses[^1], 4) + " · accuracy(y, t) " +
            Backprop.Lang.Text.NumberText.Format(report.Reported![^1], 4), panel.Find("[data-testid=train-progress]").TextContent);
    }

    [Fact]
    public void Diverged_SaysWhereItStopped()
    {
        var run = ScriptRun.Of("w = 1\n:train w^4 wrt w epochs=100 lr=10");

        var panel = Render<TrainPanel>(p => p.Add(c => c.Shown, run.Training!));

        Assert.Equal(TrainStop.Diverged, run.Training!.Outcome!.Report!.Stop);
        Assert.Contains("the parameters are those of the last finite loss", panel.Find("[data-testid=train-summary] .stop-reason").TextContent);
    }

    private IRenderedComponent<Playground> Page(string script)
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo(navigation.BaseUri + "#" + Uri.EscapeDataString(script));
        return Render<Playground>();
    }

    [Fact]
    public void Page_TrainsTheSpiral_ThenRunsTheLinesAfter()
    {
        var page = Page("x = 1");
        page.Find("[data-testid=source]").Input(TrainScripts.Spiral(epochs: 30));
        page.Find("[data-testid=run]").Click();

        page.WaitForElement("[data-testid=train-summary]", TimeSpan.FromSeconds(60));
        Assert.Contains("30 epochs of 10 batches", page.Find("[data-testid=train-summary]").TextContent);
        Assert.True(page.FindAll("[data-testid=train-regions] rect").Select(r => r.GetAttribute("fill")).Distinct().Count() >= 2);
        Assert.Contains(" 19│ ", page.Find("[data-testid=output]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=error]"));
    }

    [Fact]
    public void Page_Stop_EndsTheRun_KeepingTheParametersReached()
    {
        var page = Page(TrainScripts.Endless);
        page.WaitForAssertion(() => Assert.Matches(@"^epoch [1-9][\d,]*/1,000,000 · loss", page.Find("[data-testid=train-progress]").TextContent), TimeSpan.FromSeconds(30));

        page.Find("[data-testid=train-stop]").Click();

        page.WaitForElement("[data-testid=train-summary]", TimeSpan.FromSeconds(30));
        Assert.Contains("the parameters keep the values reached", page.Find("[data-testid=train-summary]").TextContent);
        string after = page.Find("[data-testid=train-parameters] tbody tr td:last-child").TextContent;
        Assert.EndsWith("  3│ " + after, page.Find("[data-testid=output]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=train-stop]"));
    }

    [Fact]
    public void Page_ErrorInTrain_IsShownWithItsCaret()
    {
        var page = Page("w = 1\n:train w^2 wrt w method=rms");

        Assert.Equal("script:2:25: error: option method must be sgd, momentum, adagrad or adam\n  :train w^2 wrt w method=rms\n" + new string(' ', 2 + 24) + "^^^",
            page.Find("[data-testid=error]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=train]"));
    }
}
