using System.Globalization;
using Backprop.Lang.Diagnostics;
using Backprop.Lang.Evaluation;
using Backprop.Lang.Layers;

namespace Backprop.Lang.Tests;

/// <summary>
/// Every layer's Backward against central differences of its own Forward, at points away from kinks and
/// domain edges; the same derivatives through expressions; and the documented conventions where a
/// derivative does not exist.
/// </summary>
public class LayerGradientTests
{
    private const double Upstream = 1.7;

    /// <summary>(f(x+h) - f(x-h)) / 2h with h scaled to x, so the step is neither lost in rounding nor too coarse.</summary>
    internal static double CentralDifference(Func<double, double> f, double x)
    {
        double h = 1e-5 * Math.Max(1, Math.Abs(x));
        return (f(x + h) - f(x - h)) / (2 * h);
    }

    private static void AssertClose(double expected, double actual, double relative = 1e-6)
    {
        double tolerance = relative * Math.Max(1, Math.Abs(expected));
        Assert.True(Math.Abs(expected - actual) <= tolerance,
            $"expected {expected.ToString("R", CultureInfo.InvariantCulture)}, got {actual.ToString("R", CultureInfo.InvariantCulture)}");
    }

    public static TheoryData<string, double> UnaryPoints => new()
    {
        { "neg", -2.5 }, { "neg", 0.3 },
        { "exp", -3 }, { "exp", 0 }, { "exp", 2.5 },
        { "log", 0.05 }, { "log", 1 }, { "log", 40 },
        { "sqrt", 0.01 }, { "sqrt", 2 }, { "sqrt", 900 },
        { "sin", -2 }, { "sin", 0 }, { "sin", 1.3 },
        { "cos", -2 }, { "cos", 0.5 }, { "cos", 3 },
        { "tan", -1.2 }, { "tan", 0 }, { "tan", 1.4 },
        { "tanh", -3 }, { "tanh", 0 }, { "tanh", 0.8 },
        { "sigmoid", -8 }, { "sigmoid", 0 }, { "sigmoid", 2.5 },
        { "relu", -1.5 }, { "relu", 0.7 }, { "relu", 40 },
        { "abs", -1.5 }, { "abs", 0.7 },
    };

    public static TheoryData<string, double, double> BinaryPoints => new()
    {
        { "+", 10, 20 }, { "+", -1.5, 0.25 },
        { "-", 10, 20 }, { "-", -1.5, 0.25 },
        { "*", 10, 20 }, { "*", -1.5, 0.25 },
        { "/", 10, 20 }, { "/", -1.5, 0.25 }, { "/", 3, -0.4 },
        { "^", 2, 3 }, { "^", 0.5, -1.5 }, { "^", 3, 0.5 }, { "^", 1.2, 2.7 },
        { "max", 1, 2 }, { "max", 3, -4 },
        { "min", 1, 2 }, { "min", 3, -4 },
    };

    private static Layer LayerNamed(string symbol) => symbol switch
    {
        "neg" => NegLayer.Instance,
        "+" => AddLayer.Instance,
        "-" => SubLayer.Instance,
        "*" => MulLayer.Instance,
        "/" => DivLayer.Instance,
        "^" => PowLayer.Instance,
        _ => Functions.TryGet(symbol, out var layer) ? layer : throw new ArgumentException(symbol),
    };

    [Theory]
    [MemberData(nameof(UnaryPoints))]
    public void Layer_UnaryBackward_MatchesCentralDifference(string symbol, double x)
    {
        var layer = Assert.IsAssignableFrom<UnaryLayer>(LayerNamed(symbol));
        double z = layer.Forward(x);

        double dx = layer.Backward(Upstream, x, z);

        AssertClose(Upstream * CentralDifference(layer.Forward, x), dx);
        layer.Backward(Upstream, x, 123, z, out double viaBase, out double dy);
        Assert.Equal(dx, viaBase);
        Assert.Equal(0, dy);
    }

    [Theory]
    [MemberData(nameof(BinaryPoints))]
    public void Layer_BinaryBackward_MatchesCentralDifference(string symbol, double x, double y)
    {
        var layer = Assert.IsAssignableFrom<BinaryLayer>(LayerNamed(symbol));
        double z = layer.Forward(x, y);

        var (dx, dy) = layer.Backward(Upstream, x, y, z);

        AssertClose(Upstream * CentralDifference(a => layer.Forward(a, y), x), dx);
        AssertClose(Upstream * CentralDifference(b => layer.Forward(x, b), y), dy);
    }

    [Theory]
    [MemberData(nameof(UnaryPoints))]
    public void Grad_UnaryOperationInAnExpression_MatchesCentralDifference(string symbol, double x)
    {
        var layer = LayerNamed(symbol);
        string expression = symbol == "neg" ? "-x" : $"{symbol}(x)";
        var session = new Session();
        session.Run(string.Create(CultureInfo.InvariantCulture, $"x = {x:R}"));

        var g = session.Gradient(expression);

        Assert.True(g.Succeeded);
        Assert.Empty(g.Diagnostics);
        Assert.Equal(layer.Forward(x, 0), g.Value);
        AssertClose(CentralDifference(a => layer.Forward(a, 0), x), g.GradientOf("x"));
    }

    [Theory]
    [MemberData(nameof(BinaryPoints))]
    public void Grad_BinaryOperationInAnExpression_MatchesCentralDifference(string symbol, double x, double y)
    {
        var layer = LayerNamed(symbol);
        string expression = char.IsLetter(symbol[0]) ? $"{symbol}(x, y)" : $"x {symbol} y";
        var session = new Session();
        session.Run(string.Create(CultureInfo.InvariantCulture, $"x = {x:R}\ny = {y:R}"));

        var g = session.Gradient(expression);

        Assert.True(g.Succeeded);
        Assert.Empty(g.Diagnostics);
        Assert.Equal(layer.Forward(x, y), g.Value);
        AssertClose(CentralDifference(a => layer.Forward(a, y), x), g.GradientOf("x"));
        AssertClose(CentralDifference(b => layer.Forward(x, b), y), g.GradientOf("y"));
    }

    [Theory]
    [InlineData("pow(x, y)", "x^y")]
    [InlineData("x**y", "x^y")]
    [InlineData("x ÷ y", "x/y")]
    [InlineData("x × y", "x*y")]
    [InlineData("x - y", "x + -y")]
    [InlineData("+x*y", "x*y")]
    public void Grad_SpellingsOfOneOperation_GiveTheSameGradients(string spelling, string canonical)
    {
        var session = new Session();
        session.Run("x = 1.5\ny = 2.5");

        var a = session.Gradient(spelling);
        var b = session.Gradient(canonical);

        Assert.Equal(b.Value, a.Value);
        Assert.Equal(b.GradientOf("x"), a.GradientOf("x"));
        Assert.Equal(b.GradientOf("y"), a.GradientOf("y"));
    }

    // ---- Conventions where the derivative does not exist (reference-cases.md) -----------------------------

    [Fact]
    public void Relu_AtZero_HasGradientZero()
    {
        Assert.Equal(0, ReluLayer.Instance.Backward(1, 0, 0));
        var g = new Session().Gradient("relu(0)");
        Assert.Equal(0, g.Value);
        Assert.Equal(0, Assert.Single(g.Literals).Gradient);
    }

    [Fact]
    public void Abs_AtZero_HasGradientZero()
    {
        Assert.Equal(0, AbsLayer.Instance.Backward(1, 0, 0));
        var g = new Session().Gradient("abs(0)");
        Assert.Equal(0, g.Value);
        Assert.Equal(0, Assert.Single(g.Literals).Gradient);
    }

    [Theory]
    [InlineData("max")]
    [InlineData("min")]
    public void MaxMin_Tie_SplitsTheGradientEvenlyAndWarns(string function)
    {
        var (dx, dy) = ((BinaryLayer)LayerNamed(function)).Backward(Upstream, 2, 2, 2);
        Assert.Equal((Upstream / 2, Upstream / 2), (dx, dy));

        var source = Marked.Parse($"3*⟦{function}⟧(2, 2)");
        var g = new Session().Gradient(source.Text);

        Assert.True(g.Succeeded);
        Assert.Equal(6, g.Value);
        Assert.Equal([2.0, 1.5, 1.5], g.Literals.Select(l => l.Gradient));
        var warning = Assert.Single(g.Warnings);
        Assert.Equal(source.Span, warning.Span);
        Assert.Equal(source.Column, warning.Column);
        Assert.Contains(function, warning.Message);
        Assert.Contains("tie", warning.Message);
    }

    [Fact]
    public void MaxOfAVariableWithItself_SumsBothHalves()
    {
        var session = new Session();
        session.Run("x = 4");
        var g = session.Gradient("max(x, x)");
        Assert.Equal(1, g.GradientOf("x"));
        Assert.Single(g.Warnings);
    }

    [Fact]
    public void MaxMin_WithoutATie_DoNotWarn()
    {
        var g = new Session().Gradient("max(1, 2) + min(1, 2)");
        Assert.Empty(g.Diagnostics);
        // max(1, 2) + min(1, 2): the gradient goes to max's 2 and min's 1.
        Assert.Equal([0.0, 1.0, 1.0, 0.0], g.Literals.Select(l => l.Gradient));
    }

    [Theory]
    [InlineData(0.0, 2.0)]
    [InlineData(0.0, 0.5)]
    [InlineData(0.0, 0.0)]
    public void Pow_ExponentGradientAtZeroBase_IsZero(double x, double y)
    {
        var (_, dy) = PowLayer.Instance.Backward(1, x, y, Math.Pow(x, y));
        Assert.Equal(0, dy);

        var session = new Session();
        session.Run(string.Create(CultureInfo.InvariantCulture, $"x = {x:R}\ny = {y:R}"));
        var g = session.Gradient("x^y");
        Assert.Equal(0, g.GradientOf("y"));
        Assert.DoesNotContain(g.Diagnostics, d => d.Message.Contains("NaN"));
    }

    [Fact]
    public void Pow_ZeroToTheZero_IsOneWithZeroGradients()
    {
        var g = new Session().Gradient("0^0");
        Assert.Equal(1, g.Value);
        Assert.Equal([0.0, 0.0], g.Literals.Select(l => l.Gradient));
    }

    // ---- NaN and Infinity: the IEEE value, plus a warning naming the operation and its column -------------

    [Theory]
    [InlineData("⟦log⟧(0)", double.NegativeInfinity, "log(0)", "log of zero")]
    [InlineData("1 + ⟦log⟧(-1)", double.NaN, "log(-1)", "negative")]
    [InlineData("⟦sqrt⟧(-1)", double.NaN, "sqrt(-1)", "square root of a negative")]
    [InlineData("1⟦/⟧0", double.PositiveInfinity, "1/0", "division by zero")]
    [InlineData("-1 ⟦/⟧ 0", double.NegativeInfinity, "-1/0", "division by zero")]
    [InlineData("2 * ⟦exp⟧(1000)", double.PositiveInfinity, "exp(1000)", "overflow")]
    [InlineData("1e300 ⟦*⟧ 1e300", double.PositiveInfinity, "1e300*1e300", "Infinity")]
    [InlineData("0 ⟦/⟧ 0", double.NaN, "0/0", "NaN")]
    public void Forward_NonFiniteResult_WarnsAtTheOperation(string marked, double value, string operation, string why)
    {
        var source = Marked.Parse(marked);

        var g = new Session().Gradient(source.Text);

        Assert.True(g.Succeeded);
        Assert.Equal(value, g.Value);
        var warning = Assert.Single(g.Warnings, w => w.Span == source.Span);
        Assert.Equal(Severity.Warning, warning.Severity);
        Assert.Equal(source.Column, warning.Column);
        // An operator as written (1/0), a function as called (log(0)).
        Assert.StartsWith(operation + " is ", warning.Message);
        Assert.Contains(why, warning.Message);
    }

    [Fact]
    public void Forward_NonFiniteValue_WarnsOnlyWhereItArises()
    {
        // log(0) is -Infinity; the + and * after it inherit it and are not the cause.
        var g = new Session().Gradient("2 * (log(0) + 1)");
        var warning = Assert.Single(g.Warnings);
        Assert.StartsWith("log(", warning.Message);
    }

    [Fact]
    public void Assignment_NonFiniteValue_WarnsButStillBinds()
    {
        var session = new Session();
        var outcome = Assert.IsType<AssignmentOutcome>(Assert.Single(session.Run("x = log(0)")));

        Assert.True(outcome.Succeeded);
        Assert.Equal(double.NegativeInfinity, outcome.Value);
        Assert.Contains("log", Assert.Single(outcome.Warnings).Message);
        Assert.True(session.TryGetVariable("x", out _));
    }

    [Theory]
    [InlineData("⟦sqrt⟧(0)", "sqrt", "Infinity")]
    [InlineData("1 ⟦/⟧ 1e-200", "/", "Infinity")]
    public void Backward_NonFiniteGradient_WarnsAtTheOperation(string marked, string operation, string kind)
    {
        var source = Marked.Parse(marked);

        var g = new Session().Gradient(source.Text);

        var warning = Assert.Single(g.Warnings, w => w.Span == source.Span && w.Message.Contains("gradient"));
        Assert.Equal(source.Column, warning.Column);
        Assert.Contains(operation, warning.Message);
        Assert.Contains(kind, warning.Message);
    }
}
