using System.Globalization;
using Backprop.Lang.Rules;
using Backprop.Lang.Evaluation;
using Backprop.Lang.Graph;
using Backprop.Lang.Layers;
using Backprop.Lang.Syntax;
using Backprop.Lang.Text;

namespace Backprop.Lang.Tests;

/// <summary>
/// The built-ins of issue 15: softplus, log1p, expm1 and leaky_relu against central differences (first and second
/// derivatives), sum, mean, max and min of many arguments, the constants pi and e, and compound assignment.
/// </summary>
public class BuiltinsTests
{
    private static string Invariant(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static Session At(string bindings)
    {
        var session = new Session();
        Assert.All(session.Run(bindings), o => Assert.True(o.Succeeded, string.Join("\n", o.Diagnostics)));
        return session;
    }

    private static GradientOutcome Grad(Session session, string expression)
    {
        var outcome = session.Gradient(expression);
        Assert.True(outcome.Succeeded, string.Join("\n", outcome.Diagnostics));
        return outcome;
    }

    private static void AssertClose(double expected, double actual, double relative = 1e-6)
    {
        double tolerance = relative * Math.Max(1, Math.Abs(expected));
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"expected {Invariant(expected)}, got {Invariant(actual)}");
    }

    private static double Central(Func<double, double> f, double x) => LayerGradientTests.CentralDifference(f, x);

    // ---- softplus, log1p, expm1: value, gradient and second derivative ------------------------------------------

    public static TheoryData<string, double> UnaryPoints => new()
    {
        { "softplus", -30 }, { "softplus", -2 }, { "softplus", 0 }, { "softplus", 0.7 }, { "softplus", 25 },
        { "log1p", -0.9 }, { "log1p", -1e-3 }, { "log1p", 0 }, { "log1p", 0.5 }, { "log1p", 40 },
        { "expm1", -5 }, { "expm1", -1e-3 }, { "expm1", 0 }, { "expm1", 0.4 }, { "expm1", 3 },
    };

    private static Func<double, double> Reference(string function) => function switch
    {
        "softplus" => x => Math.Log(1 + Math.Exp(x)),
        "log1p" => x => Math.Log(1 + x),
        "expm1" => x => Math.Exp(x) - 1,
        _ => throw new ArgumentException(function),
    };

    [Theory]
    [MemberData(nameof(UnaryPoints))]
    public void NewUnaryFunction_ValueGradientAndSecondDerivative_MatchCentralDifferences(string function, double x)
    {
        var session = At($"x = {Invariant(x)}");
        var f = Reference(function);
        Assert.True(Functions.TryGet(function, out var layer));

        var g = Grad(session, $"{function}({Invariant(x)} + 0*x)");
        var first = Grad(session, $"grad({function}(x), x)");
        var second = Grad(session, $"grad(grad({function}(x), x), x)");

        AssertClose(f(x), g.Value, 1e-12);
        Assert.Empty(g.Diagnostics);
        AssertClose(Central(f, x), first.Value);
        AssertClose(Central(a => Derivative(layer, a), x), second.Value, 1e-5);
        // :grad of the derivative is the same second derivative, by backward instead of grad(...).
        Assert.Equal(second.Value, first.GradientOf("x"), 12);
    }

    private static double Derivative(Layer layer, double x)
    {
        layer.Backward(1, x, 0, layer.Forward(x, 0), out double dx, out _);
        return dx;
    }

    [Theory]
    [InlineData("softplus(1000)", 1000)]
    [InlineData("softplus(-1000)", 0)]
    [InlineData("log1p(1e-20)", 1e-20)]
    [InlineData("expm1(1e-20)", 1e-20)]
    [InlineData("expm1(-1e-20)", -1e-20)]
    [InlineData("log1p(-1e-20)", -1e-20)]
    public void NewUnaryFunction_AtExtremes_IsAccurateAndFinite(string expression, double expected)
    {
        var g = new Session().Gradient(expression);

        Assert.Equal(expected, g.Value);
        Assert.Empty(g.Diagnostics);
    }

    [Theory]
    [InlineData(1e-10)]
    [InlineData(-3e-7)]
    [InlineData(0.3)]
    [InlineData(-0.45)]
    public void Log1pAndExpm1_NearZero_AgreeWithTheirSeries(double x)
    {
        // Taylor series to well past double precision for |x| < 0.5.
        double log1p = 0, expm1 = 0, power = 1;
        for (int n = 1; n < 80; n++)
        {
            power *= x;
            log1p += (n % 2 == 1 ? 1 : -1) * power / n;
        }
        double term = 1;
        for (int n = 1; n < 40; n++)
        {
            term *= x / n;
            expm1 += term;
        }

        // Within a few units in the last place (one is 1.1e-16 to 2.2e-16 of the value), where log(1 + x) and exp(x) - 1
        // would lose every digit for x = 1e-10.
        Assert.True(Math.Abs(Grad(new Session(), $"log1p({Invariant(x)})").Value - log1p) <= 1e-15 * Math.Abs(log1p));
        Assert.True(Math.Abs(Grad(new Session(), $"expm1({Invariant(x)})").Value - expm1) <= 1e-15 * Math.Abs(expm1));
    }

    [Fact]
    public void Log1p_OfMinusOne_WarnsWithTheReason()
    {
        var source = Marked.Parse("⟦log1p⟧(-1)");
        var g = new Session().Gradient(source.Text);

        Assert.Equal(double.NegativeInfinity, g.Value);
        var warning = Assert.Single(g.Warnings);
        Assert.Equal(source.Span, warning.Span);
        Assert.Contains("log of zero", warning.Message);
    }

    [Theory]
    [InlineData("softplus(x)", "sigmoid(x)")]
    [InlineData("log1p(x)", "1/(1 + x)")]
    [InlineData("expm1(x)", "exp(x)")]
    public void Deriv_OfNewFunction_IsItsRule(string expression, string formula)
    {
        var session = At("x = 0.5");
        var parsed = SyntaxParser.ParseExpression(new SourceLine("<t>", 9, expression)).Expr!;

        var outcome = session.Derive(parsed, new SourceLine("<t>", 9, expression), new NameExpr(default, "x"));

        Assert.Equal(formula, outcome.Report!.Text);
    }

    // ---- leaky_relu ----------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(-2, 0.01)]
    [InlineData(-0.5, 0.2)]
    [InlineData(1.5, 0.2)]
    [InlineData(3, -0.1)]
    [InlineData(-4, 1.3)]
    public void LeakyRelu_GradientsOfXAndSlope_MatchCentralDifferences(double x, double slope)
    {
        var session = At($"x = {Invariant(x)}\ns = {Invariant(slope)}");
        static double F(double x, double s) => x > 0 ? x : s * x;

        var g = Grad(session, "leaky_relu(x, s)");

        Assert.Equal(F(x, slope), g.Value);
        AssertClose(Central(a => F(a, slope), x), g.GradientOf("x"));
        AssertClose(Central(b => F(x, b), slope), g.GradientOf("s"));
        // Second derivatives: 0 in x on each side, and d²/dx ds = 1 on the slope's side, 0 on the other.
        Assert.Equal(0, Grad(session, "grad(grad(leaky_relu(x, s), x), x)").Value);
        Assert.Equal(x > 0 ? 0 : 1, Grad(session, "grad(grad(leaky_relu(x, s), x), s)").Value);
        Assert.Equal(x > 0 ? 0 : 1, Grad(session, "grad(grad(leaky_relu(x, s), s), x)").Value);
    }

    [Fact]
    public void LeakyRelu_WithoutSlope_UsesAConstantNotALiteral()
    {
        var session = At("x = -3");

        var g = Grad(session, "leaky_relu(x)");

        Assert.Equal(-0.03, g.Value, 15);
        Assert.Equal(0.01, g.GradientOf("x"));
        Assert.Empty(g.Literals);
        var node = g.Graph.Count - 1;
        Assert.IsType<LeakyReluLayer>(g.Graph.Layer(node));
        Assert.Equal(NodeKind.Constant, g.Graph.Kind(g.Graph.Y(node)));
        Assert.Equal(LeakyReluLayer.DefaultSlope, g.Graph.Value(g.Graph.Y(node)));
    }

    [Fact]
    public void LeakyRelu_AtZero_TakesTheSlopeSideAsPyTorch()
    {
        Assert.Equal(0.2, LeakyReluLayer.Instance.Backward(1, 0, 0.2, 0).Dx);
        var g = new Session().Gradient("leaky_relu(0, 0.2)");
        Assert.Equal(0, g.Value);
        Assert.Equal([0.2, 0.0], g.Literals.Select(l => l.Gradient));
        Assert.Empty(g.Diagnostics);
    }

    [Fact]
    public void LeakyRelu_WithSlopeZero_IsReluAndSendsNothingBack()
    {
        var session = At("x = -2");
        Assert.Equal(Grad(session, "relu(x)").GradientOf("x"), Grad(session, "leaky_relu(x, 0)").GradientOf("x"));
        // Nothing goes back through the switched-off side, not even 0·∞.
        Assert.Equal(0, Grad(session, "leaky_relu(x, 0)*1e308*1e308").GradientOf("x"));
    }

    [Fact]
    public void LeakyRelu_RuleText_ComesFromTheRule()
    {
        // What it computes with (the conventions at 0 folded in), and what a learner reads (the textbook's, with a note).
        Assert.Equal("dx = mask(heaviside(x, 0) + mask(heaviside(-x, 1), y), dout)", RuleText.Of(LeakyReluLayer.Instance, 0));
        Assert.Equal("dy = mask(heaviside(-x, 1), dout*x)", RuleText.Of(LeakyReluLayer.Instance, 1));
        Assert.Equal("dx = dout if x > 0 else dout*y", LeakyReluLayer.Instance.InputRule(0));
        Assert.True(LeakyReluLayer.Instance.IsKink(0, 0.01));
        Assert.False(LeakyReluLayer.Instance.IsKink(-1, 0.01));
    }

    // ---- sum, mean, max, min of many arguments -------------------------------------------------------------------

    [Theory]
    [InlineData("sum(a, b, c, d)", 10, new[] { 1.0, 1, 1, 1 })]
    [InlineData("mean(a, b, c, d)", 2.5, new[] { 0.25, 0.25, 0.25, 0.25 })]
    [InlineData("max(a, b, d, c)", 4, new[] { 0.0, 0, 0, 1 })]
    [InlineData("min(d, c, b, a)", 1, new[] { 1.0, 0, 0, 0 })]
    [InlineData("sum(a*b, c*d)", 14, new[] { 2.0, 1, 4, 3 })]
    [InlineData("mean(a*a, d)", 2.5, new[] { 1.0, 0, 0, 0.5 })]
    [InlineData("sum(a)", 1, new[] { 1.0, 0, 0, 0 })]
    [InlineData("mean(c)", 3, new[] { 0.0, 0, 1, 0 })]
    public void ManyArguments_ValueAndGradients(string expression, double value, double[] gradients)
    {
        var session = At("a = 1\nb = 2\nc = 3\nd = 4");

        var g = Grad(session, expression);

        Assert.Equal(value, g.Value);
        // A variable the expression does not use gets no gradient at all: 0 here.
        Assert.Equal(gradients, new[] { "a", "b", "c", "d" }.Select(name => g.Variables.FirstOrDefault(v => v.Name == name)?.Gradient ?? 0));
        Assert.Empty(g.Diagnostics);
    }

    [Fact]
    public void ManyArguments_AreChainsOfTheBinaryLayers()
    {
        var session = At("a = 1\nb = 2\nc = 3");
        string Layers(string e) => string.Join(" ", Enumerable.Range(0, Grad(session, e).Graph.Count)
            .Select(n => Grad(session, e).Graph.Layer(n)?.Name).OfType<string>());

        Assert.Equal("MaxLayer", Layers("max(a, b)"));
        Assert.Equal("MaxLayer MaxLayer", Layers("max(a, b, c)"));
        Assert.Equal("AddLayer AddLayer", Layers("sum(a, b, c)"));
        Assert.Equal("AddLayer AddLayer DivLayer", Layers("mean(a, b, c)"));
        // mean's count is a constant: no gradient is reported for a number nobody wrote.
        Assert.Empty(Grad(session, "mean(a, b, c)").Literals);
    }

    [Theory]
    [InlineData("max")]
    [InlineData("min")]
    public void ThreeWayTie_SplitsAlongTheChainAndWarnsOnce(string function)
    {
        var source = Marked.Parse($"⟦{function}⟧(2, 2, 2)");

        var g = new Session().Gradient(source.Text);

        Assert.Equal(2, g.Value);
        Assert.Equal([0.25, 0.25, 0.5], g.Literals.Select(l => l.Gradient));
        var warning = Assert.Single(g.Warnings);
        Assert.Equal(source.Span, warning.Span);
        Assert.Contains("tie", warning.Message);
    }

    [Theory]
    [InlineData("1 + ⟦sum()⟧", "'sum' takes 1 or more arguments, but 0 were given")]
    [InlineData("⟦mean()⟧", "'mean' takes 1 or more arguments, but 0 were given")]
    [InlineData("2*⟦max(x)⟧", "'max' takes 2 or more arguments, but 1 was given")]
    [InlineData("⟦min()⟧", "'min' takes 2 or more arguments, but 0 were given")]
    [InlineData("⟦leaky_relu()⟧", "'leaky_relu' takes 1 or 2 arguments, but 0 were given")]
    [InlineData("⟦leaky_relu(x, 1, 2)⟧", "'leaky_relu' takes 1 or 2 arguments, but 3 were given")]
    [InlineData("⟦softplus(x, 1)⟧", "'softplus' takes 1 argument, but 2 were given")]
    [InlineData("sum(1, ⟦nosuch⟧)", "unknown name 'nosuch'")]
    [InlineData("⟦sum⟧ + 1", "'sum' is a function")]
    public void ArgumentCount_ErrorsPointAtTheCall(string marked, string message)
    {
        var source = Marked.Parse(marked);

        var g = At("x = 2").Gradient(source.Text);

        var error = Assert.Single(g.Errors);
        Assert.Equal(source.Span, error.Span);
        Assert.Contains(message, error.Message);
    }

    [Theory]
    [InlineData("sum")]
    [InlineData("mean")]
    [InlineData("softplus")]
    [InlineData("leaky_relu")]
    public void NewFunctionNames_CannotBeAssignedAndAreListed(string name)
    {
        Assert.Contains(name, Functions.Names);
        Assert.Contains("is a function", Assert.Single(new Session().Run($"{name} = 1")[0].Diagnostics).Message);
    }

    // ---- the constants pi and e ----------------------------------------------------------------------------------

    [Fact]
    public void Constants_HaveTheirValues()
    {
        Assert.Equal(Math.PI, Grad(new Session(), "pi").Value);
        Assert.Equal(Math.E, Grad(new Session(), "e").Value);
        Assert.Equal(-1, Grad(new Session(), "cos(pi)").Value);
    }

    [Theory]
    [InlineData("2*⟦pi⟧", "pi", 2)]
    [InlineData("⟦e⟧^2", "e", 2 * Math.E)]
    [InlineData("x*⟦pi⟧ + pi", "pi", 2)]
    [InlineData("x*pi + ⟦pi⟧", "pi", 1)]
    public void Constant_IsALiteralLeafAtItsColumn(string marked, string text, double gradient)
    {
        var source = Marked.Parse(marked);

        var g = Grad(At("x = 2"), source.Text);

        var literal = Assert.Single(g.Literals, l => l.Span == source.Span);
        Assert.Equal(text, literal.Text);
        Assert.Equal(source.Column, literal.Column);
        Assert.Equal(gradient, literal.Gradient, 12);
        Assert.Equal(NodeKind.Literal, g.Graph.Kind(literal.Node));
    }

    [Fact]
    public void Constant_OnTheRight_MakesAnInputVariable()
    {
        var session = new Session();
        var assigned = Assert.IsType<AssignmentOutcome>(Assert.Single(session.Run("tau = 2*pi")));

        Assert.Equal(VariableKind.Input, assigned.Kind);
        Assert.Equal(2 * Math.PI, assigned.Value);
    }

    [Fact]
    public void Constant_Shadowed_NotesOnceAndResetRestoresIt()
    {
        var session = At("c = 5\nd = 3");

        var first = Assert.IsType<AssignmentOutcome>(Assert.Single(session.Run("e = c - d")));
        var again = Assert.Single(session.Run("e = c + d"));
        var other = Assert.Single(session.Run("pi = 3"));

        Assert.Equal(2, first.Value);
        var note = Assert.Single(first.Diagnostics);
        Assert.False(note.IsError);
        Assert.Equal(new TextSpan(0, 1), note.Span);
        Assert.Contains("hiding the constant e", note.Message);
        Assert.Empty(again.Diagnostics);
        Assert.Contains("hiding the constant pi", Assert.Single(other.Diagnostics).Message);
        // A variable wins: e is the variable now, reported as an input with its gradient.
        var g = Grad(session, "e*pi");
        Assert.Equal(24, g.Value);
        Assert.Equal(3, g.GradientOf("e"));
        Assert.Empty(g.Literals);

        session.Reset();

        Assert.Equal(Math.E, Grad(session, "e").Value);
        Assert.Contains("hiding the constant e", Assert.Single(session.Run("e = 1")[0].Diagnostics).Message);
    }

    [Fact]
    public void Grad_ByAConstant_IsAnErrorAtItsName()
    {
        var source = Marked.Parse("grad(x*pi, ⟦pi⟧)");

        var error = Assert.Single(At("x = 2").Gradient(source.Text).Errors);

        Assert.Equal(source.Span, error.Span);
        Assert.Contains("'pi' is a constant, not a variable", error.Message);
        // Once pi is a variable, grad by it is the ordinary derivative.
        var session = At("x = 2\npi = 3");
        Assert.Equal(2, Grad(session, "grad(x*pi, pi)").Value);
    }

    [Fact]
    public void SumWithoutParentheses_SuggestsTheCall()
    {
        var error = Assert.Single(new Session().Gradient("mean 3").Errors);
        Assert.Contains("call it as mean(3)", error.Message);
    }

    [Fact]
    public void UnknownName_NearAConstant_SuggestsIt()
    {
        var error = Assert.Single(new Session().Gradient("2*Pi").Errors);
        Assert.Contains("did you mean 'pi'", error.Message);
    }

    // ---- compound assignment -------------------------------------------------------------------------------------

    [Theory]
    [InlineData("x += 1", BinaryOperator.Add)]
    [InlineData("x -= 1", BinaryOperator.Subtract)]
    [InlineData("x *= 1", BinaryOperator.Multiply)]
    [InlineData("x /= 1", BinaryOperator.Divide)]
    public void CompoundAssignment_ParsesAsAnOrdinaryAssignment(string line, BinaryOperator op)
    {
        var parsed = SyntaxParser.ParseLine(line);

        var assignment = Assert.IsType<AssignmentStatement>(parsed.Statement);
        Assert.Equal("x", assignment.Name);
        var value = Assert.IsType<BinaryExpr>(assignment.Value);
        Assert.Equal(Ast.Bin(op, Ast.V("x"), Ast.N(1)), value);
        Assert.Equal(new TextSpan(2, 1), value.OperatorSpan);
        Assert.Equal(new TextSpan(0, 1), value.Left.Span);
        Assert.Equal(new TextSpan(0, 6), value.Span);
        Assert.Equal(new TextSpan(0, 6), assignment.Span);
    }

    [Fact]
    public void CompoundAssignment_RightSideIsOneOperand()
    {
        var parsed = SyntaxParser.ParseLine("x *= a + b");

        var assignment = Assert.IsType<AssignmentStatement>(parsed.Statement);
        Assert.Equal(Ast.Mul(Ast.V("x"), Ast.Add(Ast.V("a"), Ast.V("b"))), assignment.Value);
    }

    [Theory]
    [InlineData("x += 1", 4)]
    [InlineData("x -= 1 + 1", 1)]
    [InlineData("x *= a + 1", 9)]
    [InlineData("x /= 2*a", 0.75)]
    [InlineData("x+=x", 6)]
    [InlineData("x *= -1", -3)]
    public void CompoundAssignment_Evaluates(string line, double value)
    {
        var session = At("x = 3\na = 2");

        var assigned = Assert.IsType<AssignmentOutcome>(Assert.Single(session.Run(line)));

        Assert.Equal(value, assigned.Value);
        Assert.True(session.TryGetVariable("x", out var x));
        Assert.Equal(value, x.Value);
    }

    [Fact]
    public void CompoundAssignment_OnAnIntermediate_KeepsTheGraph()
    {
        var session = At("w = 2\ny = w*w");
        session.Run("y += w");

        var g = Grad(session, "y");
        Assert.Equal(6, g.Value);
        Assert.Equal(5, g.GradientOf("w"));
    }

    [Theory]
    [InlineData("⟦y⟧ += 1", "unknown name 'y'")]
    [InlineData("⟦2⟧ += 1", "only a name can be assigned to")]
    [InlineData("⟦sin⟧ *= 2", "'sin' is a function")]
    [InlineData("x += ⟦⟧", "ends too early")]
    [InlineData("x += 1 ⟦+=⟧ 2", "unexpected")]
    [InlineData("x + ⟦=⟧ 1", "unexpected")]
    public void CompoundAssignment_Errors(string marked, string message)
    {
        var source = Marked.Parse(marked);
        var session = At("x = 3");

        var outcome = Assert.Single(session.Run(source.Text));

        var error = Assert.Single(outcome.Diagnostics, d => d.IsError);
        Assert.Equal(source.Span.Start, error.Span.Start);
        Assert.Contains(message, error.Message);
        Assert.True(session.TryGetVariable("x", out var x));
        Assert.Equal(3, x.Value);
    }

    [Fact]
    public void CompoundAssignment_WarningsPointAtItsOperator()
    {
        var source = Marked.Parse("x ⟦/⟧= 0");
        var session = At("x = 3");

        var outcome = Assert.Single(session.Run(source.Text));

        var warning = Assert.Single(outcome.Diagnostics);
        Assert.Equal(source.Span, warning.Span);
        Assert.Contains("division by zero", warning.Message);
    }
}
