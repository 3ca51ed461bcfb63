using Backprop.Lang.Analysis;
using Backprop.Lang.Evaluation;
using Backprop.Lang.Graph;

namespace Backprop.Lang.Tests.Tensors;

/// <summary>:expand: the tensor layers taken apart into the article's scalar layers give the same gradients.</summary>
public class ExpansionTests
{
    private const string Setup = "X = [[1, -2], [0.5, 3]]\nW = [[0.1, 0.2, -0.1], [-0.3, 0.4, 0.2]]\nb = [0.1, -0.1, 0.05]\nt = [2, 0]";

    private static Expansion Expand(string expression)
    {
        var session = new Session();
        session.Run(Setup);
        var outcome = session.Gradient(expression);
        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors.Select(e => e.Message)));
        var (expansion, _) = Expansion.Of(outcome);
        Assert.NotNull(expansion);
        return expansion;
    }

    [Fact]
    public void MatMul_OfTwoElements_IsTwoMulLayersAndAnAddLayer()
    {
        var expansion = Expand("[1, 2] @ [[3], [4]]");

        var layers = Trace.Of(expansion.Outcome.Graph).Forward.Select(s => s.Layer).ToList();
        Assert.Equal(["MulLayer", "MulLayer", "AddLayer"], layers);
        Assert.Equal(11, expansion.Outcome.Value);
        Assert.True(expansion.Agrees);
    }

    [Theory]
    [InlineData("sum(affine(X, W, b))")]
    [InlineData("softmax_with_loss(affine(X, W, b), t)")]
    [InlineData("softmax_with_loss(X @ W + b, one_hot(t, 3))")]
    [InlineData("cross_entropy_error(softmax(relu(X @ W)), t)")]
    [InlineData("sum(sigmoid(X.T @ X)[1]) + max(W) + mean(W, axis=0)[2] + sum(reshape(W, 3, 2)[:, 1])")]
    [InlineData("sum([X[0, 0], X[1, 1] * 2] * [3, 4]) + min(X, axis=1)[0]")]
    public void EveryElement_GetsTheSameGradient_AndTheCountIsTheLayersBuilt(string expression)
    {
        var expansion = Expand(expression);

        Assert.True(expansion.Agrees, string.Join("\n", expansion.Elements.Where(e => !e.Agrees)
            .Select(e => $"{e.Label}: tensor {e.TensorGradient}, scalar {e.ScalarGradient}")));
        var graph = expansion.Outcome.Graph;
        int built = Enumerable.Range(0, graph.Count).Count(n => graph.Kind(n) == NodeKind.Operation);
        Assert.Equal(expansion.ScalarLayers, built);
        Assert.False(graph.HasTensors);
    }

    [Fact]
    public void ALargeExpression_IsRefused_WithItsCount()
    {
        var session = new Session();
        var outcome = session.Gradient("sum(zeros(20, 30) @ zeros(30, 10))");

        var (expansion, count) = Expansion.Of(outcome);

        Assert.Null(expansion);
        Assert.Equal(20 * 10 * (2 * 30 - 1) + 20 * 10 - 1, count);
    }
}

/// <summary>:explain over tensors says why each gradient has its input's shape.</summary>
public class TensorExplanationTests
{
    [Fact]
    public void Explain_MatMul_SaysWhyTheRuleTransposes()
    {
        var session = new Session();
        session.Run("X = [[1, 2], [3, 4]]\nW = [[1, 0, 1], [0, 1, 1]]\nb = [0.5, 0.5, 0.5]");
        var outcome = session.Gradient("sum(X @ W + b)");

        var steps = Explanation.Of(outcome, d => Text.NumberText.Format(d)).Steps;

        Assert.Contains(steps, s => s.Contains("#1 MatMulLayer computes X 2×2 @ W 2×3 → 2×3"));
        Assert.Contains(steps, s => s.Contains("dout 2×3 times the other input's transpose 3×2 gives 2×2, the shape of X"));
        Assert.Contains(steps, s => s.Contains("the other input's transpose 2×2 times dout 2×3 gives 2×3, the shape of W"));
        Assert.Contains(steps, s => s.Contains("[2, 2, 2] to b, of b's own shape 3"));
        Assert.StartsWith("Result: every leaf's gradient has the leaf's own shape", steps[^1]);
    }
}
