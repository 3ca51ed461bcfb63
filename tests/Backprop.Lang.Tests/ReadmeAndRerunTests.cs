using Backprop.Lang.Evaluation;
using Backprop.Lang.Graph;

namespace Backprop.Lang.Tests;

public class ReadmeAndRerunTests
{
    /// <summary>The library snippet in README.md, line for line: if this fails, the README is wrong.</summary>
    [Fact]
    public void ReadmeSnippet_GivesTheNumbersItsCommentsClaim()
    {
        var session = new Session();
        session.Run("x = 3\ny = x * x");
        var g = session.Gradient("y + 2*x");

        Assert.Equal(15, g.Value);
        Assert.Equal(8, g.GradientOf("x"));
        Assert.Equal(1, g.GradientOf("y"));
        var literal = Assert.Single(g.Literals);
        Assert.Equal(("2", 3, 5, 3.0), (literal.Text, literal.Line, literal.Column, literal.Gradient));
        Assert.Empty(g.Diagnostics);
    }

    [Fact]
    public void ExpressionGraph_RerunWithNewInputs_MatchesAFreshGradient()
    {
        var session = new Session();
        session.Run("w = 0.5\nb = 0.1\nx = 2");
        var first = session.Gradient("sigmoid(w*x + b) * log(x)");
        var graph = first.Graph;
        int w = first.Variables.Single(v => v.Name == "w").Node;
        int x = first.Variables.Single(v => v.Name == "x").Node;

        // Re-run the same lowered graph at new inputs, without parsing or lowering again.
        graph.SetValue(w, -1.25);
        graph.SetValue(x, 3.5);
        graph.Forward();
        var grads = new double[graph.Count];
        graph.Backward(graph.Count - 1, grads);

        var fresh = new Session();
        fresh.Run("w = -1.25\nb = 0.1\nx = 3.5");
        var expected = fresh.Gradient("sigmoid(w*x + b) * log(x)");
        Assert.Equal(expected.Value, graph.Value(graph.Count - 1));
        Assert.Equal(expected.GradientOf("w"), grads[w]);
        Assert.Equal(expected.GradientOf("x"), grads[x]);
        Assert.Equal(expected.GradientOf("b"), grads[first.Variables.Single(v => v.Name == "b").Node]);
    }

    [Fact]
    public void ExpressionGraph_SettingAnOperation_IsRefused()
    {
        var g = new Session().Gradient("1 + 2");
        Assert.Equal(NodeKind.Operation, g.Graph.Kind(g.Output));
        Assert.Throws<InvalidOperationException>(() => g.Graph.SetValue(g.Output, 1));
    }
}
