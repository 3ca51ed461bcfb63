using Backprop.Lang.Commands;
using Backprop.Lang.Evaluation;

namespace Backprop.Lang.Tests.Tensors;

/// <summary>The book's TwoLayerNet (ch. 5.7): its gradient check, and a few SGD steps that lower the loss.</summary>
public class TwoLayerNetTests
{
    // A small version of the book's net (the book's is 784-50-10 on MNIST): 6 inputs, 5 hidden units, 3 classes,
    // a batch of 4, weights drawn from the session's generator as the book draws them (0.01·randn).
    private const string Net = """
        :set seed 7
        X = randn(4, 6)
        t = [0, 2, 1, 2]
        W1 = 0.5*randn(6, 5)
        b1 = zeros(5)
        W2 = 0.5*randn(5, 3)
        b2 = zeros(3)
        """;

    private const string Loss = "softmax_with_loss(affine(relu(affine(X, W1, b1)), W2, b2), t)";

    private static Session Session()
    {
        var session = new Session();
        session.Seed(7);
        foreach (var outcome in session.Run(Net.Replace(":set seed 7\n", "")))
        {
            Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors.Select(e => e.Message)));
        }
        return session;
    }

    [Fact]
    public void GradientCheck_OfAllFourParameters_AgreesToTheBooksPrecision()
    {
        var session = Session();
        var outcome = session.Gradient(Loss);
        Assert.True(outcome.Succeeded);

        var run = new CheckSettings(null, 1e-6).Run(outcome);

        foreach (var leaf in run.Report.Leaves.Where(l => l.Shape is not null && outcome.Graph.Name(l.Node) != "t"))
        {
            // The book reports mean absolute differences of about 1e-10 to 1e-13 (gradient_check.py).
            Assert.True(leaf.MeanAbsoluteDifference < 1e-9, $"{outcome.Graph.Name(leaf.Node)}: mean |Δ| {leaf.MeanAbsoluteDifference}");
            Assert.Equal(leaf.Elements, leaf.Checked);
        }
    }

    [Fact]
    public void Descent_LowersTheLoss_AndMovesEveryParameterElementwise()
    {
        var session = Session();
        var before = session.Gradient(Loss).Value;
        var (expr, _) = Lang.Syntax.SyntaxParser.ParseExpression(new Text.SourceLine("<test>", 99, Loss));

        var descent = session.Descend(expr!, new Text.SourceLine("<test>", 99, Loss), 0.1, 50,
            new[] { "W1", "b1", "W2", "b2" }.Select(n => new Lang.Syntax.NameExpr(default, n)).ToList());

        Assert.True(descent.Succeeded, string.Join("; ", descent.Errors.Select(e => e.Message)));
        Assert.True(descent.Report!.Losses[^1] < before * 0.5, $"loss {before} -> {descent.Report.Losses[^1]}");
        Assert.All(descent.Report.Inputs, input => Assert.NotNull(input.TensorAfter));
        Assert.Equal(descent.Report.Losses[^1], session.Gradient(Loss).Value, 12);
    }
}
