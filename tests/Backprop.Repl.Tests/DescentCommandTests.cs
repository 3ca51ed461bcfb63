using System.Text.Json;
using static Backprop.Repl.Tests.GraphCommandTests;
using static Backprop.Repl.Tests.Printed;

namespace Backprop.Repl.Tests;

/// <summary><c>:descend</c> through the REPL and <c>backprop eval --json</c>.</summary>
public class DescentCommandTests
{
    [Fact]
    public void Descend_Human_ShowsTheLossFallingAndWhereEachInputWent()
    {
        var (output, errors) = GraphCommandTests.Repl("w = 0.5\n:descend (3*w - 6)^2 lr=0.05 steps=20\n:vars\n");

        Assert.Contains("L went from 20.25 to ", output);
        Assert.Contains(" in 20 steps (lr = 0.05)", output);
        // One variable: its value at each step beside the loss.
        var losses = TableAfter(output, "step", "L", "w");
        Assert.Equal(["0", "20.25", "0.5"], losses[0]);
        // The inputs' table comes next with as many columns: the steps end where its header starts.
        Assert.Equal("20", losses.TakeWhile(row => row[0] != "input").Last()[0]);
        // (:vars prints a table of as many columns right after, so take the first row.)
        var input = TableAfter(output, "input", "before", "after")[0];
        Assert.Equal(("w", "0.5"), (input[0], input[1]));
        Assert.Equal(2, double.Parse(input[2], System.Globalization.CultureInfo.InvariantCulture), 6);
        // The session keeps the new value.
        Assert.Equal(input[2], TableAfter(output, "name", "value", "kind").Single()[1]);
        // d(x^2)/d(2) at a negative base is undefined, but nothing the user moves or sees depends on it: no false alarm.
        Assert.DoesNotContain("NaN", errors);
    }

    [Fact]
    public void Descend_Json_HasEveryStepsLossAndEachInput()
    {
        var descend = JsonOf("descend", "w = 1\n:descend w*w lr=0.25 steps=2\n");

        Assert.Equal((2, 0.25, 2, 2, "finished"),
            (descend.GetProperty("line").GetInt32(), descend.GetProperty("lr").GetDouble(), descend.GetProperty("steps").GetInt32(),
             descend.GetProperty("taken").GetInt32(), descend.GetProperty("stop").GetString()));
        Assert.Equal([1, 0.25, 0.0625], descend.GetProperty("loss").EnumerateArray().Select(e => e.GetDouble()));
        var input = Assert.Single(descend.GetProperty("inputs").EnumerateArray());
        Assert.Equal(("w", 1.0, 0.25),
            (input.GetProperty("name").GetString(), input.GetProperty("before").GetDouble(), input.GetProperty("after").GetDouble()));
    }

    [Fact]
    public void Descend_AStepTooLarge_StopsAndSaysWhy()
    {
        var (output, errors) = GraphCommandTests.Repl("x = 1\n:descend x*x lr=1e300 steps=3\n");

        Assert.Contains("stopped after 0 of 3 steps: the next would have made L or an input NaN or infinite (try a smaller lr)", output);
        Assert.Equal("1", TableAfter(output, "input", "before", "after").Single()[2]);
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData(":descend 1+2", "2:10: error: nothing to descend on: the expression has no input variable")]
    [InlineData(":descend x lr=0", "2:15: error: option lr must be a positive number")]
    [InlineData(":descend x lr=1e999", "2:15: error: ")]
    [InlineData(":descend x steps=0", "2:18: error: option steps must be a whole number from 1 to 1,000,000")]
    [InlineData(":descend x steps=1.5", "2:18: error: option steps must be a whole number from 1 to 1,000,000")]
    [InlineData(":descend x steps=1000001", "2:18: error: option steps must be a whole number from 1 to 1,000,000")]
    [InlineData(":descend x rate=1", "2:12: error: unknown option 'rate' for ':descend': the options are lr, steps")]
    public void Descend_BadInput_IsAnErrorAtItsColumn_AndTheSessionKeepsItsVariables(string line, string expected)
    {
        var (output, errors) = GraphCommandTests.Repl($"x = 3\n{line}\n:vars\n");

        Assert.StartsWith("<repl>:" + expected, errors);
        Assert.Equal(["x", "3", "input"], TableAfter(output, "name", "value", "kind").Single());
    }

    [Fact]
    public void Descend_ManySteps_OnABigGraph_RunsWhatTheBudgetAllowsAndSaysSo()
    {
        // 50,000 nodes (x, 25,000 products, 24,999 sums) x 1,000,000 steps is far past the budget of 50,000,000.
        string big = string.Join(" + ", Enumerable.Repeat("x*x", 25_000));
        var (output, _) = GraphCommandTests.Repl($"x = 1\n:descend {big} lr=1e-9 steps=1000000\n");

        Assert.Contains("ran 1,000 of 1,000,000 steps: each one re-runs the whole graph of 50,000 nodes forward and backward", output);
    }

    [Fact]
    public void Descend_Wrt_Json_ListsOnlyTheInputsItMoved()
    {
        var descend = JsonOf("descend", "x = 2\nw = 1\n:descend (w*x - 1)^2 wrt w lr=0.05 steps=3\n");

        var input = Assert.Single(descend.GetProperty("inputs").EnumerateArray());
        Assert.Equal("w", input.GetProperty("name").GetString());
        Assert.True(input.GetProperty("after").GetDouble() < 1);
    }

    [Fact]
    public void Descend_StepsThatOvershoot_SaySo()
    {
        // x*x with lr = 1.5: x <- x - 3x = -2x, so L grows fourfold each step.
        var (output, _) = GraphCommandTests.Repl("x = 1\n:descend x*x lr=1.5 steps=3\n");

        Assert.Contains("L went from 1 to 64 in 3 steps", output);
        Assert.Contains("L ended higher than it started: the steps overshoot (try a smaller lr)", output);
    }
}
