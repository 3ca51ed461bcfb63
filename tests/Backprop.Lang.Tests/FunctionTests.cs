using Backprop.Lang.Analysis;
using Backprop.Lang.Diagnostics;
using Backprop.Lang.Evaluation;
using Backprop.Lang.Graph;

namespace Backprop.Lang.Tests;

/// <summary>
/// The user's own functions: <c>f(x) = x^2 + 1</c> defined, called, inlined as layers (a composite layer), and
/// every way a definition or a call can go wrong, with its span.
/// </summary>
public class FunctionTests
{
    private static Session At(string script)
    {
        var session = new Session();
        Assert.All(session.Run(script), o => Assert.True(o.Succeeded, string.Join("\n", o.Diagnostics)));
        return session;
    }

    private static GradientOutcome Grad(Session session, string expression)
    {
        var outcome = session.Gradient(expression);
        Assert.True(outcome.Succeeded, string.Join("\n", outcome.Diagnostics));
        return outcome;
    }

    private static Diagnostic SingleError(Session session, string line)
    {
        var outcome = session.Run(line).Single();
        return Assert.Single(outcome.Errors);
    }

    [Fact]
    public void IssueExample_FOf3_Is10_AndTheCallSiteLiteralGets6()
    {
        var session = At("f(x) = x^2 + 1");
        var outcome = Grad(session, "f(3)");
        Assert.Equal(10, outcome.Value);
        var three = Assert.Single(outcome.Literals, l => l.Text == "3");
        Assert.Equal(6, three.Gradient);
        Assert.Equal((2, 3), (three.Line, three.Column)); // the call site: line 2 of the session, "f(3)"
    }

    [Theory]
    [InlineData("k*w + sin(k)")]
    [InlineData("max(k, w)^2 - min(k, 3)")]
    [InlineData("sigmoid(k - w)*exp(w)/(1 + k*k)")]
    [InlineData("relu(k)*abs(w) + tanh(k*w)")]
    [InlineData("grad(k^3*w, k)")]
    public void ACall_GivesWhatTheBodyWrittenOutGives(string body)
    {
        // f(a, 2*b + a) against the body with k and w replaced by the arguments, parenthesised.
        var session = At($"f(k, w) = {body}\na = 0.7\nb = -0.4");
        string written = body.Replace("k", "(a)").Replace("w", "(2*b + a)");
        var called = Grad(session, "f(a, 2*b + a)");
        var expected = Grad(session, written);
        Assert.Equal(expected.Value, called.Value, 12);
        Assert.Equal(expected.GradientOf("a"), called.GradientOf("a"), 12);
        Assert.Equal(expected.GradientOf("b"), called.GradientOf("b"), 12);
    }

    [Fact]
    public void ConstantsInABody_AreOneLeafLikeItsLiterals_AndParametersHideThem()
    {
        var session = At("circle(r) = pi*r^2\nf(e) = e^2");
        var outcome = Grad(session, "circle(1) + circle(2)");
        Assert.Equal(5 * Math.PI, outcome.Value, 12);
        var pi = Assert.Single(outcome.Literals, l => l.Text == "pi");
        Assert.Equal((1, 13, 5.0), (pi.Line, pi.Column, pi.Gradient));
        Assert.Equal(9, Grad(session, "f(3)").Value);
    }

    [Fact]
    public void GradInABody_DifferentiatesByTheParameter_WhateverItIsBoundTo()
    {
        var session = At("d(x) = grad(x^3, x)");
        Assert.Equal(12, Grad(session, "d(2)").Value);
        Assert.Equal(12, Grad(session, "d(2*1)").Value);
    }

    [Fact]
    public void SeveralParameters_Loss()
    {
        var session = At("loss(y, t) = (y - t)^2\ny = 3\nt = 1");
        var outcome = Grad(session, "loss(y, t)");
        Assert.Equal(4, outcome.Value);
        Assert.Equal(4, outcome.GradientOf("y"));
        Assert.Equal(-4, outcome.GradientOf("t"));
    }

    [Fact]
    public void Parameters_AreLocal_AndShadowTheSessionsVariables()
    {
        var session = At("x = 100\nf(x) = 2*x");
        Assert.Equal(6, Grad(session, "f(3)").Value);
        Assert.Equal(200, Grad(session, "f(x)").Value);
        Assert.Equal(2, Grad(session, "f(x)").GradientOf("x"));
    }

    [Fact]
    public void OtherNames_AreTheSessionsVariables_LookedUpAtTheCall()
    {
        var session = At("w = 0.5\nneuron(x) = sigmoid(w*x)");
        var first = Grad(session, "neuron(2)");
        Assert.Equal(1 / (1 + Math.Exp(-1)), first.Value, 12);
        // The gradient reaches w, the session's variable, through the body.
        double s = first.Value;
        Assert.Equal(s * (1 - s) * 2, first.GradientOf("w"), 12);

        session.Run("w = 2");
        Assert.Equal(1 / (1 + Math.Exp(-4)), Grad(session, "neuron(2)").Value, 12);
    }

    [Fact]
    public void ANameThatIsNotAVariableYet_IsAWarningAtTheDefinition_AndAnErrorAtACallBeforeItIs()
    {
        var session = new Session();
        var defined = session.Run("scale(x) = k*x").Single();
        Assert.True(defined.Succeeded);
        var warning = Assert.Single(defined.Warnings);
        Assert.Contains("'k' is not a variable yet", warning.Message);
        Assert.Equal(new Text.TextSpan(11, 1), warning.Span);

        var failed = session.Gradient("scale(2)");
        var error = Assert.Single(failed.Errors);
        Assert.Equal("in scale, called at 2:1: unknown name 'k': assign it first, as in k = 1", error.Message);
        Assert.Equal(1, error.Line); // it points into the body
        Assert.Equal(12, error.Column);

        session.Run("k = 3");
        Assert.Equal(6, Grad(session, "scale(2)").Value);
    }

    [Fact]
    public void ABody_MayCallFunctionsDefinedBeforeIt_AndNestedCallsCompose()
    {
        var session = At("sq(x) = x*x\nquad(x) = sq(sq(x))\nx = 2");
        var outcome = Grad(session, "quad(x) + sq(x)");
        Assert.Equal(20, outcome.Value);
        Assert.Equal(4 * 8 + 2 * 2, outcome.GradientOf("x"));
        // Three calls: quad, and sq twice inside it, then sq at the top.
        var calls = outcome.Graph.Calls;
        Assert.Equal(["quad", "sq", "sq", "sq"], calls.Select(c => c.Function));
        Assert.Equal([-1, 0, 0, -1], calls.Select(c => c.Parent));
    }

    [Fact]
    public void BodyLiterals_AreReportedOnce_AtTheBody_SummedOverEveryCall()
    {
        var session = At("f(x) = 3*x");
        var outcome = Grad(session, "f(1) + f(2)");
        Assert.Equal(9, outcome.Value);
        var three = Assert.Single(outcome.Literals, l => l.Text == "3");
        Assert.Equal((1, 8), (three.Line, three.Column));
        Assert.Equal(1 + 2, three.Gradient); // d/d3 of 3*1 + 3*2
        Assert.Equal(3, outcome.Literals.Single(l => l.Text == "1").Gradient);
        Assert.Equal(3, outcome.Literals.Single(l => l.Text == "2").Gradient);
        // Listed where they were written: 1, then the body's 3 (after the first call's argument), then 2.
        Assert.Equal(["1", "3", "2"], outcome.Literals.Select(l => l.Text));
    }

    [Fact]
    public void BodyLiteral_SumAgreesWithCentralDifferences()
    {
        var session = At("f(x) = x^2.5\nx = 1.7");
        var outcome = Grad(session, "f(x) * f(2*x)");
        var exponent = outcome.Literals.Single(l => l.Text == "2.5");
        double Value(double p) => Math.Pow(1.7, p) * Math.Pow(3.4, p);
        double h = 1e-6;
        Assert.Equal((Value(2.5 + h) - Value(2.5 - h)) / (2 * h), exponent.Gradient, 4);
        // :check perturbs the one leaf the body's literal is, so it sees the sum over both calls too.
        var check = GradientCheck.Run(outcome.Graph, outcome.Gradients, outcome.Literals.Select(l => l.Node).Concat(outcome.Variables.Select(v => v.Node)));
        Assert.Equal(check.Leaves.Count, check.Agreeing);
    }

    [Fact]
    public void AnEarlierStatementsCall_IsNotThisExpressionsLiterals()
    {
        var session = At("f(x) = 3*x\nx = 2\ny = f(x)");
        var outcome = Grad(session, "y + 1");
        Assert.Equal(["1"], outcome.Literals.Select(l => l.Text));
        Assert.Equal(3, outcome.GradientOf("x"));
    }

    [Fact]
    public void Redefining_ReplacesAndSaysWhichLine()
    {
        var session = At("f(x) = x^2");
        var outcome = Assert.IsType<FunctionOutcome>(session.Run("f(x) = x^3").Single());
        Assert.Equal(1, outcome.Replaced);
        Assert.Equal(8, Grad(session, "f(2)").Value);
    }

    [Fact]
    public void GradOfACall_WorksLikeAnyExpression()
    {
        var session = At("f(x) = x^3\nx = 2");
        Assert.Equal(12, Grad(session, "grad(f(x), x)").Value);
        Assert.Equal(12, Grad(session, "grad(grad(f(x), x), x)").Value);
        var hessian = session.Hessian(Syntax.SyntaxParser.ParseExpression(new Text.SourceLine("<t>", 9, "f(x)")).Expr!, new Text.SourceLine("<t>", 9, "f(x)"));
        Assert.Equal(12, hessian.Report!.Matrix[0][0]);
    }

    [Fact]
    public void AFunctionOfNoVariables_AssignsAnInput()
    {
        var session = At("f(x) = x^2 + 1\ny = f(3)");
        Assert.True(session.TryGetVariable("y", out var y));
        Assert.Equal((10, VariableKind.Input), (y.Value, y.Kind));
    }

    [Theory]
    [InlineData("f(x) = f(x)", 7, 1, "'f' calls itself")]
    [InlineData("exp(x) = x", 0, 3, "'exp' is a built-in function and cannot be redefined")]
    [InlineData("f(x, x) = 1", 5, 1, "parameter 'x' is named twice")]
    [InlineData("f(2*x) = 1", 2, 3, "a parameter must be a name, not '2*x'")]
    [InlineData("f(sin) = 1", 2, 3, "'sin' is a built-in function and cannot be a parameter")]
    [InlineData("f(x) = nope(x)", 7, 4, "unknown function 'nope'")]
    [InlineData("f(x) = sin(x, x)", 7, 9, "'sin' takes 1 argument, but 2 were given")]
    public void DefinitionErrors_HaveTheirSpans(string line, int start, int length, string message)
    {
        var error = SingleError(new Session(), line);
        Assert.Equal(new Text.TextSpan(start, length), error.Span);
        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void RecursionThroughAnotherFunction_IsRefused_AtTheCallThatClosesTheCycle()
    {
        var session = At("f(x) = x\ng(x) = f(x) + 1");
        var error = SingleError(session, "f(x) = 2*g(x)");
        Assert.Equal("'f' would call itself through 'g': the language has no conditional to stop the calls, so a function cannot be recursive", error.Message);
        Assert.Equal(new Text.TextSpan(9, 1), error.Span);
        // Refused: the old f stands.
        Assert.Equal(5, Grad(session, "f(5)").Value);
    }

    [Fact]
    public void CallErrors_HaveTheirSpans_AndSuggestTheUsersFunctions()
    {
        var session = At("square(x) = x*x\nv = 1");
        var wrong = Assert.Single(session.Gradient("square(1, 2)").Errors);
        Assert.Equal("'square' takes 1 argument, but 2 were given", wrong.Message);
        Assert.Equal(new Text.TextSpan(0, 12), wrong.Span);

        var unknown = Assert.Single(session.Gradient("sqare(2)").Errors);
        Assert.Contains("did you mean", unknown.Message);
        Assert.Contains("'square'", unknown.Message);

        var bare = Assert.Single(session.Gradient("square + 1").Errors);
        Assert.Equal("'square' is a function: call it with 1 argument, as in square(x)", bare.Message);

        Assert.Equal("'v' is a variable; choose another name for the function", SingleError(session, "v(x) = x").Message);
        Assert.StartsWith("'square' is a function (defined on line 1) and cannot be assigned", SingleError(session, "square = 2").Message);
    }

    [Fact]
    public void ErrorsLoseNothing_TheSessionKeepsItsFunctionsAndVariables()
    {
        var session = At("f(x) = x + 1\na = 2");
        session.Run("f(x) = f(x)");
        session.Run("g(x) = nope(x)");
        Assert.Equal(3, Grad(session, "f(a)").Value);
        Assert.Equal(["f"], session.UserFunctions.Names);
    }

    [Fact]
    public void Reset_ForgetsFunctions()
    {
        var session = At("f(x) = x");
        session.Reset();
        Assert.Equal(0, session.UserFunctions.Count);
        Assert.Contains("unknown function 'f'", Assert.Single(session.Gradient("f(1)").Errors).Message);
    }

    [Fact]
    public void ExponentialInlining_IsRefusedBeforeItIsBuilt()
    {
        var session = At("f0(x) = x + x");
        for (int i = 1; i <= 22; i++)
        {
            Assert.True(session.Run($"f{i}(x) = f{i - 1}(x) * f{i - 1}(x)").Single().Succeeded);
        }
        // f18 inlines 2^19 - 1 nodes: fine. Two calls of f22 would be 16 million, more than a line may build:
        // refused, with the count, and so is a definition whose body would be that big.
        Assert.Equal(double.PositiveInfinity, Grad(session, "f18(1)").Value); // 2^(2^18)
        var error = Assert.Single(session.Gradient("f22(1) + f22(1)").Errors);
        Assert.Equal("the function calls here would build 16,777,217 nodes, more than the 10,000,000 one line may have", error.Message);
        Assert.StartsWith("the function calls here would build 16,777,215 nodes", SingleError(session, "f23(x) = f22(x) * f22(x)").Message);
    }

    [Fact]
    public void ADeepChainOfFunctions_DoesNotRecurse()
    {
        // Each function calls the one before: 20,000 levels of calls inside each other.
        var session = new Session();
        session.Run("f0(x) = x + 1");
        for (int i = 1; i < 20_000; i++)
        {
            Assert.True(session.Run($"f{i}(x) = f{i - 1}(x)").Single().Succeeded);
        }
        var outcome = Grad(session, "f19999(1)");
        Assert.Equal(2, outcome.Value);
        Assert.Equal(20_000, outcome.Graph.Calls.Count);
        var trace = Trace.Of(outcome.Graph);
        Assert.Equal(20_000, trace.Calls.Count);
        Assert.Contains("subgraph cluster_19999", DotWriter.Write(outcome.Graph, v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void NestedCallsEachAddingALayer_TraceEveryCallsTotals()
    {
        // f3(x) = f2(x) + 1, f2(x) = f1(x) + 1, f1(x) = f0(x) + 1, f0(x) = 2*x: each call sends dL/dx = 2 to x.
        var session = At("f0(x) = 2*x\nf1(x) = f0(x) + 1\nf2(x) = f1(x) + 1\nf3(x) = f2(x) + 1\nx = 5");
        var outcome = Grad(session, "f3(x)");
        Assert.Equal(13, outcome.Value);
        var trace = Trace.Of(outcome.Graph);
        var x = outcome.Variables.Single().Node;
        Assert.Equal(["f3", "f2", "f1", "f0"], trace.Calls.Select(c => c.Function));
        Assert.All(trace.Calls, call => Assert.Equal((x, 2.0), (call.Sent.Single(s => s.To == x).To, call.Sent.Single(s => s.To == x).Gradient)));
        // Each call's first node: the calls are nested, so each starts no later than the one inside it.
        var calls = outcome.Graph.Calls;
        Assert.True(calls.Zip(calls.Skip(1)).All(pair => pair.First.First <= pair.Second.First));
    }

    [Fact]
    public void Trace_SeesACallAsACompositeLayer()
    {
        var session = At("f(x) = x^2 + 1\nx = 3");
        var outcome = Grad(session, "2*f(x)");
        var trace = Trace.Of(outcome.Graph);
        var call = Assert.Single(trace.Calls);
        Assert.Equal("f", call.Function);
        Assert.Equal(10, call.OutputValue);
        Assert.Equal(2, call.Dout);
        var x = outcome.Variables.Single(v => v.Name == "x").Node;
        Assert.Equal([x], call.Inputs);
        var sent = Assert.Single(call.Sent);
        Assert.Equal((x, 12.0), (sent.To, sent.Gradient)); // 2 * 2x
        // The body's layers are inside the call; the outer MulLayer is not.
        Assert.Equal(["PowLayer", "AddLayer"], trace.Forward.Where(s => s.Call == 0).Select(s => s.Layer));
        Assert.Equal(-1, trace.Forward.Single(s => s.Layer == "MulLayer").Call);
    }

    [Fact]
    public void Dot_DrawsEachCallAsALabelledCluster()
    {
        var session = At("sq(x) = x*x\nquad(x) = sq(sq(x))");
        var dot = DotWriter.Write(Grad(session, "quad(3)").Graph, v => v.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("subgraph cluster_0 {", dot);
        Assert.Contains("label=\"quad (call at 3:1)\";", dot);
        Assert.Contains("label=\"sq (call at 2:11)\";", dot);
        // Nested: sq's clusters open inside quad's before it closes.
        int quad = dot.IndexOf("cluster_0", StringComparison.Ordinal), inner = dot.IndexOf("cluster_1", StringComparison.Ordinal);
        Assert.True(quad < inner);
        Assert.Equal(dot.Count(c => c == '{'), dot.Count(c => c == '}'));
    }
}
