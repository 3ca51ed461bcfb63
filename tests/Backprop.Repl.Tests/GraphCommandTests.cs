using System.Diagnostics;
using System.Text.Json;
using Backprop.Lang.Analysis;
using Backprop.Lang.Evaluation;
using Backprop.Repl.Cli;
using Backprop.Repl.Output;
using Backprop.Repl.Running;
using Backprop.Repl.Terminal;
using static Backprop.Repl.Tests.Printed;

namespace Backprop.Repl.Tests;

/// <summary>
/// <c>:trace</c>, <c>:graph</c>, <c>:dot</c> and <c>:check</c> in the REPL, and <c>backprop dot</c>: one golden output
/// per example and command (the seed expression and examples/apple.bp), the JSON forms field by field, and the
/// DOT rendered by the real Graphviz where it is installed.
/// </summary>
public sealed class GraphCommandTests
{
    private const string Seed = "(1*2)*(10+20)";

    /// <summary>Types <paramref name="input"/> into a REPL, after running <paramref name="script"/> silently if given.</summary>
    internal static (string Out, string Err) Repl(string input, string? script = null)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var interpreter = new Interpreter(new Session(), new HumanReporter(ConsoleSetup.Plain(stdout), stderr));
        if (script is not null)
        {
            Assert.Equal(LineStatus.Ok, interpreter.RunFile(script, error => Assert.Fail(error)));
            Assert.Empty(stderr.ToString());
            stdout.GetStringBuilder().Clear();
        }
        ReplLoop.Run(interpreter, new TextLineSource(new StringReader(input)));
        return (Normalize(stdout.ToString()), Normalize(stderr.ToString()));
    }

    internal sealed record CliResult(int ExitCode, string Out, string Err);

    /// <summary>Runs the <c>backprop</c> command in memory with piped (not terminal) streams.</summary>
    internal static CliResult Cli(string[] args, string stdin = "")
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        int code = new BackpropCli(new StringReader(stdin), output, errors, isTerminal: false).Run(args);
        return new CliResult(code, Normalize(output.ToString()), Normalize(errors.ToString()));
    }

    /// <summary>The JSON lines of kind <paramref name="kind"/> that <c>backprop eval --json -</c> prints for <paramref name="input"/>.</summary>
    internal static JsonElement JsonOf(string kind, string input)
    {
        var result = Cli(["eval", "--json", "-"], input);
        Assert.Equal(0, result.ExitCode);
        var lines = Lines(result.Out).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
        return Assert.Single(lines, line => line.GetProperty("kind").GetString() == kind);
    }

    private static int[] Ints(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();

    private static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    private static string[] Strings(JsonElement array, string property) =>
        array.EnumerateArray().Select(e => e.GetProperty(property).GetString()!).ToArray();

    // ---- Golden output: one file per example and command ------------------------------------------------------

    /// <summary>The expression each example draws: the seed inline, apple.bp's <c>price</c> after running the script.</summary>
    private static (string? Script, string Expression) Example(string name) => name switch
    {
        "seed" => (null, Seed),
        "apple" => (RepoPaths.Example("apple.bp"), "price"),
        _ => throw new ArgumentException(name),
    };

    public static TheoryData<string, string> GoldenCases => new()
    {
        { "seed", "trace" }, { "seed", "graph" }, { "seed", "dot" },
        { "apple", "trace" }, { "apple", "graph" }, { "apple", "dot" },
    };

    [Theory]
    [MemberData(nameof(GoldenCases))]
    public void Command_OnExample_MatchesItsGoldenOutput(string example, string command)
    {
        var (script, expression) = Example(example);

        var (output, errors) = Repl($":{command} {expression}\n", script);

        Assert.Empty(errors);
        Golden.AssertMatches(Golden.FileName(example, command), output);
    }

    // ---- :trace -----------------------------------------------------------------------------------------------

    /// <summary>The rows of the table whose header is <paramref name="header"/>, without the header.</summary>
    internal static List<string[]> TableAfter(string output, params string[] header)
    {
        var rows = TableRows(output);
        int start = rows.FindIndex(row => row.SequenceEqual(header));
        Assert.True(start >= 0, $"no table with header {string.Join(" | ", header)} in:\n{output}");
        int end = rows.FindIndex(start + 1, row => row.Length != header.Length);
        return rows[(start + 1)..(end < 0 ? rows.Count : end)];
    }

    [Fact]
    public void Trace_Seed_ForwardRowsRunInCreationOrder()
    {
        var (output, _) = Repl($":trace {Seed}\n");

        Assert.StartsWith("L = 60\n", output);
        Assert.Equal(
            [
                ["#1", "MulLayer", "1, 2", "2"],
                ["#2", "AddLayer", "10, 20", "30"],
                ["#3", "MulLayer", "#1 = 2, #2 = 30", "60"],
            ],
            TableAfter(output, "node", "layer", "inputs", "output"));
    }

    [Fact]
    public void Trace_Seed_BackwardRowsAreTheArticlesWalk()
    {
        var (output, _) = Repl($":trace {Seed}\n");

        // mul_layer2.backward(1) = (30, 2); add_layer.backward(2) = (2, 2); mul_layer1.backward(30) = (60, 30).
        Assert.Equal(
            [
                ["#3", "MulLayer", "1", "dx = dout*y, dy = dout*x", "#1 ← 30"],
                ["", "", "", "", "#2 ← 2"],
                ["#2", "AddLayer", "2", "dx = dout*1, dy = dout*1", "10 ← 2"],
                ["", "", "", "", "20 ← 2"],
                ["#1", "MulLayer", "30", "dx = dout*y, dy = dout*x", "1 ← 60"],
                ["", "", "", "", "2 ← 30"],
            ],
            TableAfter(output, "node", "layer", "dout", "rule", "sends"));
    }

    [Fact]
    public void Trace_ReusedVariable_ShowsTheRunningSum()
    {
        var (output, errors) = Repl("x = 3\n:trace x*x\n");

        Assert.Empty(errors);
        Assert.Equal(
            [
                ["#1", "MulLayer", "1", "dx = dout*y, dy = dout*x", "x ← 3"],
                ["", "", "", "", "x ← 3, sum 6"],
            ],
            TableAfter(output, "node", "layer", "dout", "rule", "sends"));
    }

    [Fact]
    public void Trace_Json_HasEveryStepFieldByField()
    {
        var trace = JsonOf("trace", $":trace {Seed}\n");

        Assert.Equal((1, 60.0), (trace.GetProperty("line").GetInt32(), trace.GetProperty("value").GetDouble()));
        Assert.Equal(
            [
                (2, "MulLayer", "0,1", "1,2", 2.0),
                (5, "AddLayer", "3,4", "10,20", 30.0),
                (6, "MulLayer", "2,5", "2,30", 60.0),
            ],
            trace.GetProperty("forward").EnumerateArray().Select(s => (
                s.GetProperty("node").GetInt32(),
                s.GetProperty("layer").GetString(),
                string.Join(",", Ints(s.GetProperty("inputs"))),
                string.Join(",", Doubles(s.GetProperty("input_values"))),
                s.GetProperty("output").GetDouble())));
        Assert.Equal(
            [
                (6, "MulLayer", 1.0, "dx = dout*y, dy = dout*x", "2:30:30 5:2:2"),
                (5, "AddLayer", 2.0, "dx = dout*1, dy = dout*1", "3:2:2 4:2:2"),
                (2, "MulLayer", 30.0, "dx = dout*y, dy = dout*x", "0:60:60 1:30:30"),
            ],
            trace.GetProperty("backward").EnumerateArray().Select(s => (
                s.GetProperty("node").GetInt32(),
                s.GetProperty("layer").GetString(),
                s.GetProperty("dout").GetDouble(),
                s.GetProperty("rule").GetString(),
                string.Join(" ", s.GetProperty("sends").EnumerateArray().Select(sent =>
                    $"{sent.GetProperty("to").GetInt32()}:{sent.GetProperty("grad").GetDouble()}:{sent.GetProperty("sum").GetDouble()}")))));
        Assert.Equal(["1", "2", "#2", "10", "20", "#5", "#6"], Strings(trace.GetProperty("nodes"), "label"));
        Assert.Equal([60.0, 30, 30, 2, 2, 2, 1], trace.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("grad").GetDouble()));
    }

    [Fact]
    public void Trace_ReusedVariableJson_SendsCarryTheRunningSum()
    {
        var trace = JsonOf("trace", "x = 3\n:trace x*x\n");

        var sends = Assert.Single(trace.GetProperty("backward").EnumerateArray()).GetProperty("sends");
        Assert.Equal(
            [(0, 3.0, 3.0), (0, 3.0, 6.0)],
            sends.EnumerateArray().Select(s => (s.GetProperty("to").GetInt32(), s.GetProperty("grad").GetDouble(), s.GetProperty("sum").GetDouble())));
    }

    [Fact]
    public void Trace_UnknownName_IsAnErrorWithItsSpan()
    {
        var (output, errors) = Repl(":trace 2 * nosuch\n");

        Assert.Empty(output);
        Assert.StartsWith("<repl>:1:12: error: unknown name 'nosuch'", errors);
    }

    // ---- :graph -----------------------------------------------------------------------------------------------

    [Fact]
    public void Graph_SharedIntermediate_IsDrawnOnceAndReferencedWhereReused()
    {
        var (output, errors) = Repl("x = 3\nh = x*2\n:graph h*h + h\n");

        Assert.Empty(errors);
        Assert.Equal(
            """
            x = 3
            h = 6
            L = 42
            #3 AddLayer @3:12  value 42  grad 1
            ├── #2 MulLayer @3:9  value 36  grad 1
            │   ├── h MulLayer @2:6  value 6  grad 13
            │   │   ├── x input @1:1  value 3  grad 26
            │   │   └── 2 literal @2:7  value 2  grad 39
            │   └── h (shared: MulLayer, drawn above)
            └── h (shared: MulLayer, drawn above)

            """,
            output);
    }

    [Fact]
    public void Graph_Json_ListsEveryNodeOnceWithValueAndGradient()
    {
        var graph = JsonOf("graph", "x = 3\nh = x*2\n:graph h*h + h\n");

        Assert.Equal((3, 42.0, 4), (graph.GetProperty("line").GetInt32(), graph.GetProperty("value").GetDouble(), graph.GetProperty("output").GetInt32()));
        Assert.Equal(
            [
                (0, "input", "x", "", 3.0, 26.0),
                (1, "literal", "2", "", 2.0, 39.0),
                (2, "MulLayer", "h", "0,1", 6.0, 13.0),
                (3, "MulLayer", "#3", "2,2", 36.0, 1.0),
                (4, "AddLayer", "#4", "3,2", 42.0, 1.0),
            ],
            graph.GetProperty("nodes").EnumerateArray().Select(n => (
                n.GetProperty("id").GetInt32(),
                n.GetProperty("layer").GetString(),
                n.GetProperty("label").GetString(),
                string.Join(",", Ints(n.GetProperty("inputs"))),
                n.GetProperty("value").GetDouble(),
                n.GetProperty("grad").GetDouble())));
    }

    // ---- :dot -------------------------------------------------------------------------------------------------

    [Fact]
    public void Dot_ToDotFile_WritesWhatItWouldPrint()
    {
        using var temp = new TempDirectory();
        string path = Path.Combine(temp.Path, "seed.dot");

        var (printed, _) = Repl($":dot {Seed}\n");
        var (output, errors) = Repl($":dot {Seed} > {path}\n");

        Assert.Empty(errors);
        Assert.Equal($"wrote {path}\n", output);
        // The expression is at the same columns in both lines, so the positions in the labels agree.
        Assert.Equal(printed, Normalize(File.ReadAllText(path)));
    }

    [Fact]
    public void Dot_NoFileAfterArrow_IsAnError()
    {
        var (output, errors) = Repl($":dot {Seed} >\n");

        Assert.Empty(output);
        Assert.Contains("error: '>' needs a file name, as in :dot x*y > graph.svg", errors);
    }

    [Fact]
    public void Dot_TargetOnAnotherCommand_IsAnError()
    {
        var (output, errors) = Repl($":trace {Seed} > trace.txt\n");

        Assert.Empty(output);
        Assert.Contains("error: ':trace' cannot write to a file; only :dot can", errors);
    }

    [Fact]
    public void Dot_Json_CarriesTheSameDot()
    {
        var (printed, _) = Repl($":dot {Seed}\n");

        var dot = JsonOf("dot", $":dot {Seed}\n");

        Assert.Equal(1, dot.GetProperty("line").GetInt32());
        Assert.Equal(printed, Normalize(dot.GetProperty("dot").GetString()!));
    }

    [GraphvizFact]
    public void Dot_ToSvg_RendersWithGraphviz()
    {
        using var temp = new TempDirectory();
        string path = Path.Combine(temp.Path, "seed.svg");

        var (output, errors) = Repl($":dot {Seed} > {path}\n");

        Assert.Empty(errors);
        Assert.Equal($"rendered {path} with Graphviz\n", output);
        string svg = File.ReadAllText(path);
        Assert.Contains("<svg", svg);
        // Seven graph nodes and L; six edges between nodes and one into L.
        Assert.Equal(8, Occurrences(svg, "class=\"node\""));
        Assert.Equal(7, Occurrences(svg, "class=\"edge\""));
        Assert.Contains(">60</text>", svg);
        Assert.False(File.Exists(Path.ChangeExtension(path, ".dot")));
    }

    [GraphvizFact]
    public void Dot_ToPng_RendersWithGraphviz()
    {
        using var temp = new TempDirectory();
        string path = Path.Combine(temp.Path, "apple.png");

        var (output, errors) = Repl($":dot price > {path}\n", RepoPaths.Example("apple.bp"));

        Assert.Empty(errors);
        Assert.Equal($"rendered {path} with Graphviz\n", output);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(path).Take(4));
    }

    [GraphvizTheory]
    [InlineData("seed")]
    [InlineData("apple")]
    public void Dot_GoldenOutput_IsAcceptedByGraphvizWithoutWarnings(string example)
    {
        string dot = File.ReadAllText(Golden.PathOf(Golden.FileName(example, "dot")));

        var (exitCode, svg, errors) = RunGraphviz(dot);

        Assert.Equal(0, exitCode);
        Assert.DoesNotContain(errors.Split('\n'), line => line.StartsWith("Error", StringComparison.OrdinalIgnoreCase) || line.StartsWith("Warning", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("<svg", svg);
    }

    private static int Occurrences(string text, string part) => (text.Length - text.Replace(part, "").Length) / part.Length;

    private static (int ExitCode, string Out, string Err) RunGraphviz(string dot)
    {
        var start = new ProcessStartInfo(Graphviz.FindDot()!, ["-Tsvg"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(dot);
        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("dot did not finish within 60 s");
        }
        process.WaitForExit();
        return (process.ExitCode, output.Result, Normalize(errors.Result));
    }

    // ---- :check -----------------------------------------------------------------------------------------------

    [Fact]
    public void Check_Seed_EveryLeafAgrees()
    {
        var (output, errors) = Repl($":check {Seed}\n");

        Assert.Empty(errors);
        Assert.Equal(
            [("1", "1:9", "1", "60", "ok"), ("2", "1:11", "2", "30", "ok"), ("10", "1:15", "10", "2", "ok"), ("20", "1:18", "20", "2", "ok")],
            TableRows(output).Skip(1).Select(r => (r[0], r[1], r[2], r[3], r[6])));
        Assert.EndsWith("\n4 of 4 leaves agree within 1e-6 (step eps = 1e-6·max(1, |x|))\n", output);
    }

    [Theory]
    [InlineData("-(0.7)")]
    [InlineData("1.5 / 2.25")]
    [InlineData("1.2 ^ 2.7")]
    [InlineData("exp(0.7)")]
    [InlineData("log(0.7)")]
    [InlineData("sqrt(0.7)")]
    [InlineData("sin(0.7)")]
    [InlineData("cos(0.7)")]
    [InlineData("tan(0.7)")]
    [InlineData("tanh(0.7)")]
    [InlineData("sigmoid(0.7)")]
    [InlineData("relu(0.7)")]
    [InlineData("abs(0.7)")]
    [InlineData("max(0.7, 2) - min(0.7, 2)")]
    public void Check_Layer_EveryLeafAgrees(string expression)
    {
        var (output, errors) = Repl($":check {expression}\n");

        Assert.Empty(errors);
        var rows = TableRows(output).Skip(1).ToList();
        Assert.All(rows, row => Assert.Equal("ok", row[6]));
        Assert.StartsWith($"{rows.Count} of {rows.Count} leaves agree within", Lines(output)[^1]);
    }

    [Fact]
    public void Check_Kink_IsFlaggedAndCountedApart()
    {
        var (output, errors) = Repl("x = 0\n:check relu(x) + 2*x\n");

        Assert.Empty(errors);
        Assert.Equal(["2", "2:18", "2", "0", "0", "0", "ok"], Row(output, "2", "2:18"));
        Assert.Equal(["x", "", "0", "2", "2.5", "0.2", "kink (not checked)"], Row(output, "x", ""));
        Assert.EndsWith(
            "\n1 of 2 leaves agree within 1e-6 (step eps = 1e-6·max(1, |x|)); 1 on a kink, where finite differences are meaningless\n",
            output);
    }

    [Fact]
    public void Check_Options_SetStepAndTolerance()
    {
        var (output, errors) = Repl(":check exp(0.7) eps=1e-4 tol=1e-3\n");

        Assert.Empty(errors);
        Assert.EndsWith("\n1 of 1 leaves agree within 0.001 (step eps = 0.0001·max(1, |x|))\n", output);
    }

    [Theory]
    [InlineData("eps=2", "1:21: error: option eps must be between 0 and 1")]
    [InlineData("tol=0", "1:21: error: option tol must be a positive number")]
    public void Check_BadOption_IsAnErrorAtItsValue(string option, string expected)
    {
        var (output, errors) = Repl($":check exp(0.7) {option}\n");

        Assert.Empty(output);
        Assert.StartsWith("<repl>:" + expected, errors);
    }

    [Fact]
    public void Check_Json_HasEveryLeafFieldByField()
    {
        var check = JsonOf("check", "x = 0\n:check relu(x) + 2*x\n");

        Assert.Equal(
            (2, 0.0, 1e-6, 1e-6, 1, 1, 2),
            (check.GetProperty("line").GetInt32(), check.GetProperty("value").GetDouble(), check.GetProperty("eps").GetDouble(),
             check.GetProperty("tolerance").GetDouble(), check.GetProperty("agree").GetInt32(), check.GetProperty("kinks").GetInt32(),
             check.GetProperty("total").GetInt32()));
        var leaves = check.GetProperty("leaves").EnumerateArray().ToList();
        Assert.Equal(2, leaves.Count);

        // Variables come first, so a check capped on a huge expression still covers them.
        var literal = leaves[1];
        Assert.Equal(("literal", "2", 2, 18, 2.0, 0.0, "ok"),
            (literal.GetProperty("kind").GetString(), literal.GetProperty("name").GetString(), literal.GetProperty("line").GetInt32(),
             literal.GetProperty("column").GetInt32(), literal.GetProperty("value").GetDouble(), literal.GetProperty("backprop").GetDouble(),
             literal.GetProperty("verdict").GetString()));
        Assert.Equal(0, literal.GetProperty("numerical").GetDouble(), 9);
        Assert.Equal(0, literal.GetProperty("relative_error").GetDouble(), 9);

        var variable = leaves[0];
        Assert.Equal(("variable", "x", 0.0, 2.0, "kink"),
            (variable.GetProperty("kind").GetString(), variable.GetProperty("name").GetString(), variable.GetProperty("value").GetDouble(),
             variable.GetProperty("backprop").GetDouble(), variable.GetProperty("verdict").GetString()));
        Assert.Equal(2.5, variable.GetProperty("numerical").GetDouble(), 6);
        Assert.Equal(0.2, variable.GetProperty("relative_error").GetDouble(), 6);
        Assert.False(variable.TryGetProperty("line", out _));
        Assert.False(variable.TryGetProperty("column", out _));
    }

    // ---- backprop dot -----------------------------------------------------------------------------------------

    [Fact]
    public void CliDot_Expression_PrintsDot()
    {
        var result = Cli(["dot", "-e", Seed]);

        Assert.Equal((0, ""), (result.ExitCode, result.Err));
        Assert.Equal(DotWriter.Write(new Session().Gradient(Seed).Graph, NumberFormat.Default.Format), result.Out);
        Assert.StartsWith("digraph backprop {\n  rankdir=LR;\n", result.Out);
        Assert.Contains("""  n0 [shape=box, style=rounded, label="1\n1:2"];""", result.Out);
        Assert.Contains("""  n6 -> L [label=<<font color="#1f4e79">60</font><br/><font color="#c0392b">1</font>>];""", result.Out);
    }

    [Fact]
    public void CliDot_ScriptToDotFile_WritesTheScriptsLastExpression()
    {
        using var temp = new TempDirectory();
        string path = Path.Combine(temp.Path, "out.dot");

        var result = Cli(["dot", RepoPaths.Example("apple.bp"), "-o", path]);

        Assert.Equal((0, "", $"wrote {path}\n"), (result.ExitCode, result.Out, result.Err));
        // The same picture as ':dot price' after running the script: the golden file.
        Assert.Equal(Normalize(File.ReadAllText(Golden.PathOf(Golden.FileName("apple", "dot")))), Normalize(File.ReadAllText(path)));
    }

    [Fact]
    public void CliDot_Script_PrintsOnlyThePicture()
    {
        var result = Cli(["dot", RepoPaths.Example("apple.bp")]);

        Assert.Equal((0, ""), (result.ExitCode, result.Err));
        Assert.Equal(Normalize(File.ReadAllText(Golden.PathOf(Golden.FileName("apple", "dot")))), result.Out);
    }

    [Theory]
    [InlineData("dot")]
    [InlineData("dot examples/apple.bp -e 1+2")]
    public void CliDot_NeitherOrBothSources_IsUsageError(string commandLine)
    {
        var result = Cli(commandLine.Split(' '));

        Assert.Equal((2, ""), (result.ExitCode, result.Out));
        Assert.Contains("dot needs a script FILE or -e EXPR", result.Err);
    }

    [Fact]
    public void CliDot_BadExpression_IsExitCode1()
    {
        var result = Cli(["dot", "-e", "1 +"]);

        Assert.Equal((1, ""), (result.ExitCode, result.Out));
        Assert.StartsWith("<arg>:1:4: error: ", result.Err);
    }

    [GraphvizFact]
    public void CliDot_ToSvg_RendersWithGraphviz()
    {
        using var temp = new TempDirectory();
        string path = Path.Combine(temp.Path, "seed.svg");

        var result = Cli(["dot", "-e", Seed, "-o", path]);

        Assert.Equal((0, "", $"rendered {path} with Graphviz\n"), (result.ExitCode, result.Out, result.Err));
        Assert.Contains("<svg", File.ReadAllText(path));
    }
}

/// <summary>
/// What <c>:dot FILE.svg</c> does where Graphviz is missing. The seam is the PATH that <see cref="Graphviz.FindDot"/>
/// searches: these tests point it at an empty directory, so they run alone, after every parallel test.
/// </summary>
[Collection(nameof(ProcessEnvironment))]
public sealed class GraphCommandWithoutGraphvizTests
{
    private const string Seed = "(1*2)*(10+20)";

    [Fact]
    public void FindDot_EmptyPath_FindsNothing()
    {
        using var _ = new ProcessEnvironment.EmptyPath();

        Assert.Null(Graphviz.FindDot());
    }

    [Fact]
    public void Dot_ToSvgWithoutGraphviz_WritesDotAndSaysHowToInstall()
    {
        using var temp = new TempDirectory();
        string svg = Path.Combine(temp.Path, "seed.svg");
        string dot = Path.Combine(temp.Path, "seed.dot");
        var (printed, _) = GraphCommandTests.Repl($":dot {Seed}\n");

        string output, errors;
        using (new ProcessEnvironment.EmptyPath())
        {
            (output, errors) = GraphCommandTests.Repl($":dot {Seed} > {svg}\n");
        }

        Assert.Empty(errors);
        Assert.False(File.Exists(svg));
        Assert.Equal(printed, Normalize(File.ReadAllText(dot)));
        // The message is wrapped between words to the output's width.
        output = output.TrimEnd('\n').Replace('\n', ' ') + "\n";
        Assert.StartsWith($"Graphviz's 'dot' is not on the PATH, so {svg} was not rendered; wrote {dot} instead.", output);
        Assert.Contains("apt-get install graphviz", output);
        Assert.EndsWith($"and run:     dot -Tsvg {dot} -o {svg}\n", output);   // the command on a line of its own, never broken
    }

    [Fact]
    public void CliDot_ToPngWithoutGraphviz_WritesDotAndSucceeds()
    {
        using var temp = new TempDirectory();
        string png = Path.Combine(temp.Path, "apple.png");
        string dot = Path.Combine(temp.Path, "apple.dot");

        GraphCommandTests.CliResult result;
        using (new ProcessEnvironment.EmptyPath())
        {
            result = GraphCommandTests.Cli(["dot", RepoPaths.Example("apple.bp"), "-o", png]);
        }

        Assert.Equal((0, ""), (result.ExitCode, result.Out));
        Assert.False(File.Exists(png));
        Assert.Equal(Normalize(File.ReadAllText(Golden.PathOf(Golden.FileName("apple", "dot")))), Normalize(File.ReadAllText(dot)));
        Assert.Contains($"wrote {dot} instead", result.Err);
        Assert.Contains($"dot -Tpng {dot} -o {png}", result.Err);
    }

    [Fact]
    public void Dot_DotOnPathCannotStart_ReportsItAndTheSessionGoesOn()
    {
        // A file called 'dot' that is not a program (not executable, or not a binary) is found first on the PATH.
        using var temp = new TempDirectory();
        string svg = Path.Combine(temp.Path, "seed.svg");

        string output, errors;
        using (new ProcessEnvironment.FakePath(("dot", "not a program\n")))
        {
            (output, errors) = GraphCommandTests.Repl($":dot {Seed} > {svg}\n1 + 1\n");
        }

        Assert.False(File.Exists(svg));
        Assert.True(errors.Length > 0 || output.Contains("dot"), "the failure to run 'dot' should be reported");
        Assert.EndsWith("2\n", output);
    }
}

/// <summary>Tests that change the process's environment: never run beside another test.</summary>
[CollectionDefinition(nameof(ProcessEnvironment), DisableParallelization = true)]
public sealed class ProcessEnvironment
{
    /// <summary>Points PATH at a directory holding only <paramref name="files"/> (name, content) until disposed, then restores it.</summary>
    internal class FakePath : IDisposable
    {
        private readonly string? _saved = Environment.GetEnvironmentVariable("PATH");
        private readonly TempDirectory _directory = new();

        public FakePath(params (string Name, string Text)[] files)
        {
            foreach (var (name, text) in files) _directory.File(name, text);
            Environment.SetEnvironmentVariable("PATH", _directory.Path);
        }

        public string Directory => _directory.Path;

        public void Dispose()
        {
            Environment.SetEnvironmentVariable("PATH", _saved);
            _directory.Dispose();
        }
    }

    /// <summary>A PATH with nothing on it.</summary>
    internal sealed class EmptyPath() : FakePath();
}

/// <summary>
/// A fact that needs Graphviz's <c>dot</c> on the PATH. xunit 2.9 has no Assert.Skip (that is v3), so the skip is
/// decided when the test is discovered: where <c>dot</c> is missing the test is reported as skipped, with the reason.
/// </summary>
public sealed class GraphvizFactAttribute : FactAttribute
{
    public GraphvizFactAttribute()
    {
        if (Graphviz.FindDot() is null) Skip = GraphvizTheoryAttribute.MissingReason;
    }
}

/// <inheritdoc cref="GraphvizFactAttribute"/>
public sealed class GraphvizTheoryAttribute : TheoryAttribute
{
    internal const string MissingReason = "Graphviz's 'dot' is not on the PATH: install Graphviz (apt-get install graphviz) to run this test";

    public GraphvizTheoryAttribute()
    {
        if (Graphviz.FindDot() is null) Skip = MissingReason;
    }
}

/// <summary>
/// Golden files in tests/Backprop.Repl.Tests/Golden, read from the source tree (found from the repository root),
/// not copied to the output. <c>BACKPROP_UPDATE_GOLDEN=1</c> rewrites them from what the code prints now.
/// </summary>
internal static class Golden
{
    public const string UpdateVariable = "BACKPROP_UPDATE_GOLDEN";

    public static string Directory => Path.Combine(RepoPaths.Root, "tests", "Backprop.Repl.Tests", "Golden");

    /// <summary><c>seed.trace.txt</c>, <c>apple.graph.txt</c>; the DOT is <c>seed.dot</c>, so Graphviz can open it as it is.</summary>
    public static string FileName(string example, string command) => command == "dot" ? $"{example}.dot" : $"{example}.{command}.txt";

    public static string PathOf(string fileName) => Path.Combine(Directory, fileName);

    public static void AssertMatches(string fileName, string actual)
    {
        string path = PathOf(fileName);
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            System.IO.Directory.CreateDirectory(Directory);
            File.WriteAllText(path, actual);
            return;
        }
        Assert.True(File.Exists(path), $"no golden file {path}: run the tests with {UpdateVariable}=1 to write it, then review it");
        Assert.Equal(Normalize(File.ReadAllText(path)), actual);
    }
}
