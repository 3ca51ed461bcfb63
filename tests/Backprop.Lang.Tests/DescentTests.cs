using Backprop.Lang.Analysis;
using Backprop.Lang.Diagnostics;
using Backprop.Lang.Evaluation;
using Backprop.Lang.Syntax;
using Backprop.Lang.Text;

namespace Backprop.Lang.Tests;

/// <summary>Gradient descent on an expression's compiled graph, and what it leaves in the session.</summary>
public class DescentTests
{
    private static DescentOutcome Descend(Session session, string expression, double learningRate, int steps, params string[] wrt)
    {
        var source = new SourceLine("<test>", 99, expression);
        var (expr, diagnostics) = SyntaxParser.ParseExpression(source);
        Assert.Empty(diagnostics);
        int at = expression.Length;
        return session.Descend(expr!, source, learningRate, steps, [.. wrt.Select(name => new NameExpr(new TextSpan(at, name.Length), name))]);
    }

    private static double ValueOf(Session session, string name) =>
        session.TryGetVariable(name, out var variable) ? variable.Value : throw new KeyNotFoundException(name);

    [Fact]
    public void Descend_OneStep_MovesTheInputAgainstItsGradient()
    {
        var session = new Session();
        session.Run("x = 1");

        var report = Descend(session, "x*x", 0.25, 1).Report!;

        Assert.Equal([1.0, 0.25], report.Losses);                      // x = 1 - 0.25 * 2 = 0.5
        Assert.Equal(new DescentInput("x", 0, 1, 0.5), Assert.Single(report.Inputs));
        Assert.Equal(DescentStop.Finished, report.Stop);
        Assert.Equal(0.5, ValueOf(session, "x"));
    }

    [Fact]
    public void Descend_Quadratic_ConvergesToItsMinimum_AndTheLossNeverRises()
    {
        var session = new Session();
        session.Run("x = 0");

        var report = Descend(session, "(x - 3)^2", 0.1, 200).Report!;

        Assert.Equal(200, report.StepsTaken);
        Assert.Equal(3, ValueOf(session, "x"), 9);
        Assert.All(report.Losses.Zip(report.Losses.Skip(1)), pair => Assert.True(pair.Second <= pair.First));
    }

    [Fact]
    public void Descend_IntermediatesBuiltOnTheInputs_FollowThem()
    {
        var session = new Session();
        session.Run("w = 1\ny = w*w\nloss = (w - 2)^2");

        Descend(session, "loss", 0.5, 1);        // d/dw (w-2)^2 = -2 at w = 1: w = 1 + 0.5*2 = 2

        Assert.Equal(2, ValueOf(session, "w"));
        Assert.Equal(4, ValueOf(session, "y"));
        Assert.Equal(0, ValueOf(session, "loss"));
    }

    [Fact]
    public void Descend_AStepThatOverflows_StopsAtTheLastFiniteState()
    {
        var session = new Session();
        session.Run("x = 1");

        var report = Descend(session, "x*x", 1e300, 5).Report!;

        Assert.Equal(DescentStop.Diverged, report.Stop);
        Assert.Equal(0, report.StepsTaken);
        Assert.Equal(1, ValueOf(session, "x"));
    }

    [Fact]
    public void Descend_AnInfiniteGradient_GivesNoDirection()
    {
        var session = new Session();
        session.Run("x = 0");

        var outcome = Descend(session, "sqrt(x)", 0.1, 5);

        Assert.Equal(DescentStop.GradientNotFinite, outcome.Report!.Stop);
        Assert.Equal(0, ValueOf(session, "x"));
    }

    [Fact]
    public void Descend_WithoutAnInputVariable_IsAnErrorAndChangesNothing()
    {
        var outcome = Descend(new Session(), "(1*2)*(10+20)", 0.1, 5);

        Assert.Null(outcome.Report);
        var error = Assert.Single(outcome.Errors);
        Assert.Equal(Messages.NothingToDescend, error.Message);
        Assert.Equal(new TextSpan(0, 13), error.Span);
    }

    [Fact]
    public void Descend_AVariableReboundSince_MovesTheOldLeafThatTheExpressionReaches()
    {
        var session = new Session();
        session.Run("x = 1\ny = x*x\nx = 5");

        var report = Descend(session, "y + x", 0.25, 1).Report!;

        // y still reaches the x of line 1 (shown as x@1); both leaves move, each by its own gradient.
        Assert.Equal(["x@1", "x"], report.Inputs.Select(i => i.Name));
        Assert.Equal(0.5, report.Inputs[0].After);
        Assert.Equal(4.75, ValueOf(session, "x"));
        Assert.Equal(0.25, ValueOf(session, "y"));
    }

    [Fact]
    public void Descend_Wrt_MovesOnlyTheNamedInputs()
    {
        var session = new Session();
        session.Run("x = 2\ntarget = 0.9\nw = 0.5");

        var report = Descend(session, "(w*x - target) * (w*x - target)", 0.1, 50, "w").Report!;

        Assert.Equal(["w"], report.Inputs.Select(i => i.Name));
        Assert.Equal(0.45, ValueOf(session, "w"), 9);
        Assert.Equal((2, 0.9), (ValueOf(session, "x"), ValueOf(session, "target")));
    }

    [Fact]
    public void Descend_WrtANameThatIsNotAnInputOfTheExpression_IsAnErrorAtThatName()
    {
        var session = new Session();
        session.Run("x = 2\nw = 0.5\nz = 1");

        var outcome = Descend(session, "w*x", 0.1, 5, "z");

        Assert.Null(outcome.Report);
        var error = Assert.Single(outcome.Errors);
        Assert.Equal(Messages.NotAnInputOf("z", ["x", "w"]), error.Message);
        Assert.Equal(new TextSpan(3, 1), error.Span);
        Assert.Equal(0.5, ValueOf(session, "w"));
    }
}
