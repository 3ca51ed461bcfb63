using System.Globalization;
using Backprop.Lang.Analysis;
using Backprop.Lang.Diagnostics;
using Backprop.Lang.Evaluation;
using Backprop.Lang.Layers;
using Backprop.Lang.Rules;
using Backprop.Lang.Syntax;
using Backprop.Lang.Text;
using CsCheck;

namespace Backprop.Lang.Tests;

/// <summary>
/// Derivatives of derivatives: <c>grad(EXPR, NAME)</c> in the language, the Hessian, <c>:deriv</c> formulas and
/// Newton's method, all from the one generic rule per layer.
/// </summary>
public class HigherOrderTests
{
    private static string Invariant(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static Session At(string bindings)
    {
        var session = new Session();
        Assert.All(session.Run(bindings), o => Assert.True(o.Succeeded, string.Join("\n", o.Diagnostics)));
        return session;
    }

    private static double Value(Session session, string expression)
    {
        var outcome = session.Gradient(expression);
        Assert.True(outcome.Succeeded, string.Join("\n", outcome.Diagnostics));
        return outcome.Value;
    }

    // ---- grad(EXPR, NAME) --------------------------------------------------------------------------------

    [Fact]
    public void Grad_OfCube_IsTheDerivativeAndCanBeDifferentiatedAgain()
    {
        var session = At("x = 3");
        var assigned = Assert.IsType<AssignmentOutcome>(Assert.Single(session.Run("dy = grad(x^3, x)")));

        Assert.Equal(27, assigned.Value);
        Assert.Equal(VariableKind.Intermediate, assigned.Kind);
        Assert.Equal(18, session.Gradient("dy").GradientOf("x"));
        Assert.Equal(18, Value(session, "grad(grad(x^3, x), x)"));
        Assert.Equal(6, Value(session, "grad(grad(grad(x^3, x), x), x)"));
        Assert.Equal(0, Value(session, "grad(grad(grad(grad(x^3, x), x), x), x)"));
    }

    [Theory]
    // f(x) = x^4 - 2x^3 + x at x = 2: f' = 4x^3 - 6x^2 + 1, f'' = 12x^2 - 12x, f''' = 24x - 12, f'''' = 24.
    [InlineData(1, 9)]
    [InlineData(2, 24)]
    [InlineData(3, 36)]
    [InlineData(4, 24)]
    [InlineData(5, 0)]
    public void Grad_PolynomialDerivativesOfEveryOrder_AreExact(int order, double expected)
    {
        string expression = "x^4 - 2*x^3 + x";
        for (int i = 0; i < order; i++) expression = $"grad({expression}, x)";

        Assert.Equal(expected, Value(At("x = 2"), expression));
    }

    public static TheoryData<string, Func<double, double>, double> SecondDerivatives => new()
    {
        { "sin(x)", x => -Math.Sin(x), 0.7 },
        { "sin(x)", x => -Math.Sin(x), -2.1 },
        { "cos(x)", x => -Math.Cos(x), 1.3 },
        { "tan(x)", x => 2 * Math.Tan(x) * (1 + Math.Tan(x) * Math.Tan(x)), 0.4 },
        { "tanh(x)", x => -2 * Math.Tanh(x) * (1 - Math.Tanh(x) * Math.Tanh(x)), 0.8 },
        { "tanh(x)", x => -2 * Math.Tanh(x) * (1 - Math.Tanh(x) * Math.Tanh(x)), -1.7 },
        { "sigmoid(x)", x => S(x) * (1 - S(x)) * (1 - 2 * S(x)), 0.3 },
        { "sigmoid(x)", x => S(x) * (1 - S(x)) * (1 - 2 * S(x)), -4 },
        { "exp(x)", Math.Exp, 1.5 },
        { "log(x)", x => -1 / (x * x), 0.25 },
        { "log(x)", x => -1 / (x * x), 7 },
        { "sqrt(x)", x => -0.25 * Math.Pow(x, -1.5), 2 },
        { "1/x", x => 2 / (x * x * x), 1.5 },
        { "x^3.5", x => 3.5 * 2.5 * Math.Pow(x, 1.5), 1.2 },
        { "2^x", x => Math.Pow(2, x) * Math.Log(2) * Math.Log(2), 0.9 },
        { "relu(x)*x", _ => 2, 1.5 },
        { "relu(x)*x", _ => 0, -1.5 },
        { "abs(x)*x", x => 2 * Math.Sign(x), -0.5 },
        { "-x*x", _ => -2, 3 },
        { "softplus(x)", x => S(x) * (1 - S(x)), 0.3 },
        { "softplus(x)", x => S(x) * (1 - S(x)), -4 },
        { "log1p(x)", x => -1 / ((1 + x) * (1 + x)), 0.5 },
        { "log1p(x)", x => -1 / ((1 + x) * (1 + x)), -0.6 },
        { "expm1(x)", Math.Exp, -0.7 },
        { "leaky_relu(x, 0.1)*x", _ => 0.2, -1.5 },
        { "leaky_relu(x)*x", _ => 2, 1.5 },
        { "mean(x*x, x*x*x, 1)", x => (2 + 6 * x) / 3, 0.8 },
    };

    private static double S(double x) => 1 / (1 + Math.Exp(-x));

    [Theory]
    [MemberData(nameof(SecondDerivatives))]
    public void Grad_SecondDerivativeOfEveryLayer_MatchesItsClosedForm(string f, Func<double, double> second, double x)
    {
        var session = At($"x = {Invariant(x)}");

        double expected = second(x);
        Assert.Equal(expected, Value(session, $"grad(grad({f}, x), x)"), 1e-9 * Math.Max(1, Math.Abs(expected)));
        // The same number through :hessian and through backward over the first derivative.
        Assert.Equal(expected, session.Hessian(SyntaxParser.ParseExpression(Line(f)).Expr!, Line(f)).Report!.Matrix[0][0],
            1e-9 * Math.Max(1, Math.Abs(expected)));
        Assert.Equal(expected, session.Gradient($"grad({f}, x)").GradientOf("x"), 1e-9 * Math.Max(1, Math.Abs(expected)));
    }

    [Theory]
    // x^y: d²/dx² = y(y-1)x^(y-2), d²/dy² = x^y ln²x, d²/dxdy = x^(y-1)(1 + y ln x).
    [InlineData(1.5, 2.5)]
    [InlineData(0.7, -1.2)]
    [InlineData(3, 0.5)]
    public void Hessian_OfPowInBothArguments_MatchesClosedForms(double x, double y)
    {
        var session = At($"x = {Invariant(x)}\ny = {Invariant(y)}");

        var report = Hessian(session, "x^y");

        Assert.Equal(["x", "y"], report.Variables);
        Assert.Equal(y * Math.Pow(x, y - 1), report.Gradient[0], 1e-12);
        Assert.Equal(Math.Pow(x, y) * Math.Log(x), report.Gradient[1], 1e-12);
        Assert.Equal(y * (y - 1) * Math.Pow(x, y - 2), report.Matrix[0][0], 1e-9);
        Assert.Equal(Math.Pow(x, y) * Math.Log(x) * Math.Log(x), report.Matrix[1][1], 1e-9);
        double mixed = Math.Pow(x, y - 1) * (1 + y * Math.Log(x));
        Assert.Equal(mixed, report.Matrix[0][1], 1e-9);
        Assert.Equal(mixed, report.Matrix[1][0], 1e-9);
    }

    [Theory]
    [InlineData("x*y/z + sin(x*z)")]
    [InlineData("exp(x - y)*log(z) + x^2*y")]
    [InlineData("sigmoid(x*y) * tanh(y + z)")]
    [InlineData("max(x*y, z) + min(x, y*z)")]
    public void Hessian_MixedPartials_AreSymmetric(string expression)
    {
        var report = Hessian(At("x = 0.6\ny = 1.7\nz = 0.9"), expression);

        for (int i = 0; i < report.Variables.Count; i++)
        for (int j = 0; j < report.Variables.Count; j++)
        {
            Assert.Equal(report.Matrix[i][j], report.Matrix[j][i], 1e-12);
        }
    }

    [Fact]
    public void Hessian_WithWrt_OrdersRowsAsWritten_AndRefusesANameThatIsNotAnInput()
    {
        var session = At("x = 1\ny = 2\nz = 3");
        var line = Line("x*y*z");
        var expr = SyntaxParser.ParseExpression(line).Expr!;

        var report = session.Hessian(expr, line, [new NameExpr(default, "z"), new NameExpr(default, "x")]).Report!;
        Assert.Equal(["z", "x"], report.Variables);
        Assert.Equal([[0.0, 2.0], [2.0, 0.0]], report.Matrix.Select(r => r.ToArray()));

        var refused = session.Hessian(expr, line, [new NameExpr(new TextSpan(0, 1), "w")]);
        Assert.False(refused.Succeeded);
        Assert.Contains("'w' is not an input variable", Assert.Single(refused.Errors).Message);
    }

    // ---- the conventions at kinks, on the second-order path too -----------------------------------------

    [Theory]
    [InlineData("x = 0", "grad(relu(x), x)", 0)]
    [InlineData("x = 0", "grad(grad(relu(x), x), x)", 0)]
    [InlineData("x = 0", "grad(abs(x), x)", 0)]
    [InlineData("x = 0", "grad(grad(abs(x)*x, x), x)", 0)]
    [InlineData("x = 2\ny = 2", "grad(max(x, y), x)", 0.5)]
    [InlineData("x = 2\ny = 2", "grad(min(x, y), y)", 0.5)]
    [InlineData("x = 2\ny = 2", "grad(grad(max(x, y), x), y)", 0)]
    [InlineData("x = 0\ny = 0", "grad(x^y, x)", 0)]
    [InlineData("x = 0\ny = 2", "grad(x^y, y)", 0)]
    [InlineData("x = 0\ny = 0", "grad(x^y, y)", 0)]
    [InlineData("x = 0\ny = 0", "grad(grad(x^y, x), x)", 0)]
    [InlineData("x = 5\ny = 0", "grad(grad(x^y, x), x)", 0)]
    public void Grad_AtKinks_FollowsTheFirstOrderConventions(string bindings, string expression, double expected)
    {
        var outcome = At(bindings).Gradient(expression);

        Assert.True(outcome.Succeeded, string.Join("\n", outcome.Diagnostics));
        Assert.Equal(expected, outcome.Value);
    }

    [Fact]
    public void Grad_SquaredLossWithANegativeBase_RaisesNoFalseAlarm()
    {
        var session = At("w = 0.2\ne = -7\nf = e**2");

        Assert.Empty(session.Gradient("(w - 0.9)^2").Diagnostics);
        var g = session.Gradient("f + 1");
        Assert.Empty(g.Diagnostics);
        Assert.Equal(-14, g.GradientOf("e"));
        // The exponent literal's own gradient is undefined at a negative base: reported, but not a warning.
        Assert.True(double.IsNaN(session.Gradient("(w - 0.9)^2").Literals.Single(l => l.Text == "2").Gradient));
    }

    [Fact]
    public void Grad_MaxWithNaN_IsNotCalledATie()
    {
        var g = At("x = 1").Gradient("max(x, 0/0)");

        Assert.DoesNotContain(g.Warnings, w => w.Message.Contains("tie"));
    }

    // ---- what grad(...) says about bad input -----------------------------------------------------------------

    [Fact]
    public void Grad_OfSomethingThatDoesNotDependOnTheName_IsZeroWithAWarning()
    {
        var g = At("x = 3\ny = 1").Gradient("grad(y*5, x)");

        Assert.True(g.Succeeded);
        Assert.Equal(0, g.Value);
        Assert.Contains("does not depend on x", Assert.Single(g.Warnings).Message);
    }

    [Theory]
    [InlineData("grad(x^2, ⟦xx⟧)", "did you mean 'x'")]
    [InlineData("grad(x^2, ⟦2⟧)", "a name")]
    [InlineData("grad(x^2, ⟦x + 1⟧)", "a name")]
    [InlineData("⟦grad(x^2)⟧", "takes 2 arguments")]
    [InlineData("grad(x^2, ⟦sin⟧)", "is a function")]
    public void Grad_WithABadSecondArgument_IsAnErrorAtItsSpan(string marked, string message)
    {
        var source = Marked.Parse(marked);

        var g = At("x = 3").Gradient(source.Text);

        var error = Assert.Single(g.Errors);
        Assert.Equal(source.Span, error.Span);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Grad_ByANamedIntermediate_HoldsItFixed()
    {
        var session = At("x = 2\ny = x*x");

        Assert.Equal(3, Value(session, "grad(3*y + x, y)"));
        Assert.Equal(3, session.Gradient("3*y + x").GradientOf("y"));
    }

    [Fact]
    public void Grad_ThatComesOutConstant_AssignsAnInput()
    {
        var session = At("x = 3");
        var assigned = Assert.IsType<AssignmentOutcome>(Assert.Single(session.Run("one = grad(x, x)")));

        Assert.Equal((1.0, VariableKind.Input), (assigned.Value, assigned.Kind));
    }

    [Fact]
    public void Grad_OfALayerWithoutAGenericRule_IsAnErrorNotACrash()
    {
        Assert.False(new HalfSquare().HasGenericRule);
        Assert.Throws<NotSupportedException>(() => new HalfSquare().Derivative(new Formula(), 0, Formula.Name("dout"), Formula.Name("x"), Formula.Name("x"), Formula.Name("z")));
    }

    private sealed class HalfSquare : UnaryLayer
    {
        public override string Name => "HalfSquareLayer";
        public override string Symbol => "halfsq";
        public override string Rule => "dx = dout*x";
        public override double Forward(double x) => x * x / 2;
        public override double Backward(double dout, double x, double z) => dout * x;
    }

    // ---- one rule per layer: the rule text comes from the rule -------------------------------------------------

    [Theory]
    [InlineData("MulLayer", "dx = dout*y, dy = dout*x")]
    [InlineData("AddLayer", "dx = dout*1, dy = dout*1")]
    [InlineData("DivLayer", "dx = dout/y, dy = -dout*x/(y*y)")]
    [InlineData("SigmoidLayer", "dx = dout*z*(1 - z)")]
    [InlineData("TanhLayer", "dx = dout*(1 - z*z)")]
    public void Rule_TextIsPrintedFromTheRuleItself(string layer, string rule)
    {
        var instance = (Layer)typeof(Layer).Assembly.GetType($"Backprop.Lang.Layers.{layer}")!.GetField("Instance")!.GetValue(null)!;

        Assert.Equal(rule, instance.Rule);
        Assert.StartsWith(instance.InputRule(0), rule);
        Assert.StartsWith("dx = ", instance.InputRule(0));
    }

    /// <summary>
    /// Where the rule a layer computes with holds conventions at kinks and domain edges (masks, signs), the rule a
    /// learner reads is the textbook's, and the convention is a note that appears only where it gave the gradient.
    /// </summary>
    [Theory]
    [InlineData("PowLayer", "dx = dout*y*x^(y - 1), dy = dout*z*log(x)", "dx = mask(y, mask(dout, x^(y - 1)))")]
    [InlineData("ReluLayer", "dx = dout if x > 0 else 0", "dx = mask(heaviside(x, 0), dout)")]
    [InlineData("AbsLayer", "dx = dout*sign(x)", "dx = mask(sign(x), dout)")]
    [InlineData("MaxLayer", "dx = dout if x > y else 0, dy = dout if y > x else 0", "dx = mask(heaviside(x - y, 0.5), dout)")]
    [InlineData("LeakyReluLayer", "dx = dout if x > 0 else dout*y, dy = dout*x if x < 0 else 0", "dx = mask(heaviside(x, 0) + mask(heaviside(-x, 1), y), dout)")]
    public void Rule_AtAKink_IsTheTextbooks_AndTheConventionIsANote(string layer, string textbook, string computed)
    {
        var instance = (Layer)typeof(Layer).Assembly.GetType($"Backprop.Lang.Layers.{layer}")!.GetField("Instance")!.GetValue(null)!;

        Assert.Equal(textbook, instance.Rule);
        // The rule it computes with, masks and all (what :deriv's formulas are made of), is unchanged.
        Assert.Equal(computed, RuleText.Of(instance, 0));
        Assert.NotNull(instance.Note);
    }

    [Theory]
    [InlineData("relu(x)", 0.0, true)]
    [InlineData("relu(x)", 2.0, false)]
    [InlineData("x^2", 3.0, false)]
    [InlineData("x^2", -3.0, true)]
    [InlineData("abs(x)", 0.0, true)]
    [InlineData("max(x, 1)", 1.0, true)]
    [InlineData("max(x, 1)", 2.0, false)]
    public void TraceNote_AppearsOnlyWhereTheConventionGaveTheGradient(string expression, double x, bool noted)
    {
        var session = new Session();
        session.Run(FormattableString.Invariant($"x = {x}"));
        var outcome = session.Gradient(expression);

        var trace = Trace.Of(outcome.Graph);

        Assert.Equal(noted, trace.Backward.Any(step => step.Note is not null));
    }

    // ---- :deriv formulas -----------------------------------------------------------------------------------------

    [Theory]
    [InlineData("x^3", "3*x^2")]
    [InlineData("x*x", "x + x")]
    [InlineData("2*x + 1", "2")]
    [InlineData("sin(x)", "cos(x)")]
    [InlineData("exp(2*x)", "2*exp(2*x)")]
    [InlineData("-(-x)", "1")]
    [InlineData("x^1 + 0", "1")]
    [InlineData("log(x)", "1/x")]
    [InlineData("relu(x)", "heaviside(x, 0)")]
    public void Deriv_PrintsASimplifiedFormula(string expression, string formula)
    {
        var outcome = Derive(At("x = 1.5"), expression, "x");

        Assert.Equal(formula, outcome.Report!.Text);
    }

    [Fact]
    public void Deriv_WritesNamedIntermediatesInTermsOfTheInputs()
    {
        var session = At("x = 2\ny = x*x\nw = 3");

        var outcome = Derive(session, "w*y", "x");

        Assert.Equal(12, outcome.Report!.Value);
        Assert.DoesNotContain("y", outcome.Report.Text);
        Assert.Equal(12, Value(session, outcome.Report.Text));
    }

    [Fact]
    public void Deriv_OfAHugeExpression_SaysItIsTooLargeInsteadOfPrintingIt()
    {
        // y_k = sin(y_{k-1})*y_{k-1}: a graph of 60 layers whose written-out derivative doubles with every step.
        var session = At("x = 1.01\ny0 = x");
        for (int i = 1; i <= 30; i++) session.Run($"y{i} = sin(y{i - 1})*y{i - 1}");

        var outcome = Derive(session, "y30", "x");

        Assert.False(outcome.Succeeded);
        Assert.Contains("too many to read", Assert.Single(outcome.Errors).Message);
    }

    [Fact]
    public void Deriv_FormulasOfRandomExpressions_ParseBackToTheGradientAtRandomPoints()
    {
        PropertyTests.SmoothCases.Sample(c =>
        {
            var session = PropertyTests.SessionAt(c.X, c.Y, c.Z);
            var g = session.Gradient(c.Expression);
            foreach (var variable in g.Variables)
            {
                var outcome = Derive(session, c.Expression, variable.Name);
                if (!outcome.Succeeded)
                {
                    Assert.Contains("too many to read", outcome.Errors.First().Message);
                    continue;
                }
                // The formula, typed back in at a new point, is the derivative there.
                var moved = PropertyTests.SessionAt(c.Y, c.Z, c.X);
                double expected = moved.Gradient(c.Expression).Variables.Single(v => v.Name == variable.Name).Gradient;
                double typed = Value(moved, outcome.Report!.Text);
                Assert.True(Math.Abs(typed - expected) <= 1e-9 * Math.Max(1, Math.Abs(expected)),
                    $"{c.Expression} by {variable.Name}: formula {outcome.Report.Text} gives {typed}, backprop {expected}");
            }
        }, iter: 200);
    }

    [Fact]
    public void Hessian_OfRandomSmoothExpressions_MatchesFiniteDifferencesOfTheGradient()
    {
        string[] names = ["x", "y", "z"];
        PropertyTests.SmoothCases.Sample(c =>
        {
            double[] point = [c.X, c.Y, c.Z];
            var session = PropertyTests.SessionAt(c.X, c.Y, c.Z);
            if (session.Gradient(c.Expression).Variables.Count == 0) return;
            var report = Hessian(session, c.Expression);
            for (int i = 0; i < report.Variables.Count; i++)
            for (int j = 0; j < report.Variables.Count; j++)
            {
                int k = Array.IndexOf(names, report.Variables[j]);
                string of = report.Variables[i];
                PropertyTests.AssertMatchesFiniteDifferences(report.Matrix[i][j], v =>
                {
                    var moved = (double[])point.Clone();
                    moved[k] = v;
                    return PropertyTests.SessionAt(moved[0], moved[1], moved[2]).Gradient(c.Expression).GradientOf(of);
                }, point[k], report.Gradient[i], $"d²({c.Expression})/d{of}d{report.Variables[j]}");
            }
        }, iter: 100);
    }

    // ---- Newton's method ---------------------------------------------------------------------------------------

    [Fact]
    public void Newton_OnDeZerosQuartic_FollowsItsSequenceToOne()
    {
        var session = At("x = 2");
        var line = Line("x^4 - 2*x^2");
        var outcome = session.Descend(SyntaxParser.ParseExpression(line).Expr!, line, 1, 10, method: DescentMethod.Newton);

        Assert.True(outcome.Succeeded, string.Join("\n", outcome.Diagnostics));
        var report = outcome.Report!;
        Assert.Equal((DescentMethod.Newton, DescentStop.Finished, 10), (report.Method, report.Stop, report.StepsTaken));
        Assert.Equal(1, report.Inputs.Single().After, 12);
        Assert.True(session.TryGetVariable("x", out var x));
        Assert.Equal(1, x.Value, 12);
        // DeZero step 29: 2, 1.4545, 1.1510, 1.0253, 1.0009, 1.0000; the loss at each.
        double[] xs = [2, 1.4545454545454546, 1.1510467893775467, 1.0253259289766978, 1.0009084519430513, 1.0000012353089454];
        for (int i = 0; i < xs.Length; i++)
        {
            Assert.Equal(Math.Pow(xs[i], 4) - 2 * xs[i] * xs[i], report.Losses[i], 9);
        }
    }

    [Fact]
    public void Newton_OnAQuadraticInTwoVariables_LandsOnTheMinimumInOneStep()
    {
        var session = At("a = 5\nb = -3");
        var line = Line("(a - 1)^2 + 3*(b - 2)^2 + a*b");
        var report = session.Descend(SyntaxParser.ParseExpression(line).Expr!, line, 1, 3, method: DescentMethod.Newton).Report!;

        // ∇ = (2(a-1) + b, 6(b-2) + a) = 0 at a = 14/11, b = 10/11 ... solved exactly by one step.
        var solution = NewtonMethod.Solve(new double[,] { { 2, 1 }, { 1, 6 } }, [2, 12])!;
        Assert.Equal(solution[0], report.Inputs[0].After, 12);
        Assert.Equal(solution[1], report.Inputs[1].After, 12);
    }

    [Fact]
    public void Newton_WhereTheSecondDerivativeIsZero_StopsAndSaysSo()
    {
        var session = At("x = 3");
        var line = Line("2*x + 1");

        var report = session.Descend(SyntaxParser.ParseExpression(line).Expr!, line, 1, 10, method: DescentMethod.Newton).Report!;

        Assert.Equal((DescentStop.SecondDerivativeSingular, 0), (report.Stop, report.StepsTaken));
        Assert.Equal(3, report.Inputs.Single().After);
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private static SourceLine Line(string text) => new("<test>", 1, text);

    private static HessianReport Hessian(Session session, string expression)
    {
        var line = Line(expression);
        var outcome = session.Hessian(SyntaxParser.ParseExpression(line).Expr!, line);
        Assert.True(outcome.Succeeded, string.Join("\n", outcome.Diagnostics));
        return outcome.Report!;
    }

    private static DerivativeOutcome Derive(Session session, string expression, string name)
    {
        var line = Line(expression);
        return session.Derive(SyntaxParser.ParseExpression(line).Expr!, line, new NameExpr(default, name));
    }
}
