namespace Backprop.Repl.Tests;

/// <summary>The rough edges a new user met (issue 24), each with the message that should have been there.</summary>
public class RoughEdgeTests
{
    [Theory]
    [InlineData("ln(2)", "1:1: error: unknown function 'ln': the natural logarithm is 'log' here")]
    [InlineData("x = 3\n:check x*x eps=abc", "2:16: error: option eps is a number, and 'abc' is not one")]
    [InlineData("x = 3\n:descend x*x lr=fast", "2:17: error: option lr is a number, and 'fast' is not one")]
    [InlineData("for i in 1..3", "1:5: error: backprop has no 'for' loops")]
    [InlineData("x = 1/0", "1:6: warning: 1/0 is Infinity (division by zero)")]
    public void Message_SaysWhatTheUserMeant(string script, string expected)
    {
        var result = GraphCommandTests.Cli(["eval", "-"], script + "\n");

        Assert.Contains(expected, result.Err);
    }

    [Fact]
    public void GradCommand_WithAnUnboundName_SuggestsSet()
    {
        var result = GraphCommandTests.Cli(["grad", "x*y", "--set", "x=2"], "");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("backprop: give 'y' a value with --set, as in: backprop grad 'x*y' --set x=2 --set y=1", result.Err);
    }

    [Fact]
    public void AVeryLongPath_IsShortenedInTheMessage()
    {
        // The fuzzer's finding: a message quoted a 1,000-character path twice (the system's reason repeats it).
        string path = new string('0', 1200) + "/no-such-folder/g.dot";
        var (_, errors) = GraphCommandTests.Repl($"x = 2\n:dot x > {path}\n");

        Assert.Contains("cannot write", errors);
        Assert.All(errors.Split('\n'), line => Assert.True(line.Length <= 1000, $"{line.Length} characters"));
        Assert.Contains("…", errors);
    }

    [Fact]
    public void Help_ListsGradAndTheKinkFunctions()
    {
        var (output, _) = GraphCommandTests.Repl(":help\n");

        Assert.Contains("grad(EXPR, NAME)", output);
        Assert.Contains("sign heaviside mask", output);
        Assert.Contains("log (natural)", output);
    }
}

/// <summary>Newton's method shows where x goes, as README says it follows x = 2, 1.4545, 1.1510, ...</summary>
public class DescentPathTests
{
    [Fact]
    public void Descend_WithoutWrt_SaysItMovesEveryInput_TheDataToo()
    {
        var (output, _) = GraphCommandTests.Repl("x = 2\nw = 0.5\n:descend (w*x - 1)^2 steps=2\n");
        Assert.Contains("moving every input of the expression: x, w (to keep data still, name what moves: wrt w)", output);

        var (named, _) = GraphCommandTests.Repl("x = 2\nw = 0.5\n:descend (w*x - 1)^2 wrt w steps=2\n");
        Assert.DoesNotContain("moving every input", named);
    }

    [Fact]
    public void Quiz_AnInfiniteAnswer_IsSaidToBeNoNumber_AndAPluggedRuleIsNotSaidTwice()
    {
        var (output, _) = GraphCommandTests.Repl(":quiz 5 - 3\n1/0\n-2\n");

        Assert.Contains("'1/0' is Infinity, not a finite number", output);
        Assert.Contains("applies dy = -dout = -1, so dL/d(3) = -1", output);
        Assert.DoesNotContain("= -1 = -1", output);
    }

    [Fact]
    public void Newton_ShowsTheVariablePerStep_InTheTableAndTheJson()
    {
        const string script = "x = 2\n:descend x^4 - 2*x^2 wrt x method=newton steps=3\n";
        var (output, _) = GraphCommandTests.Repl(script);
        Assert.Contains("│ 1    │ 0.244792022403  │ 1.45454545455 │", output);

        var json = GraphCommandTests.Cli(["eval", "--json", "-"], script);
        Assert.Contains("\"path\":[[2],[1.4545454545454546],[1.1510467893775467],[1.0253259289766978]]", json.Out);
    }
}
