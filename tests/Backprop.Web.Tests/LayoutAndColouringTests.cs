using Backprop.Lang.Drawing;
using Backprop.Lang.Evaluation;
using Backprop.Web.Model;

namespace Backprop.Web.Tests;

/// <summary>The picture's layout and the editor's colours, without a browser.</summary>
public sealed class LayoutAndColouringTests
{
    private static GradientOutcome Grad(string expression) => new Session().Gradient(expression);

    [Fact]
    public void Layout_Seed_IsTheArticlesPicture()
    {
        var outcome = Grad("(1*2)*(10+20)");
        var layout = GraphLayout.Of(outcome.Graph);
        var places = layout.Places;
        // Leaves in the first column, top to bottom as written; the two layers next; the output last.
        int[] leaves = [0, 1, 3, 4];
        Assert.All(leaves, n => Assert.Equal(0, places[n].Rank));
        Assert.True(places[0].Y < places[1].Y && places[1].Y < places[3].Y && places[3].Y < places[4].Y);
        Assert.Equal(1, places[2].Rank);
        Assert.Equal(1, places[5].Rank);
        Assert.Equal(2, places[6].Rank);
        Assert.Equal((places[2].Y + places[5].Y) / 2, places[6].Y);
        Assert.True(layout.SinkX > places[6].X);
    }

    [Fact]
    public void Layout_LeafSitsNextToItsFirstConsumer_AsDotDraws()
    {
        var layout = GraphLayout.Of(Grad("(1*2)*3 + 4").Graph);
        // 3 feeds the second layer and 4 the third: each stands one column left of it, not in the first column.
        Assert.Equal(1, layout.Places[3].Rank);
        Assert.Equal(2, layout.Places[5].Rank);
    }

    [Fact]
    public void Layout_IsDeterministic_AndKeepsNodesOfAColumnApart()
    {
        var graph = Grad("sin(1+2)*max(3, 1+2) - (2*3)^2").Graph;
        var first = GraphLayout.Of(graph).Places;
        var second = GraphLayout.Of(graph).Places;
        Assert.Equal(first, second);
        foreach (var column in first.GroupBy(p => p.Rank))
        {
            var ys = column.Select(p => p.Y).Order().ToList();
            for (int i = 1; i < ys.Count; i++) Assert.True(ys[i] - ys[i - 1] >= GraphLayout.RowHeight - 1e-9);
        }
    }

    [Fact]
    public void Layout_LongChain_DoesNotRecurse()
    {
        string chain = string.Join("+", Enumerable.Repeat("1", 200_000));
        var layout = GraphLayout.Of(Grad(chain).Graph);
        Assert.Equal(399_999, layout.Places.Count);
    }

    [Fact]
    public void Colouring_MarksNumbersOperatorsFunctionsCommandsAndComments()
    {
        var runs = SourceColouring.Of(":grad sin(x) * 2.5e-3 # note");
        Assert.Equal(":grad sin(x) * 2.5e-3 # note", string.Concat(runs.Select(r => r.Text)));
        Assert.Contains(new ColouredRun(":grad", "command"), runs);
        Assert.Contains(new ColouredRun("sin", "function"), runs);
        Assert.Contains(new ColouredRun("2.5e-3", "number"), runs);
        Assert.Contains(new ColouredRun("*", "operator"), runs);
        Assert.Contains(new ColouredRun("# note", "comment"), runs);
        Assert.Contains(new ColouredRun("x", null), runs);
    }

    [Fact]
    public void Colouring_KnowsTheBuiltInsAndConstantsOfIssue15()
    {
        var runs = SourceColouring.Of("y += leaky_relu(x) * pi + mean(e, softplus(1))");
        Assert.Contains(new ColouredRun("leaky_relu", "function"), runs);
        Assert.Contains(new ColouredRun("mean", "function"), runs);
        Assert.Contains(new ColouredRun("softplus", "function"), runs);
        Assert.Contains(new ColouredRun("pi", "number"), runs);
        Assert.Contains(new ColouredRun("e", "number"), runs);
        Assert.Equal(2, runs.Count(r => r.Class == "operator" && r.Text is "+"));
        Assert.Contains(new ColouredRun("=", "operator"), runs);
    }

    [Fact]
    public void Layout_TensorLeaves_AreLabelledByTheirTextOrShape_AndStayInsideThePicture()
    {
        var graph = Grad("sum([1, -1, 2] * [[1, 2, 3], [4, 5, 6]])").Graph;
        var layout = GraphLayout.Of(graph);
        Assert.Equal("[1, -1, 2]", GraphLayout.LeafLabel(graph, 0));
        Assert.Equal("2×3", GraphLayout.LeafLabel(graph, 1)); // [[1, 2, 3], [4, 5, 6]] is too long for its box
        Assert.All(Enumerable.Range(0, graph.Count), n => Assert.True(layout.Places[n].X - GraphLayout.HalfWidth(graph, n) >= 0));
    }

    [Fact]
    public void Colouring_MarksTheMatrixProductAndBrackets_AsTheREPLDoes()
    {
        var runs = SourceColouring.Of("X @ [1, -1]");
        Assert.Contains(new ColouredRun("@", "operator"), runs);
        Assert.Contains(new ColouredRun("[", "operator"), runs);
        Assert.Contains(new ColouredRun("]", "operator"), runs);
    }
}
