using Backprop.Lang.Evaluation;
using Backprop.Lang.Tensors;

namespace Backprop.Lang.Tests.Tensors;

/// <summary>Tensor values and gradients against hand-computed numbers, the book's, and central differences.</summary>
public class TensorGradientTests
{
    private static GradientOutcome Grad(string setup, string expression)
    {
        var session = new Session();
        foreach (var outcome in session.Run(setup))
        {
            Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors.Select(e => e.Message)));
        }
        var result = session.Gradient(expression);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
        return result;
    }

    private static Tensor Of(GradientOutcome g, string name) =>
        g.Variables.Single(v => v.Name == name).TensorGradient ?? Tensor.Scalar(g.Variables.Single(v => v.Name == name).Gradient);

    private static void Near(double[] expected, Tensor actual, double tolerance = 1e-12)
    {
        Assert.Equal(expected.Length, actual.Count);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual.Data[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i])),
                $"element {i}: expected {expected[i]}, got {actual.Data[i]}");
        }
    }

    [Fact]
    public void Literal_IsOneLeaf_WithAGradientOfItsShape()
    {
        var g = Grad("", "sum([1, 2, 3] * [4, 5, 6])");
        Assert.Equal(32, g.Value);
        Assert.Equal(2, g.Literals.Count);
        Assert.Equal([3], g.Literals[0].TensorGradient!.Shape);
        Near([4, 5, 6], g.Literals[0].TensorGradient!);
        Near([1, 2, 3], g.Literals[1].TensorGradient!);
        Assert.Equal(1, g.Literals[1].Column - 17 + 1);
    }

    [Fact]
    public void Affine_Backward_GivesTheBooksDb()
    {
        // The book's 5.6.2: dY = [[1,2,3],[4,5,6]] gives dB = [5, 7, 9]. sum(Y * dY) has dL/dY = dY exactly.
        var g = Grad("X = [[1, 2], [3, 4]]\nW = [[1, 0, 1], [0, 1, 1]]\nb = [0.5, 0.5, 0.5]",
            "sum(affine(X, W, b) * [[1, 2, 3], [4, 5, 6]])");
        Near([5, 7, 9], Of(g, "b"));
        // dX = dY·Wᵀ, dW = Xᵀ·dY.
        Near([1 + 3, 2 + 3, 4 + 6, 5 + 6], Of(g, "X"));
        Near([1 * 1 + 3 * 4, 1 * 2 + 3 * 5, 1 * 3 + 3 * 6, 2 * 1 + 4 * 4, 2 * 2 + 4 * 5, 2 * 3 + 4 * 6], Of(g, "W"));
    }

    [Fact]
    public void Broadcasting_SumsTheGradientBackToEachShape()
    {
        var g = Grad("A = [[1, 2, 3], [4, 5, 6]]\nb = [10, 20, 30]\nc = [[1], [2]]\ns = 2", "sum((A + b) * c * s)");
        Near([2, 2, 2, 4, 4, 4], Of(g, "A"));
        Near([2 + 4, 2 + 4, 2 + 4], Of(g, "b"));
        Near([(11 + 22 + 33) * 2, (14 + 25 + 36) * 2], Of(g, "c"));
        Assert.Equal((11 + 22 + 33) * 1 + (14 + 25 + 36) * 2, Of(g, "s").Data[0]);
    }

    [Fact]
    public void MatMul_FollowsNumpysRulesForVectorsAndMatrices()
    {
        var session = new Session();
        session.Run("A = [[1, 2], [3, 4]]\nv = [1, 1]");
        Assert.Equal(2, session.Gradient("[1, 2] @ [1, 0.5]").Value);
        var mv = session.Run("A @ v")[0] as ValueOutcome;
        Near([3, 7], mv!.Tensor!);
        var vm = session.Run("v @ A")[0] as ValueOutcome;
        Near([4, 6], vm!.Tensor!);
        var g = Grad("A = [[1, 2], [3, 4]]\nv = [1, 1]", "sum(A @ v)");
        Near([1, 1, 1, 1], Of(g, "A"));
        Near([4, 6], Of(g, "v"));
    }

    [Fact]
    public void Softmax_IsStable_AndSumsToOne()
    {
        var session = new Session();
        var y = (ValueOutcome)session.Run("softmax([1000, 1000, 999])")[0];
        double e = Math.Exp(-1);
        Near([1 / (2 + e), 1 / (2 + e), e / (2 + e)], y.Tensor!);
    }

    [Fact]
    public void SoftmaxWithLoss_BackwardIsYMinusTOverN()
    {
        var g = Grad("X = [[0.3, 2.9, 4.0], [1, 2, 3]]\nt = [[0, 0, 1], [0, 1, 0]]", "softmax_with_loss(X, t)");
        double[] dx = new double[6];
        double loss = 0;
        for (int r = 0; r < 2; r++)
        {
            double[] row = r == 0 ? [0.3, 2.9, 4.0] : [1, 2, 3];
            double max = row.Max(), sum = row.Sum(v => Math.Exp(v - max));
            for (int j = 0; j < 3; j++)
            {
                double yj = Math.Exp(row[j] - max) / sum;
                double tj = (r == 0 && j == 2) || (r == 1 && j == 1) ? 1 : 0;
                dx[r * 3 + j] = (yj - tj) / 2;
                if (tj == 1) loss -= Math.Log(yj) / 2;
            }
        }
        Assert.Equal(loss, g.Value, 12);
        Near(dx, Of(g, "X"));
        // Class indices give the same loss and gradient.
        var h = Grad("X = [[0.3, 2.9, 4.0], [1, 2, 3]]\nt = [2, 1]", "softmax_with_loss(X, t)");
        Assert.Equal(loss, h.Value, 12);
        Near(dx, Of(h, "X"));
    }

    [Fact]
    public void Indexing_ScatterAddsTheGradient()
    {
        var g = Grad("X = [[1, 2, 3], [4, 5, 6]]", "sum(X[0]) + X[1, -1] * 2 + sum(X[:, 0:2]) + sum(X.T[2])");
        Near([1 + 1 + 0, 1 + 1, 1 + 1, 1, 1, 2 + 1], Of(g, "X"));
    }

    [Theory]
    [InlineData("sum(X, axis=0)", new double[] { 5, 7, 9 })]
    [InlineData("sum(X, axis=1)", new double[] { 6, 15 })]
    [InlineData("mean(X, axis=1)", new double[] { 2, 5 })]
    [InlineData("max(X, axis=1)", new double[] { 3, 6 })]
    [InlineData("min(X, axis=0)", new double[] { 1, 2, 3 })]
    public void Reductions_AlongAnAxis(string expression, double[] expected)
    {
        var session = new Session();
        session.Run("X = [[1, 2, 3], [4, 5, 6]]");
        var value = (ValueOutcome)session.Run(expression)[0];
        Assert.True(value.Succeeded, string.Join("; ", value.Errors.Select(e => e.Message)));
        Near(expected, value.Tensor!);
    }

    [Theory]
    [InlineData("sum(sigmoid(affine(X, W, b)))")]
    [InlineData("softmax_with_loss(affine(relu(affine(X, W, b)), V, c), t)")]
    [InlineData("cross_entropy_error(softmax(affine(X, W, b) @ V), t)")]
    [InlineData("sum(tanh(X @ W) ^ 2) + mean(exp(W / 3))")]
    [InlineData("sum(max(X @ W, 0.1) * [1, 2, 3]) + max(W) + sum(min(W, axis=0))")]
    [InlineData("sum(softmax(X @ W) * [[1, 2, 3]]) + sum(reshape(W, 3, 2)[1])")]
    [InlineData("sum([X[0], X[1] * 2] @ W)")]
    public void Gradients_AgreeWithCentralDifferences(string expression)
    {
        const string setup = "X = [[0.1, -0.4], [0.7, 0.2], [-0.3, 0.5]]\nW = [[0.5, -0.2, 0.3], [0.8, 0.1, -0.6]]\nb = [0.1, 0.2, -0.1]\n" +
            "V = [[0.2, -0.5], [0.4, 0.3], [-0.7, 0.6]]\nc = [0.05, -0.05]\nt = [1, 0, 1]";
        var session = new Session();
        session.Run(setup);
        var g = session.Gradient(expression);
        Assert.True(g.Succeeded, string.Join("; ", g.Errors.Select(e => e.Message)));
        foreach (var v in g.Variables.Where(v => v.TensorValue is not null && v.Name != "t"))
        {
            var value = v.TensorValue!;
            for (int i = 0; i < value.Count; i++)
            {
                double h = 1e-6, original = value.Data[i];
                var plus = Perturbed(setup, v.Name, value, i, original + h, expression);
                var minus = Perturbed(setup, v.Name, value, i, original - h, expression);
                double numeric = (plus - minus) / (2 * h);
                Assert.True(Math.Abs(numeric - v.TensorGradient!.Data[i]) < 1e-6, $"d/d{v.Name}[{i}]: backprop {v.TensorGradient!.Data[i]}, numeric {numeric}");
            }
        }
    }

    [Fact]
    public void GradOfTensors_IsTheGradientAsAValue_FollowingItsInputs()
    {
        var session = new Session();
        session.Run("W = [[1, 2], [3, 4]]\nx = [1, -1]\ng = grad(sum((W @ x)^2), W)");
        var g = session.Variables.Single(v => v.Name == "g");
        Near([-2, 2, -2, 2], g.Tensor!);
        Assert.Equal(VariableKind.Intermediate, g.Kind);

        // The same numbers :grad gives.
        var grad = session.Gradient("sum((W @ x)^2)");
        Near(grad.Variables.Single(v => v.Name == "W").TensorGradient!.Data, g.Tensor!);
    }

    [Theory]
    [InlineData(":grad sum(g)")]
    [InlineData("grad(sum(g * W), W)")]
    public void ASecondDerivativeThroughTensors_IsRefused_NotComputedWrongly(string line)
    {
        var session = new Session();
        session.Run("W = [[1, 2], [3, 4]]\ng = grad(sum(W * W), W)");
        var outcomes = session.Run(line);
        if (outcomes[0] is CommandOutcome command)
        {
            var outcome = session.Gradient(command.Command.Expression!, command.Source);
            Assert.Contains(outcome.Errors, e => e.Message.Contains("second derivative"));
            return;
        }
        Assert.Contains(outcomes[0].Errors, e => e.Message.Contains("second derivative"));
    }

    [Fact]
    public void ValueAndGradient_LowersOnce_SoRandnDrawsOnce()
    {
        var once = new Session();
        var (value, gradient) = once.ValueAndGradient(Parse("sum(randn(3))"), Line("sum(randn(3))"));
        Assert.NotNull(gradient);
        Assert.Equal(value.Value, gradient.Value);
        double next = ((ValueOutcome)once.Run("sum(randn(3))")[0]).Value;

        // A session that drew exactly one randn(3) before gives the same next draw.
        var reference = new Session();
        reference.Run("a = sum(randn(3))");
        Assert.Equal(((ValueOutcome)reference.Run("sum(randn(3))")[0]).Value, next);

        var (tensor, none) = once.ValueAndGradient(Parse("randn(2) * [1, 2]"), Line("randn(2) * [1, 2]"));
        Assert.Null(none);
        Assert.Equal([2], tensor.Tensor!.Shape);
    }

    private static Text.SourceLine Line(string text) => new("<test>", 1, text);

    private static Syntax.Expr Parse(string text) => Syntax.SyntaxParser.ParseExpression(Line(text)).Expr!;

    private static double Perturbed(string setup, string name, Tensor value, int index, double x, string expression)
    {
        var data = (double[])value.Data.Clone();
        data[index] = x;
        var s = new Session();
        s.Run(setup);
        s.Run($"{name} = {Literal(new Tensor(value.Shape, data))}");
        return s.Gradient(expression).Value;
    }

    private static string Literal(Tensor t)
    {
        string N(double d) => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        if (t.Rank == 1) return "[" + string.Join(", ", t.Data.Select(N)) + "]";
        var (rows, cols) = t.Matrix;
        return "[" + string.Join(", ", Enumerable.Range(0, rows).Select(r => "[" + string.Join(", ", t.Data.Skip(r * cols).Take(cols).Select(N)) + "]")) + "]";
    }
}
