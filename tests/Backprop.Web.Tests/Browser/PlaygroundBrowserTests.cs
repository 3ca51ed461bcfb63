using System.Diagnostics;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Backprop.Web.Tests.Browser;

/// <summary>
/// The published page in a real browser (Debian's Chromium through Playwright), through the test hooks a
/// learner's clicks go through: data-testid source, run, value, gradients, graph, step-forward,
/// step-backward, focus-rule, error; for tensors tensor-grid (with its data-shape), tensor-shape and focus-tensors.
/// </summary>
public sealed class PlaygroundBrowserTests(BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private static async Task<string[]> Gradients(IPage page) =>
        (await page.Locator("[data-testid=gradients] tbody tr td.grad").AllTextContentsAsync()).ToArray();

    private static async Task Run(IPage page, string script)
    {
        await page.Locator("[data-testid=source]").FillAsync(script);
        await page.Locator("[data-testid=run]").ClickAsync();
    }

    [ChromiumFact]
    public async Task Seed_TypedAndRun_Gives60_AndTheGradients60_30_2_2()
    {
        var page = await browser.Open();
        await Run(page, "(1*2)*(10+20)");
        await Assertions.Expect(page.Locator("[data-testid=value]")).ToHaveTextAsync("60");
        Assert.Equal(["60", "30", "2", "2"], await Gradients(page));
        Assert.Equal(1, await page.Locator("[data-testid=graph] svg").CountAsync());
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task AppleScript_GivesTheBooksGradients()
    {
        var page = await browser.Open();
        await Run(page, await File.ReadAllTextAsync(Path.Combine(Paths.Root, "examples", "apple.bp")));
        await Assertions.Expect(page.Locator("[data-testid=value]")).ToHaveTextAsync("220");
        Assert.Equal(["2.2", "110", "200"], await Gradients(page));
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task StepBackward_ThroughTheWholePass_ShowsEachRuleWithItsNumbers()
    {
        var page = await browser.Open();
        await Run(page, "(1*2)*(10+20)");
        string[] expected =
        [
            "MulLayer: dx = dout·y = 1·30 = 30, dy = dout·x = 1·2 = 2",
            "AddLayer: dx = dout·1 = 2·1 = 2, dy = dout·1 = 2·1 = 2",
            "MulLayer: dx = dout·y = 30·2 = 60, dy = dout·x = 30·1 = 30",
        ];
        foreach (string rule in expected)
        {
            await page.Locator("[data-testid=step-backward]").ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=focus-rule]")).ToHaveTextAsync(rule);
            Assert.Equal(1, await page.Locator("[data-testid=graph] g.node.focus").CountAsync());
        }
        var drawn = await page.Locator("[data-testid=graph] svg text.gradient").AllTextContentsAsync();
        Assert.Equal(["60", "30", "2", "2", "30", "2", "1"], drawn);
        // README's picture: the seed after the whole backward pass, the last rule in focus.
        if (Environment.GetEnvironmentVariable("BACKPROP_WEB_SCREENSHOT") is { Length: > 0 } screenshot)
        {
            await page.Locator("main").ScreenshotAsync(new LocatorScreenshotOptions { Path = screenshot });
        }
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task MissingOperator_ShowsTheCaret_AndSuggests2TimesX()
    {
        var page = await browser.Open();
        await Run(page, "2x");
        var error = page.Locator("[data-testid=error]");
        await Assertions.Expect(error).ToContainTextAsync("2*x");
        Assert.Equal("script:1:2: error: missing operator between '2' and 'x': did you mean 2*x?\n  2x\n   ^", await error.TextContentAsync());
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task SharedLink_RestoresTheScript()
    {
        const string script = "x = 3\ny = x*x\n:grad y + 2*x";
        var page = await browser.Open();
        await Run(page, script);
        await Assertions.Expect(page.Locator("[data-testid=value]")).ToHaveTextAsync("15");
        string link = page.Url;
        Assert.Contains("#", link);
        await page.Context.CloseAsync();

        var context = await browser.Browser.NewContextAsync();
        var shared = await context.NewPageAsync();
        await shared.GotoAsync(link);
        await Assertions.Expect(shared.Locator("[data-testid=value]")).ToHaveTextAsync("15");
        Assert.Equal(script, await shared.Locator("[data-testid=source]").InputValueAsync());
        Assert.Equal(["3", "8"], await Gradients(shared)); // the literal 2 (dL/d2 = x), then x: 2x through y plus 2
        await context.CloseAsync();
    }

    [ChromiumFact]
    public async Task TensorScript_ShowsGradientGrids_AHeatmap_AndShapesOnTheGraph()
    {
        var page = await browser.Open();
        await Run(page, "X = [[1, 2], [3, 4]]\n:grad sum(X @ [1, -1])");
        await Assertions.Expect(page.Locator("[data-testid=value]")).ToHaveTextAsync("-2");
        var gradient = page.Locator("[data-testid=gradients] td.grad [data-testid=tensor-grid][data-shape='2×2']");
        await Assertions.Expect(gradient).ToHaveCountAsync(1);
        Assert.Equal(["1", "-1", "1", "-1"], await gradient.Locator("td").AllTextContentsAsync());
        Assert.Equal("2×2", await gradient.Locator("[data-testid=tensor-shape]").TextContentAsync());
        // Coloured by sign: the page's gradient red for positive, blue for negative.
        string positive = await gradient.Locator("td.positive").First.EvaluateAsync<string>("td => getComputedStyle(td).backgroundColor");
        string negative = await gradient.Locator("td.negative").First.EvaluateAsync<string>("td => getComputedStyle(td).backgroundColor");
        Assert.Equal("rgb(192, 57, 43)", positive);
        Assert.Equal("rgb(33, 102, 172)", negative);
        Assert.Equal(["2×2", "[1, -1] (2)", "[-1, -1] (2)", "-2"], await page.Locator("[data-testid=graph] svg text.forward").AllTextContentsAsync());

        await page.Locator("[data-testid=step-backward]").ClickAsync();
        await page.Locator("[data-testid=step-backward]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=focus-rule]")).ToHaveTextAsync(
            "MatMulLayer: dA = dout @ transpose(B) = [[1, -1], [1, -1]], dB = transpose(A) @ dout = [4, 6]");
        await Assertions.Expect(page.Locator("[data-testid=focus-tensors] [data-testid=tensor-grid]")).ToHaveCountAsync(3);
        await page.Context.CloseAsync();
    }

    /// <summary>docs/playground-tensors.png: the book's Affine layer, its gradients as heatmaps, stepped back to the layer.</summary>
    [ChromiumFact]
    public async Task AffineScript_SteppedBackToTheAffineLayer_IsPictured()
    {
        var page = await browser.Open();
        await Run(page, "# The book's Affine layer (ch. 5.6): Y = X·W + B\nX = [[1, 2], [3, 4]]\nW = [[1, 0, 1], [0, 1, 1]]\nB = [0.5, 0.5, 0.5]\n" +
            ":grad sum(affine(X, W, B) * [[1, -2, 3], [-4, 5, -6]])");
        await Assertions.Expect(page.Locator("[data-testid=value]")).ToHaveTextAsync("-29.5");
        for (int i = 0; i < 3; i++) await page.Locator("[data-testid=step-backward]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=focus-rule]")).ToContainTextAsync("AffineLayer: dX = dout @ transpose(W)");
        // dB is dY summed over the batch: [1 - 4, -2 + 5, 3 - 6].
        var dB = page.Locator("[data-testid=focus-tensors] [data-testid=tensor-grid][data-shape='3']");
        Assert.Equal(["-3", "3", "-3"], await dB.Locator("td").AllTextContentsAsync());
        if (Environment.GetEnvironmentVariable("BACKPROP_WEB_TENSOR_SCREENSHOT") is { Length: > 0 } screenshot)
        {
            await page.Locator("main").ScreenshotAsync(new LocatorScreenshotOptions { Path = screenshot });
        }
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// examples/spiral.bp trained on the page (30 epochs; the whole 300 for docs/playground-train.png): the loss plotted
    /// as it falls, the decision regions drawn under the points, the summary at the end.
    /// </summary>
    [ChromiumFact]
    public async Task SpiralScript_TrainedOnThePage_DrawsTheLossAndTheRegions_ThenTheSummary()
    {
        string? screenshot = Environment.GetEnvironmentVariable("BACKPROP_WEB_TRAIN_SCREENSHOT") is { Length: > 0 } path ? path : null;
        int epochs = screenshot is null ? 30 : 300;
        string script = (await File.ReadAllTextAsync(Path.Combine(Paths.Root, "examples", "spiral.bp"))).Replace("epochs=300", $"epochs={epochs}");
        var page = await browser.Open();
        var clock = Stopwatch.StartNew();
        await Run(page, script);
        // While it trains the page still answers: the progress and the Stop button are there before the end.
        await Assertions.Expect(page.Locator("[data-testid=train-progress]")).ToContainTextAsync($"/{epochs}");
        await Assertions.Expect(page.Locator("[data-testid=train-summary]")).ToContainTextAsync($"{epochs} epochs of 10 batches of 30 rows",
            new() { Timeout = 240_000 });
        output.WriteLine($"{epochs} epochs of the spiral on the page: {clock.Elapsed.TotalSeconds:0.0} s");
        await Assertions.Expect(page.Locator("[data-testid=train-progress]")).ToContainTextAsync($"epoch {epochs}/{epochs} · loss");
        Assert.Equal(1, await page.Locator("[data-testid=train-plot] polyline.loss").CountAsync());
        var fills = await page.Locator("[data-testid=train-regions] rect").EvaluateAllAsync<string[]>("rects => rects.map(r => r.getAttribute('fill'))");
        Assert.True(fills.Distinct().Count() >= 2, $"the regions have {fills.Distinct().Count()} colour(s)");
        Assert.Equal(300, await page.Locator("[data-testid=train-regions] circle").CountAsync());
        Assert.Equal(0, await page.Locator("[data-testid=train-stop]").CountAsync());
        Assert.Equal(0, await page.Locator("[data-testid=error]").CountAsync());
        if (screenshot is not null)
        {
            // The script beside the training, down to its parameters table; the gradient of the last line below is left out.
            var panel = (await page.Locator("[data-testid=train]").BoundingBoxAsync())!;
            await page.ScreenshotAsync(new PageScreenshotOptions
            {
                Path = screenshot, FullPage = true, Clip = new Clip { X = 0, Y = 0, Width = 1280, Height = panel.Y + panel.Height + 16 },
            });
        }
        await page.Context.CloseAsync();
    }

    /// <summary>A run of a million epochs does not hold the page: the progress moves, and Stop ends it with the value reached.</summary>
    [ChromiumFact]
    public async Task LongTraining_LeavesThePageFree_AndStopKeepsTheValueReached()
    {
        var page = await browser.Open();
        await Run(page, "w = 0\n:train (w - 3)^2 wrt w epochs=1000000 lr=1e-6\nw");
        var progress = page.Locator("[data-testid=train-progress]");
        await Assertions.Expect(progress).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^epoch [1-9][\d,]*/1,000,000 · loss"));
        string early = (await progress.TextContentAsync())!;
        await Assertions.Expect(progress).Not.ToHaveTextAsync(early);

        await page.Locator("[data-testid=train-stop]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=train-summary]")).ToContainTextAsync("the parameters keep the values reached");
        string after = (await page.Locator("[data-testid=train-parameters] tbody tr td:last-child").TextContentAsync())!;
        Assert.InRange(double.Parse(after, System.Globalization.CultureInfo.InvariantCulture), 1e-9, 3);
        Assert.EndsWith("  3│ " + after, await page.Locator("[data-testid=output]").TextContentAsync());
        await page.Context.CloseAsync();
    }

    /// <summary>What a learner downloads and waits for on a first visit (no cache), reported rather than asserted on time.</summary>
    [ChromiumFact]
    public async Task FirstVisit_DownloadAndTimeToInteractive_AreMeasured()
    {
        var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(60_000);
        browser.Site.ResetCounters();
        var clock = Stopwatch.StartNew();
        await page.GotoAsync(browser.Site.Address);
        // Interactive: the seed has been evaluated by the runtime and the Run button answers.
        await Assertions.Expect(page.Locator("[data-testid=value]")).ToHaveTextAsync("60");
        var interactive = clock.Elapsed;
        await Run(page, "x = 2\n:grad x^3");
        await Assertions.Expect(page.Locator("[data-testid=value]")).ToHaveTextAsync("8");
        var (bytes, requests) = browser.Site.Sent;
        string report = $"first visit: {bytes / 1024.0 / 1024.0:0.00} MiB compressed in {requests} requests, interactive after {interactive.TotalSeconds:0.00} s";
        output.WriteLine(report);
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "web-first-visit.txt"), report + "\n");
        // A guard on trimming, not a timing: the whole runtime and app must stay a few megabytes.
        Assert.InRange(bytes, 500_000, 8_000_000);
        await context.CloseAsync();
    }
}

/// <summary>The published page in Japanese (issue 23): it follows the browser's language, has a switch, and shows Japanese in the system's CJK fonts.</summary>
public sealed class JapanesePageBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [ChromiumFact]
    public async Task JapaneseBrowser_GetsTheJapanesePage_WithTheArticlesGradients()
    {
        var page = await browser.Open(locale: "ja-JP");
        await Assertions.Expect(page.Locator("[data-testid=run]")).ToHaveTextAsync("実行");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("backprop プレイグラウンド");
        Assert.Equal("ja", await page.EvaluateAsync<string>("document.documentElement.lang"));

        await page.Locator("[data-testid=source]").FillAsync("りんご = 100\n個数 = ２\n:grad りんご＊個数＊消費税");
        await page.Locator("[data-testid=run]").ClickAsync();
        var error = page.Locator("[data-testid=error]");
        await Assertions.Expect(error).ToContainTextAsync("'消費税' という名前はありません");
        // The caret stands under 消費税: each wide character before it is two columns (8 + 6 + 2 + 4 + 2).
        Assert.EndsWith("  :grad りんご＊個数＊消費税\n" + new string(' ', 22) + "^^^^^^", await error.TextContentAsync());

        await page.Locator("[data-testid=source]").FillAsync("りんご = 100\n個数 = ２\n消費税 = 1.1\n:grad りんご＊個数＊消費税");
        await page.Locator("[data-testid=run]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=value]")).ToHaveTextAsync("220");
        await Assertions.Expect(page.Locator("[data-testid=gradients] thead")).ToContainTextAsync("dL/d(葉)");
        if (Environment.GetEnvironmentVariable("BACKPROP_WEB_SCREENSHOT_JA") is { Length: > 0 } screenshot)
        {
            await page.Locator("main").ScreenshotAsync(new LocatorScreenshotOptions { Path = screenshot });
        }
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task Switch_TurnsTheEnglishPageJapanese_AndRemembersIt()
    {
        var page = await browser.Open(locale: "en-US");
        await Assertions.Expect(page.Locator("[data-testid=run]")).ToHaveTextAsync("Run");

        await page.Locator("[data-testid=language]").SelectOptionAsync("ja");
        await Assertions.Expect(page.Locator("[data-testid=run]")).ToHaveTextAsync("実行");
        await Assertions.Expect(page.Locator("[data-testid=step-forward]")).ToHaveTextAsync("順伝播 ▸");

        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("[data-testid=run]")).ToHaveTextAsync("実行");
        await page.Locator("[data-testid=language]").SelectOptionAsync("en");
        await Assertions.Expect(page.Locator("[data-testid=run]")).ToHaveTextAsync("Run");
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task JapaneseText_IsInACjkFontOfTheSystem()
    {
        var page = await browser.Open(locale: "ja-JP");
        string family = await page.EvaluateAsync<string>("getComputedStyle(document.body).fontFamily");
        Assert.Contains("Noto Sans CJK JP", family);
        // No web font: every font the page uses is the system's.
        Assert.Equal(0, await page.EvaluateAsync<int>("document.fonts.size"));
        if (Fonts.HasNotoCjk)
        {
            Assert.True(await page.EvaluateAsync<bool>("document.fonts.check('16px \"Noto Sans CJK JP\"', 'りんご')"));
        }
        await page.Context.CloseAsync();
    }

    private static class Fonts
    {
        public static bool HasNotoCjk => Directory.Exists("/usr/share/fonts/opentype/noto")
            && Directory.EnumerateFiles("/usr/share/fonts/opentype/noto", "NotoSansCJK*").Any();
    }
}
