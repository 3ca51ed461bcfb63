using System.Diagnostics;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Backprop.Web.Tests.Browser;

/// <summary>
/// The published page in a real browser (Debian's Chromium through Playwright), through the test hooks a
/// learner's clicks go through: data-testid source, run, value, gradients, graph, step-forward,
/// step-backward, focus-rule, error.
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
