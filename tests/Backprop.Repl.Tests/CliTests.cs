using System.Text.Json;
using Backprop.Repl.Cli;
using static Backprop.Repl.Tests.Printed;

namespace Backprop.Repl.Tests;

public sealed class CliTests
{
    private sealed record Result(int ExitCode, string Out, string Err);

    /// <summary>Runs the command in memory, as a pipe would: stdin is <paramref name="stdin"/>, not a terminal.</summary>
    private static Result Run(string[] args, string stdin = "")
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        int code = new BackpropCli(new StringReader(stdin), output, errors, isTerminal: false).Run(args);
        return new Result(code, Normalize(output.ToString()), Normalize(errors.ToString()));
    }

    /// <summary>Each line of JSON output, parsed.</summary>
    private static List<JsonElement> JsonLines(string output) =>
        Lines(output).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();

    private static string Kind(JsonElement e) => e.GetProperty("kind").GetString()!;

    // ---- eval: golden output ---------------------------------------------------------------------------

    private static string[] ExampleNames() =>
        Directory.GetFiles(RepoPaths.Examples, "*.bp").Select(p => Path.GetFileNameWithoutExtension(p)).Order().ToArray();

    public static TheoryData<string> Examples() => new(ExampleNames());

    [Theory]
    [MemberData(nameof(Examples))]
    public void Eval_Example_MatchesItsExpectedOutput(string name)
    {
        var result = Run(["eval", RepoPaths.Example(name + ".bp")]);

        Assert.Equal("", result.Err);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Normalize(File.ReadAllText(RepoPaths.Example(name + ".expected"))), result.Out);
    }

    [Fact]
    public void Examples_AreAllPresent()
    {
        Assert.Equal(new[] { "affine", "apple", "apple_orange", "functions", "iris", "neuron", "newton", "optimizers", "seed", "seed.ja", "softmax", "spiral", "train", "two_layer_net" }, ExampleNames());
    }

    // ---- eval: errors stop the script ------------------------------------------------------------------

    [Fact]
    public void Eval_ErrorOnLine3_ReportsLine3AndRunsNothingAfter()
    {
        using var temp = new TempDirectory();
        string script = temp.File("broken.bp", "a = 1\nb = 2\nc = a + nosuch\nd = 4\n:grad a\n");

        var result = Run(["eval", script]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("a = 1\nb = 2\n", result.Out);
        Assert.Equal(
            $"{script}:3:9: error: unknown name 'nosuch': assign it first, as in nosuch = 1\n" +
            "  c = a + nosuch\n" +
            "          ^^^^^^\n",
            result.Err);
    }

    [Fact]
    public void Eval_ParseError_IsExitCode1()
    {
        using var temp = new TempDirectory();
        string script = temp.File("parse.bp", "x = (1 +\ny = 2\n");

        var result = Run(["eval", script]);

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Out);
        Assert.StartsWith($"{script}:1:", result.Err);
    }

    [Fact]
    public void Eval_ErrorInFirstFile_LaterFilesDoNotRun()
    {
        using var temp = new TempDirectory();
        string first = temp.File("first.bp", "nosuch\n");
        string second = temp.File("second.bp", "x = 1\n");

        var result = Run(["eval", first, second]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"==> {first} <==\n", result.Out);
        Assert.StartsWith($"{first}:1:1: error: unknown name 'nosuch'", result.Err);
    }

    [Fact]
    public void Eval_WarningOnly_IsSuccess()
    {
        using var temp = new TempDirectory();
        string script = temp.File("warn.bp", "log(0)\n1\n");

        var result = Run(["eval", script]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("-Infinity\n1\n", result.Out);
        Assert.StartsWith($"{script}:1:1: warning: ", result.Err);
    }

    [Fact]
    public void Eval_QuitInScript_StopsWithoutError()
    {
        using var temp = new TempDirectory();
        string first = temp.File("first.bp", "x = 1\n:quit\nx = 2\n");
        string second = temp.File("second.bp", "y = 3\n");

        var result = Run(["eval", first, second]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"==> {first} <==\nx = 1\n", result.Out);
    }

    // ---- eval: files -----------------------------------------------------------------------------------

    [Fact]
    public void Eval_MissingFile_IsExitCode1WithAClearMessage()
    {
        using var temp = new TempDirectory();
        string missing = Path.Combine(temp.Path, "nope.bp");

        var result = Run(["eval", missing]);

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Out);
        Assert.Equal($"backprop: error: cannot read '{missing}': no such file\n", result.Err);
    }

    [Fact]
    public void Eval_Directory_IsExitCode1WithAClearMessage()
    {
        using var temp = new TempDirectory();

        var result = Run(["eval", temp.Path]);

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Out);
        Assert.Equal($"backprop: error: cannot read '{temp.Path}': it is a directory, not a script\n", result.Err);
    }

    [Fact]
    public void Eval_MissingSecondFile_RunsTheFirstThenFails()
    {
        using var temp = new TempDirectory();
        string first = temp.File("first.bp", "x = 1\n");
        string missing = Path.Combine(temp.Path, "nope.bp");

        var result = Run(["eval", first, missing]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"==> {first} <==\nx = 1\n\n==> {missing} <==\n", result.Out);
        Assert.Contains("no such file", result.Err);
    }

    [Fact]
    public void Eval_BinaryFile_IsExitCode1()
    {
        using var temp = new TempDirectory();
        string binary = Path.Combine(temp.Path, "binary.bp");
        File.WriteAllBytes(binary, [0x78, 0x00, 0x01]);

        var result = Run(["eval", binary]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("binary file", result.Err);
    }

    [Fact]
    public void Eval_SeveralFiles_ShareOneSession_AndSayWhereEachBegins()
    {
        using var temp = new TempDirectory();
        string first = temp.File("first.bp", "x = 3\n");
        string second = temp.File("second.bp", "y = x * x\n:grad y\n");

        var result = Run(["eval", first, second]);

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith($"==> {first} <==\nx = 3\n\n==> {second} <==\ny = 9\nL = 9\n", result.Out);
        Assert.Equal(["x", "input", "", "3", "6"], Row(result.Out, "x", "input"));
    }

    [Fact]
    public void Eval_ErrorInSecondFile_NamesThatFileAndItsOwnLine()
    {
        using var temp = new TempDirectory();
        string first = temp.File("first.bp", "a = 1\nb = 2\n");
        string second = temp.File("second.bp", "c = 3\nnosuch\n");

        var result = Run(["eval", first, second]);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"{second}:2:1: error: ", result.Err);
    }

    [Fact]
    public void Eval_Dash_ReadsStdin()
    {
        var result = Run(["eval", "-"], stdin: "x = 2\nx * 21\n");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("x = 2\n42\n", result.Out);
        Assert.Empty(result.Err);
    }

    [Fact]
    public void Eval_DashWithError_NamesStdinAndStops()
    {
        var result = Run(["eval", "-"], stdin: "1\n2\nnosuch\n4\n");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("1\n2\n", result.Out);
        Assert.StartsWith("<stdin>:3:1: error: unknown name 'nosuch'", result.Err);
    }

    [Fact]
    public void Eval_DashBetweenFiles_SharesTheSession()
    {
        using var temp = new TempDirectory();
        string first = temp.File("first.bp", "x = 3\n");
        string last = temp.File("last.bp", "x + y\n");

        var result = Run(["eval", first, "-", last], stdin: "y = 4\n");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"==> {first} <==\nx = 3\n\n==> - <==\ny = 4\n\n==> {last} <==\n7\n", result.Out);
    }

    // ---- Usage errors ----------------------------------------------------------------------------------

    [Fact]
    public void Eval_UnknownOption_IsUsageErrorExitCode2()
    {
        var result = Run(["eval", "--bogus", RepoPaths.Example("seed.bp")]);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Out);
        Assert.Contains("--bogus", result.Err);
    }

    [Fact]
    public void UnknownVerb_IsUsageErrorExitCode2()
    {
        var result = Run(["frobnicate"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Out);
        Assert.Contains("frobnicate", result.Err);
        Assert.Contains("backprop --help", result.Err);
    }

    [Fact]
    public void Eval_NoFiles_IsUsageErrorExitCode2()
    {
        var result = Run(["eval"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("FILE", result.Err);
    }

    [Fact]
    public void Grad_NoExpression_IsUsageErrorExitCode2()
    {
        var result = Run(["grad"]);

        Assert.Equal(2, result.ExitCode);
    }

    [Theory]
    [InlineData("bad")]
    [InlineData("0")]
    [InlineData("18")]
    public void Eval_BadPrecision_IsUsageErrorExitCode2(string precision)
    {
        var result = Run(["eval", "--precision", precision, RepoPaths.Example("apple.bp")]);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Out);
        Assert.Contains($"not '{precision}'", result.Err);
    }

    // ---- Precision -------------------------------------------------------------------------------------

    [Fact]
    public void Eval_DefaultPrecision_HidesFloatingPointNoise()
    {
        var result = Run(["eval", RepoPaths.Example("apple.bp")]);

        Assert.Equal(["apple_num", "input", "", "2", "110"], Row(result.Out, "apple_num", "input"));
        Assert.DoesNotContain("110.00000000000001", result.Out);
    }

    [Fact]
    public void Eval_PrecisionFull_ShowsRoundTripDigits()
    {
        var result = Run(["eval", "--precision", "full", RepoPaths.Example("apple.bp")]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["apple_num", "input", "", "2", "110.00000000000001"], Row(result.Out, "apple_num", "input"));
        Assert.Contains("price = 220.00000000000003\n", result.Out);
    }

    [Fact]
    public void Eval_PrecisionDigits_RoundsToThem()
    {
        var result = Run(["eval", "--precision", "3", "-"], stdin: "2/3\n");

        Assert.Equal("0.667\n", result.Out);
    }

    [Fact]
    public void Grad_PrecisionFull_ShowsRoundTripDigits()
    {
        var result = Run(["grad", "--precision", "full", "1.1 * 100"]);

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("L = 110.00000000000001\n", result.Out);
    }

    // ---- grad ------------------------------------------------------------------------------------------

    [Fact]
    public void Grad_Expression_ReportsValueAndEveryLiteralsGradient()
    {
        var result = Run(["grad", "(1*2)*(10+20)"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Err);
        Assert.StartsWith("L = 60\n", result.Out);
        Assert.Equal(["1", "literal", "1:2", "1", "60"], Row(result.Out, "1", "literal"));
        Assert.Equal(["2", "literal", "1:4", "2", "30"], Row(result.Out, "2", "literal"));
        Assert.Equal(["10", "literal", "1:8", "10", "2"], Row(result.Out, "10", "literal"));
        Assert.Equal(["20", "literal", "1:11", "20", "2"], Row(result.Out, "20", "literal"));
    }

    [Fact]
    public void Grad_ParseError_IsExitCode1WithADiagnostic()
    {
        var result = Run(["grad", "1 +"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Out);
        Assert.StartsWith("<arg>:1:4: error: ", result.Err);
    }

    [Fact]
    public void Grad_UnknownName_IsExitCode1()
    {
        var result = Run(["grad", "x * 2"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Out);
        Assert.StartsWith("<arg>:1:1: error: unknown name 'x'", result.Err);
    }

    // ---- The REPL with stdin that is not a terminal ----------------------------------------------------

    [Fact]
    public void NoArguments_PipedStdin_RunsItAsAScript()
    {
        var result = Run([], stdin: "x = 3\n:grad x * x\n");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("x = 3\nL = 9\n", result.Out);
        Assert.Equal(["x", "input", "", "3", "6"], Row(result.Out, "x", "input"));
    }

    [Fact]
    public void NoArguments_PipedStdinWithError_StopsWithExitCode1()
    {
        var result = Run([], stdin: "x = 3\ny = nosuch\nx\n");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("x = 3\n", result.Out);
        Assert.StartsWith("<stdin>:2:5: error: unknown name 'nosuch'", result.Err);
    }

    [Fact]
    public void NoArguments_EmptyStdin_IsSuccess()
    {
        var result = Run([]);

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Out);
        Assert.Empty(result.Err);
    }

    // ---- --version and --help --------------------------------------------------------------------------

    [Fact]
    public void Version_PrintsAVersionAndExitsZero()
    {
        var result = Run(["--version"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", result.Out);
    }

    [Fact]
    public void Help_MentionsEvalAndGradAndExitsZero()
    {
        var result = Run(["--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("eval", result.Out);
        Assert.Contains("grad", result.Out);
        Assert.Empty(result.Err);
    }

    [Fact]
    public void EvalHelp_MentionsJsonAndPrecisionAndExitsZero()
    {
        var result = Run(["eval", "--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--json", result.Out);
        Assert.Contains("--precision", result.Out);
    }

    // ---- --json ----------------------------------------------------------------------------------------

    [Fact]
    public void Json_AppleOrange_ReportsEveryAssignmentLeafAndIntermediate()
    {
        double apple = 100, appleNum = 2, orange = 150, orangeNum = 3, tax = 1.1;
        double applePrice = apple * appleNum, orangePrice = orange * orangeNum, allPrice = applePrice + orangePrice;

        var result = Run(["eval", "--json", RepoPaths.Example("apple_orange.bp")]);

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Err);
        var lines = JsonLines(result.Out);
        Assert.Equal(10, lines.Count);

        (int Line, string Name, double Value)[] assignments =
        [
            (2, "apple", apple), (3, "apple_num", appleNum), (4, "orange", orange), (5, "orange_num", orangeNum), (6, "tax", tax),
            (8, "apple_price", applePrice), (9, "orange_price", orangePrice), (10, "all_price", allPrice), (11, "price", allPrice * tax),
        ];
        foreach (var ((line, name, value), json) in assignments.Zip(lines))
        {
            Assert.Equal("assign", Kind(json));
            Assert.Equal(line, json.GetProperty("line").GetInt32());
            Assert.Equal(name, json.GetProperty("name").GetString());
            Assert.Equal(value, json.GetProperty("value").GetDouble());
            Assert.Equal(4, json.EnumerateObject().Count());
        }

        var grad = lines[9];
        Assert.Equal("grad", Kind(grad));
        Assert.Equal(14, grad.GetProperty("line").GetInt32());
        Assert.Equal(allPrice * tax, grad.GetProperty("value").GetDouble());

        (string Name, double Value, double Grad)[] leaves =
        [
            ("apple", apple, appleNum * tax), ("apple_num", appleNum, apple * tax),
            ("orange", orange, orangeNum * tax), ("orange_num", orangeNum, orange * tax),
            ("tax", tax, allPrice),
        ];
        var leafJson = grad.GetProperty("leaves").EnumerateArray().ToList();
        Assert.Equal(leaves.Length, leafJson.Count);
        foreach (var ((name, value, g), json) in leaves.Zip(leafJson))
        {
            Assert.Equal("variable", Kind(json));
            Assert.Equal(name, json.GetProperty("name").GetString());
            Assert.Equal(value, json.GetProperty("value").GetDouble());
            Assert.Equal(g, json.GetProperty("grad").GetDouble());
            Assert.Equal(4, json.EnumerateObject().Count());
        }

        (string Name, double Value, double Grad)[] intermediates =
            [("apple_price", applePrice, tax), ("orange_price", orangePrice, tax), ("all_price", allPrice, tax)];
        var intermediateJson = grad.GetProperty("intermediates").EnumerateArray().ToList();
        Assert.Equal(intermediates.Length, intermediateJson.Count);
        foreach (var ((name, value, g), json) in intermediates.Zip(intermediateJson))
        {
            Assert.Equal(name, json.GetProperty("name").GetString());
            Assert.Equal(value, json.GetProperty("value").GetDouble());
            Assert.Equal(g, json.GetProperty("grad").GetDouble());
            Assert.Equal(3, json.EnumerateObject().Count());
        }
    }

    [Fact]
    public void Json_Numbers_RoundTripWithoutRounding()
    {
        var result = Run(["eval", "--json", "-"], stdin: "x = 0.1 + 0.2\n1.1 * 100\n");

        var lines = JsonLines(result.Out);
        Assert.Equal(0.1 + 0.2, lines[0].GetProperty("value").GetDouble());
        Assert.Equal(1.1 * 100, lines[1].GetProperty("value").GetDouble());
        Assert.Contains("110.00000000000001", result.Out);
    }

    [Fact]
    public void Json_Value_HasKindLineAndValue()
    {
        var result = Run(["eval", "--json", "-"], stdin: "\n# comment\n6 * 7\n");

        var json = Assert.Single(JsonLines(result.Out));
        Assert.Equal("value", Kind(json));
        Assert.Equal(3, json.GetProperty("line").GetInt32());
        Assert.Equal(42, json.GetProperty("value").GetDouble());
        Assert.Equal(3, json.EnumerateObject().Count());
    }

    [Fact]
    public void Json_SeedInlineGrad_GivesEachLiteralsColumnCountingTheCommand()
    {
        var result = Run(["eval", "--json", RepoPaths.Example("seed.bp")]);

        Assert.Equal(0, result.ExitCode);
        var grads = JsonLines(result.Out).Where(j => Kind(j) == "grad").ToList();
        Assert.Equal(2, grads.Count);

        var byName = grads[0].GetProperty("leaves").EnumerateArray().ToDictionary(
            j => j.GetProperty("name").GetString()!, j => j.GetProperty("grad").GetDouble());
        Assert.Equal(new Dictionary<string, double> { ["a"] = 60, ["b"] = 30, ["c"] = 2, ["d"] = 2 }, byName);

        var inline = grads[1];
        Assert.Equal(15, inline.GetProperty("line").GetInt32());
        Assert.Equal(60, inline.GetProperty("value").GetDouble());
        Assert.Empty(inline.GetProperty("intermediates").EnumerateArray());
        (string Name, int Column, double Value, double Grad)[] expected = [("1", 8, 1, 60), ("2", 10, 2, 30), ("10", 14, 10, 2), ("20", 17, 20, 2)];
        var leaves = inline.GetProperty("leaves").EnumerateArray().ToList();
        Assert.Equal(expected.Length, leaves.Count);
        foreach (var ((name, column, value, g), json) in expected.Zip(leaves))
        {
            Assert.Equal("literal", Kind(json));
            Assert.Equal(name, json.GetProperty("name").GetString());
            Assert.Equal(15, json.GetProperty("line").GetInt32());
            Assert.Equal(column, json.GetProperty("column").GetInt32());
            Assert.Equal(value, json.GetProperty("value").GetDouble());
            Assert.Equal(g, json.GetProperty("grad").GetDouble());
        }
    }

    [Fact]
    public void Json_Error_IsALineOnStdoutWithLineAndColumn()
    {
        var result = Run(["eval", "--json", "-"], stdin: "x = 1\ny = x + nosuch\nz = 3\n");

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Err);
        var lines = JsonLines(result.Out);
        Assert.Equal(2, lines.Count);
        Assert.Equal("assign", Kind(lines[0]));
        var error = lines[1];
        Assert.Equal("error", Kind(error));
        Assert.Equal(2, error.GetProperty("line").GetInt32());
        Assert.Equal(9, error.GetProperty("column").GetInt32());
        Assert.StartsWith("unknown name 'nosuch'", error.GetProperty("message").GetString());
        Assert.Equal(4, error.EnumerateObject().Count());
    }

    [Fact]
    public void Json_ParseError_IsALineOnStdout()
    {
        var result = Run(["eval", "--json", "-"], stdin: "1 +\n");

        Assert.Equal(1, result.ExitCode);
        var error = Assert.Single(JsonLines(result.Out));
        Assert.Equal("error", Kind(error));
        Assert.Equal(1, error.GetProperty("line").GetInt32());
        Assert.Equal(4, error.GetProperty("column").GetInt32());
    }

    [Fact]
    public void Json_WarningAndNonFiniteNumbers_AreStrings()
    {
        var result = Run(["eval", "--json", "-"], stdin: "x = 3\n:grad log(0*x)\n");

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Err);
        var lines = JsonLines(result.Out);
        var grad = Assert.Single(lines, j => Kind(j) == "grad");
        Assert.Equal("-Infinity", grad.GetProperty("value").GetString());
        var leaves = grad.GetProperty("leaves").EnumerateArray().ToList();
        var zero = Assert.Single(leaves, l => Kind(l) == "literal");
        Assert.Equal("0", zero.GetProperty("name").GetString());
        Assert.Equal(11, zero.GetProperty("column").GetInt32());
        Assert.Equal(0, zero.GetProperty("value").GetDouble());
        Assert.Equal("Infinity", zero.GetProperty("grad").GetString());
        var x = Assert.Single(leaves, l => Kind(l) == "variable");
        Assert.Equal(3, x.GetProperty("value").GetDouble());
        Assert.Equal("NaN", x.GetProperty("grad").GetString());

        var warning = Assert.Single(lines, j => Kind(j) == "warning");
        Assert.Equal(2, warning.GetProperty("line").GetInt32());
        Assert.Equal(7, warning.GetProperty("column").GetInt32());
        Assert.Contains("log(0) is -Infinity", warning.GetProperty("message").GetString());
        Assert.True(lines.IndexOf(grad) < lines.IndexOf(warning), "the result comes before its warning");
    }

    [Fact]
    public void Json_NonFiniteValue_IsAString()
    {
        var result = Run(["eval", "--json", "-"], stdin: "0/0\n-1/0\n");

        var values = JsonLines(result.Out).Where(j => Kind(j) == "value").Select(j => j.GetProperty("value").GetString()).ToList();
        Assert.Equal(new[] { "NaN", "-Infinity" }, values);
    }

    [Fact]
    public void Json_GradCommand_WritesOneGradObject()
    {
        var result = Run(["grad", "--json", "(1*2)*(10+20)"]);

        Assert.Equal(0, result.ExitCode);
        var grad = Assert.Single(JsonLines(result.Out));
        Assert.Equal("grad", Kind(grad));
        Assert.Equal(60, grad.GetProperty("value").GetDouble());
        Assert.Equal(new[] { 2, 4, 8, 11 }, grad.GetProperty("leaves").EnumerateArray().Select(l => l.GetProperty("column").GetInt32()));
    }

    [Fact]
    public void Json_EveryLineIsOneObject()
    {
        var result = Run(["eval", "--json", RepoPaths.Example("neuron.bp")]);

        foreach (string line in Lines(result.Out))
        {
            Assert.StartsWith("{", line);
            Assert.EndsWith("}", line);
            Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(line).RootElement.ValueKind);
        }
    }

    [Fact]
    public void Json_IgnoresPrecision()
    {
        var result = Run(["eval", "--json", "--precision", "3", "-"], stdin: "1/3\n");

        Assert.Equal(1.0 / 3, Assert.Single(JsonLines(result.Out)).GetProperty("value").GetDouble());
    }
}
