using System.Text.Json;
using Backprop.Repl.Terminal;
using Backprop.Repl.Tests.Terminal;
using Spectre.Console;
using static Backprop.Repl.Tests.GraphCommandTests;
using static Backprop.Repl.Tests.Printed;

namespace Backprop.Repl.Tests;

/// <summary>The user's functions through the REPL, scripts and JSON: definitions, :funcs, :reset, :trace, :graph, :dot.</summary>
public class FunctionCommandTests
{
    [Fact]
    public void Definition_Json_IsExactlyTheContract()
    {
        var result = GraphCommandTests.Cli(["eval", "--json", "-"], "loss(y, t) = (y - t)^2\nloss(3, 1)\n");

        Assert.Equal(0, result.ExitCode);
        var lines = Lines(result.Out);
        Assert.Equal("""{"kind":"function","line":1,"name":"loss","parameters":["y","t"]}""", lines[0]);
        Assert.Equal("""{"kind":"value","line":2,"value":4}""", lines[1]);
    }

    [Fact]
    public void Grad_Json_ReportsABodyLiteralAtTheBody_AndTheCallSitesAtTheCall()
    {
        var grad = JsonOf("grad", "f(x) = x^2 + 1\n:grad f(3)\n");

        var leaves = grad.GetProperty("leaves").EnumerateArray().Select(l =>
            (l.GetProperty("name").GetString(), l.GetProperty("line").GetInt32(), l.GetProperty("column").GetInt32(), l.GetProperty("grad").GetDouble())).ToList();
        Assert.Equal(("3", 2, 9, 6.0), leaves[0]);
        Assert.Equal(("2", 1, 10, 9 * Math.Log(3)), leaves[1]);
        Assert.Equal(("1", 1, 14, 1.0), leaves[2]);
    }

    [Fact]
    public void Human_DefinitionAndReplacementAreSaid()
    {
        var (output, errors) = GraphCommandTests.Repl("f(x) = x^2\nf(x) = x^3\nf(2)\n");

        Assert.Empty(errors);
        Assert.Equal(["defined f(x) = x^2", "defined f(x) = x^3 (it replaces the one defined on line 1)", "8"], Lines(output));
    }

    [Fact]
    public void Funcs_ListsDefinitions_AndResetForgetsThem()
    {
        var (output, errors) = GraphCommandTests.Repl("sq(x) = x*x\nloss(y, t) = sq(y - t)\n:funcs\n:reset\n:funcs\nsq(2)\n");

        Assert.Equal([["sq(x)", "sq(x) = x*x", "1"], ["loss(y, t)", "loss(y, t) = sq(y - t)", "2"]], TableAfter(output, "function", "definition", "line"));
        Assert.Contains("all variables and functions forgotten", output);
        Assert.Contains("no functions yet: define one, as in f(x) = x^2 + 1", output);
        Assert.Contains("unknown function 'sq'", errors);
    }

    [Fact]
    public void Funcs_Json()
    {
        var funcs = JsonOf("funcs", "f(x) = x + 1\n:funcs\n");

        var f = Assert.Single(funcs.GetProperty("functions").EnumerateArray());
        Assert.Equal(2, funcs.GetProperty("line").GetInt32());
        Assert.Equal(("f", "x", "f(x) = x + 1", 1),
            (f.GetProperty("name").GetString(), Assert.Single(f.GetProperty("parameters").EnumerateArray()).GetString(),
                f.GetProperty("definition").GetString(), f.GetProperty("line").GetInt32()));
    }

    [Fact]
    public void Errors_PointAtTheSpan_AndTheSessionKeepsItsVariablesAndFunctions()
    {
        var (output, errors) = GraphCommandTests.Repl("a = 2\nf(x) = x + 1\nf(x) = f(x)\nf(1, 2)\nf(a)\n");

        Assert.Contains("<repl>:3:8: error: 'f' calls itself", errors);
        Assert.Contains("  f(x) = f(x)\n         ^", errors);
        Assert.Contains("<repl>:4:1: error: 'f' takes 1 argument, but 2 were given", errors);
        Assert.Equal("3", Lines(output)[^1]);
    }

    [Fact]
    public void AnErrorInABody_PointsIntoTheBody_AndSaysWhichCall()
    {
        var (_, errors) = GraphCommandTests.Repl("scale(x) = k*x\nscale(2)\n");

        Assert.Contains("<repl>:1:12: warning: 'k' is not a variable yet: scale looks it up each time it is called", errors);
        Assert.Contains("<repl>:1:12: error: in scale, called at 2:1: unknown name 'k'", errors);
    }

    [Fact]
    public void Trace_ShowsACallAsACompositeLayer_WithItsLayersIndentedUnderIt()
    {
        var (output, errors) = GraphCommandTests.Repl("sq(x) = x*x\nf(x) = sq(x) + 1\n:trace 2*f(3)\n");

        Assert.Empty(errors);
        // Each call's layers are indented two columns under the call's own row.
        var rows = Lines(output).Where(l => l.StartsWith("│ ", StringComparison.Ordinal)).Select(l => l.Split('│')[2]).ToList();
        Assert.Equal([" f (call at 3:10)", "   sq (call at 2:8)", "     MulLayer", "   AddLayer", " MulLayer"],
            rows.Skip(1).Take(5).Select(cell => cell.TrimEnd()));
        var backward = TableAfter(output, "node", "layer", "dout", "rule", "sends");
        Assert.Contains(backward, row => row[1].TrimEnd() == "f (call at 3:10)" && row[2] == "2" && row[4] == "3 ← 12");
    }

    [Fact]
    public void Graph_LabelsTheNodeACallEndsIn()
    {
        var (output, errors) = GraphCommandTests.Repl("f(x) = x^2 + 1\n:graph f(3)\n");

        Assert.Empty(errors);
        Assert.Contains("[f (call at 2:8)] #2 AddLayer @1:12  value 10  grad 1", output);
    }

    [Fact]
    public void Dot_DrawsACallAsACluster()
    {
        var (output, errors) = GraphCommandTests.Repl("f(x) = x^2 + 1\n:dot f(3)\n");

        Assert.Empty(errors);
        Assert.Contains("subgraph cluster_0 {", output);
        Assert.Contains("label=\"f (call at 2:6)\";", output);
    }

    [Fact]
    public void Completion_AndHighlighting_KnowTheUsersFunctions()
    {
        var functions = new HashSet<string> { "neuron" };
        var completion = new Completion(TestTerminal.Commands, TestTerminal.Functions, () => ["x", .. functions]);
        Assert.Equal(["neuron"], completion.GetCompletions("", "neu", ""));

        var highlighter = new Highlighter(TestTerminal.Functions, ["grad"]) { IsUserFunction = functions.Contains, Plain = false };
        highlighter.BeginLine();
        Assert.Equal(Color.Green, highlighter.Highlight("neuron")?.Foreground);
        Assert.Null(highlighter.Highlight("x"));
    }

    [Fact]
    public void Help_SaysHowToDefineAFunction()
    {
        var (output, _) = GraphCommandTests.Repl(":help\n:help funcs\n");

        Assert.Contains("'f(x) = x^2 + 1' defines one", output);
        Assert.Contains(":funcs", output);
        Assert.Contains("Define a function as f(x) = x^2 + 1", output);
    }
}
