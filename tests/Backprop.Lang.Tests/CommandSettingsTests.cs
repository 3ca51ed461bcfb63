using Backprop.Lang.Analysis;
using Backprop.Lang.Commands;
using Backprop.Lang.Evaluation;
using Backprop.Lang.Syntax;

namespace Backprop.Lang.Tests;

/// <summary>What :check and :descend accept and mean, read once for every front end.</summary>
public sealed class CommandSettingsTests
{
    private static (CommandStatement Command, Text.SourceLine Source) Command(string line)
    {
        var parsed = SyntaxParser.ParseLine(line);
        Assert.False(parsed.HasErrors);
        return ((CommandStatement)parsed.Statement!, parsed.Source);
    }

    [Fact]
    public void Check_WithoutOptions_UsesTheDefaults()
    {
        var (command, source) = Command(":check x*x");
        var settings = CheckSettings.Read(command, source, out var error);
        Assert.Null(error);
        // No eps: the check chooses its step from the value's magnitude.
        Assert.Equal(new CheckSettings(null, GradientCheck.DefaultTolerance), settings);
    }

    [Theory]
    [InlineData(":check x eps=1", "option eps must be between 0 and 1", 14)]
    [InlineData(":check x tol=0", "option tol must be a positive number", 14)]
    public void Check_BadValue_IsAnErrorAtTheValue(string line, string message, int column)
    {
        var (command, source) = Command(line);
        Assert.Null(CheckSettings.Read(command, source, out var error));
        Assert.Equal(message, error!.Message);
        Assert.Equal(column, error.Column);
    }

    [Fact]
    public void Descend_ReadsItsOptions_AndRejectsAFractionOfAStep()
    {
        var (command, source) = Command(":descend w*w lr=0.5 steps=3");
        Assert.Equal(new DescentSettings(0.5, 3), DescentSettings.Read(command, source, out _));
        var (bad, badSource) = Command(":descend w*w steps=2.5");
        Assert.Null(DescentSettings.Read(bad, badSource, out var error));
        Assert.Contains("a whole number from 1 to 1,000,000", error!.Message);
    }

    [Theory]
    [InlineData(":check x lr=1", "unknown option 'lr' for ':check': the options are eps, tol")]
    [InlineData(":check x wrt x", "':check' takes no 'wrt' list")]
    [InlineData(":check x > out.dot", "':check' cannot write to a file")]
    public void Unexpected_NamesWhatTheCommandDoesNotTake(string line, string message)
    {
        var (command, source) = Command(line);
        var error = CommandSettings.Unexpected(command, source, CheckSettings.Options, acceptsWrt: false, acceptsTarget: false);
        Assert.StartsWith(message, error!.Message);
    }

    [Fact]
    public void Check_Run_ChecksTheVariablesThenTheLiterals()
    {
        var session = new Session();
        session.Run("x = 3");
        var outcome = session.Gradient("x*x + 2");
        var run = new CheckSettings(GradientCheck.DefaultEpsilon, GradientCheck.DefaultTolerance).Run(outcome);
        Assert.False(run.Limited);
        Assert.Equal([outcome.Variables[0].Node, outcome.Literals[0].Node], run.Report.Leaves.Select(l => l.Node));
        Assert.All(run.Report.Leaves, l => Assert.Equal(CheckVerdict.Agrees, l.Verdict));
    }
}
