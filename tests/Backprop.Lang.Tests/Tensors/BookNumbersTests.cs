using Backprop.Lang.Evaluation;

namespace Backprop.Lang.Tests.Tensors;

/// <summary>The book's own numbers that a reader can compute again: ch. 4's simpleNet and ch. 5's Affine backward.</summary>
public class BookNumbersTests
{
    // Ch. 4.4.2, simpleNet: the weights the book prints after its random start, the input and the label.
    private const string SimpleNet = """
        W = [[0.47355232, 0.9977393, 0.84668094], [0.85557411, 0.03563661, 0.69422093]]
        x = [0.6, 0.9]
        t = [0, 0, 1]
        """;

    [Fact]
    public void SimpleNet_PredictLossAndGradient_AreTheBooks()
    {
        var session = new Session();
        session.Run(SimpleNet);

        var p = (ValueOutcome)session.Run("x @ W")[0];
        Assert.Equal([1.05414809, 0.63071653, 1.1328074], p.Tensor!.Data.Select(v => Math.Round(v, 8)));

        // The book prints loss 0.92806853663411326 and dW from numerical differentiation (h = 1e-4), to 8 decimals.
        // Softmax-with-Loss computes it exactly (the weights above are the book's, rounded to 8 decimals).
        double[] bookDW = [0.21924763, 0.14356247, -0.36281009, 0.32887144, 0.2153437, -0.54421514];
        var s = session.Gradient("softmax_with_loss(x @ W, t)");
        Assert.Equal(0.92806853663411326, s.Value, 8);

        // cross_entropy_error keeps ch. 4.2.2's 1e-7 inside the log: the loss is lower by about 1e-7/y = 2.5e-7, the
        // gradient the same to the book's digits.
        var g = session.Gradient("cross_entropy_error(softmax(x @ W), t)");
        Assert.Equal(0.92806853663411326 - 1e-7 / 0.395, g.Value, 7);
        var dW = g.Variables.Single(v => v.Name == "W").TensorGradient!.Data;
        for (int i = 0; i < 6; i++) Assert.Equal(bookDW[i], dW[i], 6);
        var dWs = s.Variables.Single(v => v.Name == "W").TensorGradient!.Data;
        for (int i = 0; i < 6; i++) Assert.Equal(bookDW[i], dWs[i], 6);
    }
}
