using Backprop.Lang.Evaluation;
using Backprop.Lang.Syntax;

namespace Backprop.Lang.Tests;

/// <summary>The public API end to end: running lines, binding names, and what a failure leaves behind.</summary>
public class SessionTests
{
    [Fact]
    public void Run_Script_GivesOneOutcomePerLine()
    {
        var outcomes = new Session().Run("x = 3\ny = x*x\n\n# comment\ny + 1\n:vars");

        Assert.Collection(outcomes,
            o => Assert.Equal(("x", 3.0, VariableKind.Input), Assignment(o)),
            o => Assert.Equal(("y", 9.0, VariableKind.Intermediate), Assignment(o)),
            o => Assert.Empty(Assert.IsType<EmptyOutcome>(o).Diagnostics),
            o => Assert.Empty(Assert.IsType<EmptyOutcome>(o).Diagnostics),
            o => Assert.Equal(10.0, Assert.IsType<ValueOutcome>(o).Value),
            o => Assert.Equal("vars", Assert.IsType<CommandOutcome>(o).Command.Name));
        Assert.All(outcomes, o => Assert.True(o.Succeeded));
        Assert.Equal([1, 2, 3, 4, 5, 6], outcomes.Select(o => o.Source.Number));
    }

    private static (string, double, VariableKind) Assignment(Outcome outcome)
    {
        var a = Assert.IsType<AssignmentOutcome>(outcome);
        return (a.Name, a.Value, a.Kind);
    }

    [Fact]
    public void Run_LineNumbers_ContinueAcrossCalls()
    {
        var session = new Session();
        session.Run("x = 1\ny = 2");

        var error = Assert.Single(Assert.Single(session.Run("nope")).Errors);

        Assert.Equal(3, error.Line);
    }

    [Theory]
    [InlineData("x = 3", 3.0)]
    [InlineData("x = -3", -3.0)]
    [InlineData("x = 2*3 + 1", 7.0)]
    [InlineData("x = sin(0) + 2^-1", 0.5)]
    public void Assign_ConstantExpression_MakesAnInput(string line, double value)
    {
        var session = new Session();

        var outcome = Assert.IsType<AssignmentOutcome>(Assert.Single(session.Run(line)));

        Assert.Equal(VariableKind.Input, outcome.Kind);
        Assert.Equal(value, outcome.Value);
        Assert.Equal(new Variable("x", value, VariableKind.Input), Assert.Single(session.Variables));
        // An input is a leaf: the gradient stops at it rather than at the literals it was computed from.
        var g = session.Gradient("x * 2");
        Assert.Equal(2, g.GradientOf("x"));
        Assert.Equal(["2"], g.Literals.Select(l => l.Text));
    }

    [Fact]
    public void Variables_ListNamesInFirstBindingOrderWithTheirKinds()
    {
        var session = new Session();
        session.Run("apple = 100\napple_num = 2\napple_price = apple * apple_num\napple = 150");

        Assert.Equal(
            [
                new Variable("apple", 150, VariableKind.Input),
                new Variable("apple_num", 2, VariableKind.Input),
                new Variable("apple_price", 200, VariableKind.Intermediate),
            ],
            session.Variables);
    }

    [Fact]
    public void Rebinding_DoesNotChangeWhatWasComputedFromTheOldValue()
    {
        var session = new Session();
        session.Run("x = 3\ny = x*x\nx = 5");

        Assert.True(session.TryGetVariable("y", out var y));
        Assert.Equal(9, y.Value);
        Assert.True(session.TryGetVariable("x", out var x));
        Assert.Equal(5, x.Value);
        // y still depends on the x it was computed from (3), not on the new x; that one is shown as
        // "x@1" (x as assigned on line 1) so it cannot be taken for the current x.
        var g = session.Gradient("y");
        Assert.Equal(9, g.Value);
        Assert.Equal(6, g.GradientOf("x@1"));
        Assert.Equal(10, session.Gradient("x*2").Value);

        var both = session.Gradient("y + x");
        Assert.Equal(["x@1", "x"], both.Variables.Select(v => v.Name));
        Assert.Equal(6, both.GradientOf("x@1"));
        Assert.Equal(1, both.GradientOf("x"));
    }

    [Fact]
    public void Rebinding_ANameToItself_BuildsOnTheOldValue()
    {
        var session = new Session();
        session.Run("x = 2\nc = x\nc = c * c\nc = c * c");

        var g = session.Gradient("c");

        Assert.Equal(16, g.Value);
        Assert.Equal(32, g.GradientOf("x"));
    }

    [Theory]
    [InlineData("x = foo + 1")]
    [InlineData("x = 1 +")]
    [InlineData("x = sinn(2)")]
    [InlineData("y = 2x")]
    [InlineData("3 = x")]
    public void FailedStatement_KeepsEarlierVariables(string failing)
    {
        var session = new Session();
        session.Run("x = 3\ny = x + 1");
        var before = session.Variables;

        var outcome = Assert.Single(session.Run(failing));

        Assert.False(outcome.Succeeded);
        Assert.NotEmpty(outcome.Errors);
        Assert.Equal(before, session.Variables);
        Assert.Equal(8, session.Gradient("y * 2").Value);
        Assert.Equal(2, session.Gradient("y * 2").GradientOf("x"));
    }

    [Fact]
    public void FailedLine_DoesNotStopTheLinesAfterIt()
    {
        var session = new Session();

        var outcomes = session.Run("x = 1\ny = nope\nz = x + 1");

        Assert.Equal([true, false, true], outcomes.Select(o => o.Succeeded));
        Assert.Equal(["x", "z"], session.Variables.Select(v => v.Name));
    }

    [Fact]
    public void Gradient_DoesNotBindOrChangeVariables()
    {
        var session = new Session();
        session.Run("x = 3");

        session.Gradient("x * x");
        session.Gradient("nope + 1");
        session.Run("x * 10");

        Assert.Equal(new Variable("x", 3, VariableKind.Input), Assert.Single(session.Variables));
    }

    [Fact]
    public void Gradient_OfAStatementOrCommand_IsAnErrorNotAnException()
    {
        var session = new Session();

        Assert.False(session.Gradient("x = 1").Succeeded);
        Assert.False(session.Gradient(":grad 1").Succeeded);
        Assert.False(session.Gradient("").Succeeded);
        Assert.Empty(session.Variables);
    }

    [Fact]
    public void Gradient_ReportsNamedIntermediatesItFlowedThrough()
    {
        var session = new Session();
        session.Run("a = 2\nb = a * 3\nc = b + 1");

        var g = session.Gradient("c * 2");

        Assert.Equal(14, g.Value);
        Assert.Equal(6, g.GradientOf("a"));
        Assert.Equal(2, g.GradientOf("b"));
        Assert.Equal(2, g.GradientOf("c"));
        Assert.Throws<KeyNotFoundException>(() => g.GradientOf("nope"));
    }

    [Fact]
    public void Reset_ForgetsEveryVariable()
    {
        var session = new Session();
        session.Run("x = 1\ny = x + 1");

        session.Reset();

        Assert.Empty(session.Variables);
        Assert.False(session.Gradient("x").Succeeded);
    }

    [Fact]
    public void Execute_RunsAParsedLine()
    {
        var session = new Session();
        var parsed = SyntaxParser.ParseLine("x = 4");

        var outcome = session.Execute(parsed);

        Assert.Equal(("x", 4.0, VariableKind.Input), Assignment(outcome));
    }
}
