using Backprop.Web.Components;
using Backprop.Web.Model;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Backprop.Web.Tests;

/// <summary>Vectors and matrices on the page (bUnit): grids for values and gradients, shapes on the graph, stepping through tensor layers.</summary>
public sealed class TensorPageTests : BunitContext
{
    /// <summary>dL/dX = [[1, -1], [1, -1]] (each row meets [1, -1]); dL/d[1, -1] = Xᵀ·[1, 1] = [4, 6]; L = -1 + -1.</summary>
    private const string MatrixScript = "X = [[1, 2], [3, 4]]\n:grad sum(X @ [1, -1])";

    private IRenderedComponent<Playground> Run(string script)
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo(navigation.BaseUri + "#" + Uri.EscapeDataString(script));
        return Render<Playground>();
    }

    private static string[] Elements(AngleSharp.Dom.IElement grid) => grid.QuerySelectorAll("td").Select(td => td.TextContent).ToArray();

    [Fact]
    public void Grad_OfAMatrixScript_ShowsEachLeafsValueAndGradient_AsGrids()
    {
        var page = Run(MatrixScript);
        Assert.Empty(page.FindAll("[data-testid=error]"));
        Assert.Equal("-2", page.Find("[data-testid=value]").TextContent);
        var rows = page.FindAll("[data-testid=gradients] > tbody > tr");
        Assert.Equal(2, rows.Count);

        // The literal [1, -1], then the input X: the value as a plain grid, the gradient as a heatmap, each with its shape.
        Assert.Equal("literal 2", rows[0].Children[1].TextContent);
        var literalGradient = rows[0].QuerySelector("td.grad [data-testid=tensor-grid]")!;
        Assert.Equal(["4", "6"], Elements(literalGradient));
        Assert.Equal("2", literalGradient.QuerySelector("[data-testid=tensor-shape]")!.TextContent);

        Assert.Equal("X", rows[1].Children[0].TextContent);
        Assert.Equal("input 2×2", rows[1].Children[1].TextContent);
        var value = rows[1].Children[3].QuerySelector("[data-testid=tensor-grid]")!;
        Assert.Equal(["1", "2", "3", "4"], Elements(value));
        Assert.Null(value.QuerySelector("table.heatmap"));
        var gradient = rows[1].QuerySelector("td.grad [data-testid=tensor-grid]")!;
        Assert.Equal(["1", "-1", "1", "-1"], Elements(gradient));
        Assert.Equal("2×2", gradient.QuerySelector("[data-testid=tensor-shape]")!.TextContent);
        Assert.Equal(["positive", "negative", "positive", "negative"], gradient.QuerySelectorAll("td").Select(td => td.ClassName ?? "").ToArray());

        Assert.Equal("  1│ X = [[1, 2],\n   │      [3, 4]]  (2×2)", page.Find("[data-testid=output]").TextContent);
    }

    [Fact]
    public void TensorExpression_IsNotAnError_ItsValueIsShownAsAGrid()
    {
        var page = Run("[1, 2] + [3, 4]");
        Assert.Empty(page.FindAll("[data-testid=error]"));
        Assert.Equal("  1│ [4, 6]  (2)", page.Find("[data-testid=output]").TextContent);
        var shown = page.Find("[data-testid=tensor-value] [data-testid=tensor-grid]");
        Assert.Equal(["4", "6"], Elements(shown));
        Assert.Contains(":grad sum(...)", page.Find("section.results").TextContent);
        Assert.Empty(page.FindAll("[data-testid=value]"));
    }

    [Fact]
    public void TensorExpression_AfterANumber_ReplacesItsGradient_AndAGradAfterWins()
    {
        var page = Run("x = 2\nx*x\n[x, 1]");
        Assert.Empty(page.FindAll("[data-testid=gradients]"));
        Assert.NotNull(page.Find("[data-testid=tensor-value]"));

        page.Find("[data-testid=source]").Input("x = 2\n[x, 1]\nx*x");
        page.Find("[data-testid=run]").Click();
        Assert.Equal("4", page.Find("[data-testid=value]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=tensor-value]"));
    }

    [Fact]
    public void Vars_PrintTensorsAsGrids()
    {
        var page = Run("W = [[1, 0, 1], [0, 1, 1]]\nY = W * 2\n:vars");
        string output = page.Find("[data-testid=output]").TextContent;
        Assert.Contains("  3│ W = [[1, 0, 1],\n   │      [0, 1, 1]]  (2×3)\n", output);
        Assert.EndsWith("  3│ Y = [[2, 0, 2],\n   │      [0, 2, 2]]  (2×3)  (intermediate)", output);
    }

    [Fact]
    public void Graph_PutsShapesOnTensorEdges_NeverNaN()
    {
        var page = Run(MatrixScript);
        var forward = page.FindAll("[data-testid=graph] svg text.forward").Select(t => t.TextContent).ToList();
        Assert.Equal(["2×2", "[1, -1] (2)", "[-1, -1] (2)", "-2"], forward);
        var gradients = page.FindAll("[data-testid=graph] svg text.gradient").Select(t => t.TextContent).ToList();
        Assert.Equal(["2×2", "[4, 6] (2)", "[1, 1] (2)", "1"], gradients);
        Assert.DoesNotContain("NaN", page.Find("[data-testid=graph]").TextContent);
        Assert.Equal(3, page.FindAll("[data-testid=graph] svg line.edge.tensor").Count); // into @, and @ into sum; sum to L is a number
    }

    [Fact]
    public void StepForward_ThroughATensorLayer_ShowsItsShapesAndItsOperandsAsGrids()
    {
        var page = Run(MatrixScript);
        page.Find("[data-testid=step-forward]").Click();
        Assert.Equal("MatMulLayer: X 2×2 @ [1, -1] 2 → 2 = [-1, -1]", page.Find("[data-testid=focus-rule]").TextContent);
        var grids = page.FindAll("[data-testid=focus-tensors] [data-testid=tensor-grid]");
        Assert.Equal(["2×2", "2", "2"], grids.Select(g => g.GetAttribute("data-shape") ?? "").ToArray());
        Assert.Equal(["-1", "-1"], Elements(grids[2]));
        // Only the product has run: its output is on its edge, the sum's is not yet.
        Assert.Equal(["2×2", "[1, -1] (2)", "[-1, -1] (2)"], page.FindAll("[data-testid=graph] svg text.forward").Select(t => t.TextContent).ToArray());
        page.Find("[data-testid=step-forward]").Click();
        Assert.Equal("SumLayer: sum(#1 2) → scalar = -2", page.Find("[data-testid=focus-rule]").TextContent);
    }

    [Fact]
    public void StepBackward_ThroughATensorLayer_ShowsTheRuleWithWhatEachInputGot_AsHeatmaps()
    {
        var page = Run(MatrixScript);
        var rules = new List<string>();
        for (int i = 0; i < 2; i++)
        {
            page.Find("[data-testid=step-backward]").Click();
            rules.Add(page.Find("[data-testid=focus-rule]").TextContent);
        }
        Assert.Equal(
        [
            "SumLayer: dx = dout repeated over what was summed = [1, 1]",
            "MatMulLayer: dA = dout @ transpose(B) = [[1, -1], [1, -1]], dB = transpose(A) @ dout = [4, 6]",
        ], rules);
        var grids = page.FindAll("[data-testid=focus-tensors] [data-testid=tensor-grid]");
        Assert.Equal(["2", "2×2", "2"], grids.Select(g => g.GetAttribute("data-shape") ?? "").ToArray());
        Assert.All(grids, g => Assert.NotNull(g.QuerySelector("table.heatmap")));
        Assert.Equal(["1", "-1", "1", "-1"], Elements(grids[1]));
        Assert.Single(page.FindAll("[data-testid=graph] g.node.focus"));
    }

    [Fact]
    public void SharedTensor_ShowsHowManyGradientsItSummed()
    {
        var page = Run("X = [[1, 2], [3, 4]]\n:grad sum(X @ X)");
        for (int i = 0; i < 4; i++) page.Find("[data-testid=step-backward]").Click();
        Assert.Equal("Σ of 2 gradients (2×2)", page.Find("[data-testid=graph] svg text.sum").TextContent);
        Assert.DoesNotContain("NaN", page.Find("[data-testid=graph]").TextContent);
    }

    [Fact]
    public void Trace_OfTheBooksAffineLayer_ShowsShapesAndTheBooksGradients()
    {
        var page = Run("X = [[1, 2], [3, 4]]\nW = [[1, 0, 1], [0, 1, 1]]\nB = [0.5, 0.5, 0.5]\n:trace sum(affine(X, W, B) * [[1, 2, 3], [4, 5, 6]])");
        var trace = page.Find("[data-testid=trace]");
        Assert.Contains("X 2×2 @ W 2×3 + B 3 → 2×3", trace.TextContent);
        Assert.DoesNotContain("NaN", trace.TextContent);
        // The book's dB = [5, 7, 9] and dW = Xᵀ·dY, among what the AffineLayer sends.
        var sends = trace.QuerySelectorAll("div.sent [data-testid=tensor-grid]").Select(Elements).ToList();
        Assert.Contains(sends, e => e.SequenceEqual(["5", "7", "9"]));
        Assert.Contains(sends, e => e.SequenceEqual(["13", "17", "21", "18", "24", "30"]));
        Assert.Contains(sends, e => e.SequenceEqual(["4", "5", "10", "11"]));
    }

    [Fact]
    public void Check_OfATensorLeaf_SaysHowManyElements_TheWorstAndTheMeanDifference()
    {
        var page = Run("X = [[1, 2], [3, 4]]\n:check sum(X @ X)");
        var row = page.Find("[data-testid=check] tbody tr");
        Assert.Equal("2×2", row.GetAttribute("data-shape"));
        Assert.Equal("2×2, all 4 elements", row.QuerySelector("td.elements")!.TextContent);
        Assert.Contains("mean |Δ|", row.TextContent);
        Assert.Equal("agrees", row.QuerySelector("td.verdict")!.TextContent);
        Assert.Contains("1 of 1 leaves agree", page.Find("[data-testid=check]").TextContent);
        Assert.Contains("worst element", page.Find("[data-testid=check]").TextContent);
    }

    [Fact]
    public void Descend_OnATensorVariable_ShowsItBeforeAndAfter_AsGrids()
    {
        var page = Run("W = [1, -2]\n:descend sum(W*W) lr=0.25 steps=1");
        var grids = page.FindAll("[data-testid=descent] tbody [data-testid=tensor-grid]");
        Assert.Equal(2, grids.Count);
        Assert.Equal(["1", "-2"], Elements(grids[0]));
        Assert.Equal(["0.5", "-1"], Elements(grids[1]));
    }

    [Fact]
    public void Expand_ShowsTheScalarLayers_ToStepThrough_AndEachElementBothWays()
    {
        var page = Run("X = [[1, 2], [3, 4]]\n:expand sum(X @ [1, -1])");
        Assert.Empty(page.FindAll("[data-testid=error]"));
        var expand = page.Find("[data-testid=expand]");
        Assert.Equal(6, expand.QuerySelectorAll("tbody tr").Length); // the four elements of X and the two of [1, -1]
        Assert.All(expand.QuerySelectorAll("tbody tr td.verdict"), td => Assert.Equal("yes", td.TextContent));
        Assert.Contains("every one of the 6 leaf elements", expand.TextContent);
        // The graph is the article's: scalar layers only, stepped like the seed.
        Assert.Empty(page.FindAll("[data-testid=graph] svg line.edge.tensor"));
        page.Find("[data-testid=step-forward]").Click();
        Assert.StartsWith("MulLayer: z = x·y = 1·1 = 1", page.Find("[data-testid=focus-rule]").TextContent);
    }

    [Theory]
    [InlineData("x = 2\n:grad sum(x * [1, 2])")]
    [InlineData(":grad sum(softmax([1, 2, 3]) * [1, 0, 0])")]
    [InlineData(":grad softmax_with_loss([[1, 2, 3], [1, 1, 1]], [0, 2])")]
    [InlineData("X = [[1, -2], [3, 4]]\n:grad mean(relu(X)[:, 0]) + max(X.T, axis=0)[1]")]
    [InlineData("x = 3\n:grad sum([x, 2*x] @ [[1, 2], [3, 4]])")]
    [InlineData("W = reshape([1, 2, 3, 4, 5, 6, 7, 8], 2, 2, 2)\n:grad sum(W * W)")]
    [InlineData("X = randn(12, 10)\nW = randn(10, 3)\n:grad sum(tanh(X @ W + [1, 2, 3]))")]
    public void TensorScripts_NeverShowNaN_AtAnyStep(string script)
    {
        var page = Run(script);
        Assert.Empty(page.FindAll("[data-testid=error]"));
        string Shown() => page.Find("[data-testid=graph]").TextContent + page.Find("[data-testid=focus-rule]").TextContent
            + string.Concat(page.FindAll("[data-testid=focus-tensors]").Select(f => f.TextContent));
        Assert.DoesNotContain("NaN", page.Find("section.results").TextContent);
        foreach (string button in new[] { "step-forward", "step-backward" })
        {
            // "forward 1 of 4": step through all of them.
            page.Find($"[data-testid={button}]").Click();
            int count = int.Parse(page.Find(".step-count").TextContent.Split(" of ")[1]);
            for (int i = 1; i < count; i++)
            {
                Assert.DoesNotContain("NaN", Shown());
                page.Find($"[data-testid={button}]").Click();
            }
            Assert.DoesNotContain("NaN", Shown());
        }
    }

    [Fact]
    public void Expand_OfTooLargeAnExpression_IsRefusedWithItsCount()
    {
        var page = Run("W = zeros(20, 20)\n:expand sum(W @ W)");
        Assert.Contains("more than the 300 :expand shows", page.Find("[data-testid=error]").TextContent);
    }
}
