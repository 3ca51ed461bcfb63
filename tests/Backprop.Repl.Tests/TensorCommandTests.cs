using static Backprop.Repl.Tests.GraphCommandTests;
using static Backprop.Repl.Tests.Printed;

namespace Backprop.Repl.Tests;

/// <summary>Tensors through scripts and JSON: the contract's lines, exactly, and the errors a learner meets first.</summary>
public class TensorCommandTests
{
    [Fact]
    public void Value_And_Grad_Json_AreExactlyTheContract()
    {
        var result = GraphCommandTests.Cli(["eval", "--json", "-"], "[1, 2]\nW = [[1, 2], [3, 4]]\n:grad sum([1, 2] @ W)\n");

        Assert.Equal(0, result.ExitCode);
        var lines = Lines(result.Out);
        Assert.Equal("""{"kind":"value","line":1,"shape":[2],"value":[1,2]}""", lines[0]);
        Assert.Equal("""{"kind":"assign","line":2,"name":"W","shape":[2,2],"value":[[1,2],[3,4]]}""", lines[1]);
        Assert.Equal("""{"kind":"grad","line":3,"value":17,"leaves":[""" +
            """{"kind":"literal","name":"[1, 2]","line":3,"column":11,"shape":[2],"value":[1,2],"grad":[3,7]},""" +
            """{"kind":"variable","name":"W","shape":[2,2],"value":[[1,2],[3,4]],"grad":[[1,1],[2,2]]}],"intermediates":[]}""", lines[2]);
    }

    [Theory]
    [InlineData("[1, 2] + [1, 2, 3]", "1:8: error: cannot broadcast 2 with 3")]
    [InlineData("[[1, 2], [3, 4]] @ [1, 2, 3]", "1:18: error: '@' needs the inner sizes to match, but 2×2 @ 3 has 2 against 3")]
    [InlineData("[[1, 2], [3]]", "1:10: error: this row has 1 element, but the first row has 2")]
    [InlineData("[1, 2][5]", "1:8: error: index 5 is out of range for axis 0 of size 2")]
    [InlineData(":grad [1, 2] * 3", "1:7: error: the expression is a 2 tensor, but a gradient starts from one number: wrap it in sum(...) or mean(...)")]
    [InlineData("sum([[1, 2]], axis=2)", "1:20: error: axis 2 is out of range for a 1×2 tensor")]
    [InlineData("randn(-1, 2)", "1:7: error: randn's sizes must be whole numbers from 1 up, not -1")]
    [InlineData("reshape([1, 2, 3], 2, 2)", "1:1: error: cannot reshape 3 (3 elements) to 2×2 (4 elements)")]
    [InlineData("zeros(100000, 100000)", "1:1: error: a 100000×100000 tensor would hold 10,000,000,000 numbers")]
    public void ShapeErrors_PointAtTheOperatorOrCall_WithBothShapes(string line, string expected)
    {
        var result = GraphCommandTests.Cli(["eval", "-"], line + "\n");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(expected, result.Err);
    }
}

/// <summary>JSON writes numbers in README's one format (1e-6), still JSON numbers that round-trip.</summary>
public class JsonNumberFormatTests
{
    [Theory]
    [InlineData("1e-6", "1e-6", 1e-6)]
    [InlineData("2.5e20", "2.5e20", 2.5e20)]
    [InlineData("1e-300", "1e-300", 1e-300)]
    [InlineData("0.1", "0.1", 0.1)]
    public void Json_Numbers_UseTheOneNumberFormat_AndRoundTrip(string input, string written, double value)
    {
        var result = GraphCommandTests.Cli(["eval", "--json", "-"], input + "\n");

        Assert.Equal($$"""{"kind":"value","line":1,"value":{{written}}}""", Printed.Lines(result.Out)[0]);
        using var json = System.Text.Json.JsonDocument.Parse(Printed.Lines(result.Out)[0]);
        Assert.Equal(value, json.RootElement.GetProperty("value").GetDouble());
    }
}
