using System.Text.Json;
using static Backprop.Repl.Tests.GraphCommandTests;
using static Backprop.Repl.Tests.Printed;

namespace Backprop.Repl.Tests;

/// <summary><c>grad(...)</c>, <c>:hessian</c>, <c>:deriv</c> and <c>:descend ... method=newton</c> through the REPL and JSON.</summary>
public class DerivativeCommandTests
{
    [Fact]
    public void Grad_InAnAssignmentAndABareExpression_GivesTheUsualObjects()
    {
        var result = GraphCommandTests.Cli(["eval", "--json", "-"], "x = 3\ndy = grad(x^3, x)\ngrad(dy, x)\n");

        Assert.Equal(0, result.ExitCode);
        var lines = Lines(result.Out).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal("""{"kind":"assign","line":2,"name":"dy","value":27}""", JsonSerializer.Serialize(lines[1]));
        Assert.Equal("""{"kind":"value","line":3,"value":18}""", JsonSerializer.Serialize(lines[2]));
    }

    [Fact]
    public void Hessian_Json_IsExactlyTheContract()
    {
        var hessian = JsonOf("hessian", "x = 1\ny = 2\n:hessian x^2*y + y^3\n");

        Assert.Equal("""{"kind":"hessian","line":3,"value":10,"variables":["x","y"],"gradient":[4,13],"matrix":[[4,2],[2,12]]}""",
            JsonSerializer.Serialize(hessian));
    }

    [Fact]
    public void Hessian_Human_ShowsTheGradientAndTheMatrix()
    {
        var (output, errors) = GraphCommandTests.Repl("x = 1\ny = 2\n:hessian x^2*y + y^3 wrt y, x\n");

        Assert.Empty(errors);
        Assert.Contains("L = 10", output);
        Assert.Equal([["y", "13", "12", "2"], ["x", "4", "2", "4"]], TableAfter(output, "", "dL/d(row)", "y", "x"));
    }

    [Fact]
    public void Deriv_Json_IsExactlyTheContract()
    {
        var deriv = JsonOf("deriv", "x = 2\n:deriv x^3 wrt x\n");

        Assert.Equal("""{"kind":"deriv","line":2,"wrt":"x","formula":"3*x^2","value":12}""", JsonSerializer.Serialize(deriv));
    }

    [Fact]
    public void Deriv_Human_PrintsTheFormulaAndItsValue_AndTheFormulaTypesBackIn()
    {
        var (output, errors) = GraphCommandTests.Repl("x = 0.5\n:deriv sigmoid(x)*x wrt x\n");

        Assert.Empty(errors);
        string formula = output.Split('\n').Single(l => l.StartsWith("d/dx = ", StringComparison.Ordinal))["d/dx = ".Length..];
        var (typed, _) = GraphCommandTests.Repl($"x = 0.5\n{formula}\n:grad sigmoid(x)*x\n");
        string value = typed.Split('\n')[1];
        Assert.Equal(value, TableAfter(typed, "leaf", "kind", "at", "value", "dL/d(leaf)").Single(r => r[0] == "x")[4]);
    }

    [Fact]
    public void Newton_Json_IsTheDescendObjectWithMethodNewton()
    {
        var descend = JsonOf("descend", "x = 2\n:descend x^4 - 2*x^2 wrt x method=newton steps=10\n");

        Assert.Equal("newton", descend.GetProperty("method").GetString());
        Assert.Equal((1.0, 10, 10, "finished"), (descend.GetProperty("lr").GetDouble(), descend.GetProperty("steps").GetInt32(),
            descend.GetProperty("taken").GetInt32(), descend.GetProperty("stop").GetString()));
        Assert.Equal(1, descend.GetProperty("inputs")[0].GetProperty("after").GetDouble(), 12);
        Assert.Equal(-1, descend.GetProperty("loss")[10].GetDouble(), 12);
    }

    [Fact]
    public void GradientDescent_Json_HasNoMethodField()
    {
        var descend = JsonOf("descend", "w = 1\n:descend w*w lr=0.25 steps=2\n");

        Assert.False(descend.TryGetProperty("method", out _));
    }

    [Fact]
    public void Newton_WithASingularHessian_StopsWithSingularInJson()
    {
        var descend = JsonOf("descend", "x = 3\n:descend 2*x + 1 method=newton\n");

        Assert.Equal(("singular", 0), (descend.GetProperty("stop").GetString(), descend.GetProperty("taken").GetInt32()));
    }

    [Fact]
    public void Trace_OfAnExpressionWithGrad_ShowsTheDerivativesOwnGraph()
    {
        var (output, errors) = GraphCommandTests.Repl("x = 3\n:trace grad(x*x*x, x)\n");

        Assert.Empty(errors);
        Assert.Contains("L = 27", output);
        // d(x*x*x)/dx is built from MulLayer and AddLayer nodes: what the second derivative costs is on screen.
        var forward = TableAfter(output, "node", "layer", "inputs", "output");
        Assert.Contains(forward, row => row[1] == "AddLayer");
        Assert.Contains(forward, row => row[1] == "MulLayer");
    }

    [Fact]
    public void Dot_OfAnExpressionWithGrad_DrawsItsNodes()
    {
        var (output, errors) = GraphCommandTests.Repl("x = 3\n:dot grad(sqrt(x), x)\n");

        Assert.Empty(errors);
        Assert.Contains("digraph backprop", output);
        // The 1 seeded and the 2 of dout/(2*z): constants the rule brought in, at the grad that built them.
        Assert.Contains("label=\"2\\n2:6\"", output);
        Assert.Contains("label=\"1\\n2:6\"", output);
    }
}
