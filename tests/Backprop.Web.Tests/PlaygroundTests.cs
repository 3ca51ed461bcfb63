using Backprop.Web.Components;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Backprop.Web.Tests;

/// <summary>The page as a component (bUnit): the test hooks, the script's results, stepping, errors and the address.</summary>
public sealed class PlaygroundTests : BunitContext
{
    private IRenderedComponent<Playground> Open(string? script = null)
    {
        if (script is not null)
        {
            var navigation = Services.GetRequiredService<NavigationManager>();
            navigation.NavigateTo(navigation.BaseUri + "#" + Uri.EscapeDataString(script));
        }
        return Render<Playground>();
    }

    private static IRenderedComponent<Playground> RunScript(IRenderedComponent<Playground> page, string script)
    {
        page.Find("[data-testid=source]").Input(script);
        page.Find("[data-testid=run]").Click();
        return page;
    }

    private static string[] Gradients(IRenderedComponent<Playground> page) =>
        page.FindAll("[data-testid=gradients] tbody tr td.grad").Select(td => td.TextContent).ToArray();

    [Fact]
    public void Seed_IsShownAtOnce_WithTheArticlesGradients()
    {
        var page = Open();
        Assert.Equal("(1*2)*(10+20)", page.Find("[data-testid=source]").GetAttribute("value"));
        Assert.Equal("60", page.Find("[data-testid=value]").TextContent);
        Assert.Equal(["60", "30", "2", "2"], Gradients(page));
        Assert.Equal(4, page.FindAll("[data-testid=gradients] tbody tr").Count);
        Assert.NotNull(page.Find("[data-testid=graph] svg"));
        Assert.Empty(page.FindAll("[data-testid=error]"));
    }

    [Fact]
    public void AppleScript_GradGivesTheBooksNumbers()
    {
        var page = RunScript(Open(), File.ReadAllText(Path.Combine(Paths.Root, "examples", "apple.bp")));
        Assert.Equal("220", page.Find("[data-testid=value]").TextContent);
        Assert.Equal(["2.2", "110", "200"], Gradients(page));
        Assert.Contains("apple_price", page.Find("[data-testid=intermediates]").TextContent);
        Assert.Contains("apple_price = 200", page.Find("[data-testid=output]").TextContent);
    }

    [Fact]
    public void ScriptWithoutGrad_ShowsItsLastExpression()
    {
        var page = RunScript(Open(), "x = 3\nx*x\n2*x + 1");
        Assert.Equal("7", page.Find("[data-testid=value]").TextContent);
        Assert.Equal(["3", "1", "2"], Gradients(page)); // the literals 2 and 1, then x
    }

    [Fact]
    public void UsersFunctions_AreDefinedListedAndDifferentiated()
    {
        var page = RunScript(Open(), "f(x) = x^2 + 1\n:funcs\n:grad f(3)");
        Assert.Equal("10", page.Find("[data-testid=value]").TextContent);
        Assert.Equal(["6", "9.88751059801", "1"], Gradients(page)); // 3, then the body's 2 (9 ln 3) and 1
        string output = page.Find("[data-testid=output]").TextContent;
        Assert.Contains("defined f(x) = x^2 + 1", output);
        Assert.Contains("f(x) = x^2 + 1", output);
    }

    [Fact]
    public void LastGrad_WinsOverLaterExpressions()
    {
        var page = RunScript(Open(), "x = 3\n:grad x*x\nx + 100");
        Assert.Equal("9", page.Find("[data-testid=value]").TextContent);
        Assert.Equal(["6"], Gradients(page));
    }

    [Fact]
    public void MissingOperator_ShowsTheCaretAndTheSuggestion()
    {
        var page = RunScript(Open(), "x = 1\n2x");
        string error = page.Find("[data-testid=error]").TextContent;
        Assert.Equal("script:2:2: error: missing operator between '2' and 'x': did you mean 2*x?\n  2x\n   ^", error);
        Assert.Empty(page.FindAll("[data-testid=value]"));
    }

    [Fact]
    public void StepBackward_WalksTheArticlesChainRule()
    {
        var page = Open();
        var rules = new List<string>();
        for (int i = 0; i < 3; i++)
        {
            page.Find("[data-testid=step-backward]").Click();
            rules.Add(page.Find("[data-testid=focus-rule]").TextContent);
        }
        Assert.Equal(
        [
            "MulLayer: dx = dout·y = 1·30 = 30, dy = dout·x = 1·2 = 2",
            "AddLayer: dx = dout·1 = 2·1 = 2, dy = dout·1 = 2·1 = 2",
            "MulLayer: dx = dout·y = 30·2 = 60, dy = dout·x = 30·1 = 30",
        ], rules);
        var drawn = page.FindAll("[data-testid=graph] svg text.gradient").Select(t => t.TextContent).ToList();
        Assert.Equal(["60", "30", "2", "2", "30", "2", "1"], drawn);
        Assert.Single(page.FindAll("[data-testid=graph] g.node.focus"));
    }

    [Fact]
    public void StepForward_ComputesOneLayerAtATime()
    {
        var page = Open();
        page.Find("[data-testid=step-forward]").Click();
        Assert.Equal("MulLayer: z = x·y = 1·2 = 2", page.Find("[data-testid=focus-rule]").TextContent);
        // Only the first layer has run: 2 is on its edge, 30 and 60 are not computed yet, and no gradient is drawn.
        var forward = page.FindAll("[data-testid=graph] svg text.forward").Select(t => t.TextContent).ToList();
        Assert.Equal(["1", "2", "10", "20", "2"], forward);
        Assert.Empty(page.FindAll("[data-testid=graph] svg text.gradient"));
        page.Find("[data-testid=step-forward]").Click();
        Assert.Equal("AddLayer: z = x + y = 10 + 20 = 30", page.Find("[data-testid=focus-rule]").TextContent);
    }

    [Fact]
    public void SharedNode_ShowsItsContributionsSummed()
    {
        var page = RunScript(Open(), "x = 3\n:grad x*x");
        for (int i = 0; i < 2; i++) page.Find("[data-testid=step-backward]").Click(); // forward done, then the one MulLayer
        Assert.Equal("MulLayer: dx = dout·y = 1·3 = 3, dy = dout·x = 1·3 = 3", page.Find("[data-testid=focus-rule]").TextContent);
        Assert.Equal("Σ 3 + 3 = 6", page.Find("[data-testid=graph] svg text.sum").TextContent);
        Assert.Equal(["6"], Gradients(page));
    }

    [Fact]
    public void Run_PutsTheScriptInTheAddress_AndAnAddressRestoresIt()
    {
        var page = RunScript(Open(), "w = 2\n:grad w^3");
        var navigation = Services.GetRequiredService<NavigationManager>();
        Assert.Equal("#" + Uri.EscapeDataString("w = 2\n:grad w^3"), new Uri(navigation.Uri).Fragment);

        var shared = Render<Playground>();
        Assert.Equal("w = 2\n:grad w^3", shared.Find("[data-testid=source]").GetAttribute("value"));
        Assert.Equal("8", shared.Find("[data-testid=value]").TextContent);
    }

    [Fact]
    public void TraceCheckAndDescend_AreShown()
    {
        var page = RunScript(Open(), "w = 0.5\n:trace (1*2)*(10+20)\n:check w*w*w\n:descend (3*w - 6)^2 lr=0.05 steps=50");
        Assert.Contains("dx = dout*y, dy = dout*x", page.Find("[data-testid=trace]").TextContent);
        Assert.Contains("1 of 1 leaves agree", page.Find("[data-testid=check]").TextContent);
        var descent = page.Find("[data-testid=descent]");
        Assert.NotNull(descent.QuerySelector("polyline"));
        Assert.Contains("in 50 steps", descent.TextContent);
    }

    [Theory]
    [InlineData(":load other.bp", "is for the terminal")]
    [InlineData(":gard x", "did you mean :grad?")]
    [InlineData(":check 1*2 lr=3", "unknown option 'lr' for ':check'")]
    [InlineData(":descend 1*2", "no input variable")]
    [InlineData(":dot 1*2 > g.svg", "cannot write files")]
    public void Commands_TheCommandsMeaningIsTheLibrarys(string line, string expected)
    {
        var page = RunScript(Open(), line);
        Assert.Contains(expected, page.Find("[data-testid=error]").TextContent);
    }

    [Fact]
    public void LargeScript_IsSummarised_NotDrawnNodeByNode()
    {
        string chain = string.Join("+", Enumerable.Repeat("1", 3000));
        var page = RunScript(Open(), ":grad " + chain);
        Assert.Equal("3000", page.Find("[data-testid=value]").TextContent);
        Assert.Contains("the page draws at most", page.Find("[data-testid=graph] svg").TextContent);
        Assert.Equal(2000, page.FindAll("[data-testid=gradients] tbody tr").Count);
        page.Find("[data-testid=step-backward]").Click();
        Assert.StartsWith("AddLayer: dx = dout·1 = 1·1 = 1", page.Find("[data-testid=focus-rule]").TextContent);
    }

    [Fact]
    public void SingleLeaf_HasNothingToStep()
    {
        var page = RunScript(Open(), "x = 4\nx");
        Assert.Equal("4", page.Find("[data-testid=value]").TextContent);
        Assert.True(page.Find("[data-testid=step-forward]").HasAttribute("disabled"));
        Assert.Equal(["1"], Gradients(page));
    }

    [Fact]
    public void Error_StopsTheScript_KeepingWhatRanBefore()
    {
        var page = RunScript(Open(), "a = 2\nb = (a\nc = 3");
        Assert.Contains("script:2:5: error:", page.Find("[data-testid=error]").TextContent);
        Assert.Equal("  1│ a = 2", page.Find("[data-testid=output]").TextContent);
    }

    [Fact]
    public void CtrlEnter_Runs_AndTheEditorIsHighlighted()
    {
        var page = Open();
        page.Find("[data-testid=source]").Input("y = 5\n:grad sin(y) * 2");
        page.Find("[data-testid=source]").KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Enter", CtrlKey = true });
        Assert.Equal(Math.Sin(5) * 2, double.Parse(page.Find("[data-testid=value]").TextContent, System.Globalization.CultureInfo.InvariantCulture), 1e-11);
        var highlight = page.Find(".editor pre.highlight");
        Assert.Equal(":grad", highlight.QuerySelector("span.command")!.TextContent);
        Assert.Equal("sin", highlight.QuerySelector("span.function")!.TextContent);
    }
}
