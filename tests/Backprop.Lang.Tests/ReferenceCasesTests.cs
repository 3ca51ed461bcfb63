using Backprop.Lang.Evaluation;
using Backprop.Lang.Layers;

namespace Backprop.Lang.Tests;

/// <summary>The published numbers of ../shared/reference/reference-cases.md, compared as doubles.</summary>
public class ReferenceCasesTests
{
    [Fact]
    public void AddLayer_Seed_ForwardThirtyBackwardOnes()
    {
        Assert.Equal(30, AddLayer.Instance.Forward(10, 20));
        Assert.Equal((1.0, 1.0), AddLayer.Instance.Backward(1, 10, 20, 30));
    }

    [Theory]
    [InlineData(1.0, 20.0, 10.0)]
    [InlineData(1.1, 22.0, 11.0)]
    public void MulLayer_Seed_BackwardScalesByTheOtherInput(double dout, double dx, double dy)
    {
        Assert.Equal(200, MulLayer.Instance.Forward(10, 20));
        var (gx, gy) = MulLayer.Instance.Backward(dout, 10, 20, 200);
        Assert.Equal(dx, gx, 12);
        Assert.Equal(dy, gy, 12);
    }

    [Fact]
    public void Grad_SeedExpression_GivesTheArticlesGradients()
    {
        var g = new Session().Gradient("(1*2)*(10+20)");

        Assert.True(g.Succeeded);
        Assert.Equal(60, g.Value);
        Assert.Equal(["1", "2", "10", "20"], g.Literals.Select(l => l.Text));
        Assert.Equal([60.0, 30.0, 2.0, 2.0], g.Literals.Select(l => l.Gradient));
        Assert.Equal([2, 4, 8, 11], g.Literals.Select(l => l.Column));
    }

    [Fact]
    public void Grad_BuyApple_MatchesTheBookExactly()
    {
        var session = new Session();
        session.Run("apple = 100\napple_num = 2\ntax = 1.1\napple_price = apple * apple_num");
        var g = session.Gradient("apple_price * tax");

        Assert.Equal(220.00000000000003, g.Value);
        Assert.Equal(2.2, g.GradientOf("apple"));
        Assert.Equal(110.00000000000001, g.GradientOf("apple_num"));
        Assert.Equal(200, g.GradientOf("tax"));
        Assert.Equal(1.1, g.GradientOf("apple_price"));
    }

    [Fact]
    public void Grad_BuyAppleOrange_MatchesTheBookExactly()
    {
        var session = new Session();
        session.Run("""
            apple = 100
            apple_num = 2
            orange = 150
            orange_num = 3
            tax = 1.1
            apple_price = apple * apple_num
            orange_price = orange * orange_num
            all_price = apple_price + orange_price
            """);
        var g = session.Gradient("all_price * tax");

        Assert.Equal(715.0000000000001, g.Value);
        Assert.Equal(2.2, g.GradientOf("apple"));
        Assert.Equal(110.00000000000001, g.GradientOf("apple_num"));
        Assert.Equal(3.3000000000000003, g.GradientOf("orange"));
        Assert.Equal(165, g.GradientOf("orange_num"));
        Assert.Equal(650, g.GradientOf("tax"));
        Assert.Equal(1.1, g.GradientOf("all_price"));
        Assert.Equal(1.1, g.GradientOf("apple_price"));
        Assert.Equal(1.1, g.GradientOf("orange_price"));
    }

    [Fact]
    public void Grad_ReusedVariable_SumsContributions()
    {
        var session = new Session();
        session.Run("x = 3");
        Assert.Equal(2, session.Gradient("x + x").GradientOf("x"));
    }

    [Fact]
    public void Grad_DiamondOfAdds_NeedsTopologicalOrder()
    {
        var session = new Session();
        session.Run("a = 1\nb = a + a");
        Assert.Equal(4, session.Gradient("b + b").GradientOf("a"));
    }

    [Fact]
    public void Grad_SharedSquare_ProcessesEachNodeAfterAllItsConsumers()
    {
        var session = new Session();
        session.Run("x = 2\na = x^2");
        var g = session.Gradient("a^2 + a^2");
        Assert.Equal(32, g.Value);
        Assert.Equal(64, g.GradientOf("x"));
    }

    [Fact]
    public void Grad_AskedTwice_DoesNotAccumulate()
    {
        var session = new Session();
        session.Run("x = 3\ny = 2*x^2");
        Assert.Equal(12, session.Gradient("y").GradientOf("x"));
        Assert.Equal(12, session.Gradient("y").GradientOf("x"));
    }

    [Fact]
    public void Grad_MicrogradReadmeExpression_MatchesPyTorch()
    {
        var session = new Session();
        var outcomes = session.Run("""
            a = -4.0
            b = 2.0
            c = a + b
            d = a * b + b**3
            c = c + c + 1
            c = c + 1 + c + (-a)
            d = d + d * 2 + relu(b + a)
            d = d + 3 * d + relu(b - a)
            e = c - d
            f = e**2
            g = f / 2.0
            g = g + 10.0 / f
            """);
        Assert.All(outcomes, o => Assert.True(o.Succeeded));
        var grad = session.Gradient("g");

        Assert.Equal(24.70408163265306, grad.Value, 12);
        Assert.Equal(138.83381924198252, grad.GradientOf("a"), 10);
        Assert.Equal(645.5772594752186, grad.GradientOf("b"), 10);
    }

    [Fact]
    public void Grad_MicrogradSanityCheck_MatchesPyTorch()
    {
        var session = new Session();
        session.Run("""
            x = -4.0
            z = 2 * x + 2 + x
            q = relu(z) + z * x
            h = relu(z * z)
            """);
        var g = session.Gradient("h + q + q * x");
        Assert.Equal(-20, g.Value);
        Assert.Equal(46, g.GradientOf("x"));
    }
}
