using System.Diagnostics;
using Backprop.Repl.Cli;
using static Backprop.Repl.Tests.Printed;

namespace Backprop.Repl.Tests;

/// <summary>
/// The command (the built <c>backprop.dll</c>, or the executable <c>BACKPROP_EXE</c> names), run as a child process
/// with every stream redirected, as a shell pipe runs it.
/// </summary>
[Trait("Category", BackpropProcess.Category)]
public sealed class ProcessTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private sealed record Result(int ExitCode, string Out, string Err);

    /// <summary>
    /// Runs <c>backprop ARGS</c>, writes <paramref name="stdin"/> and closes it (a child waiting on an
    /// open stdin would hang), and kills the child if it outlives <see cref="Timeout"/>.
    /// </summary>
    private static Result Run(string[] args, string stdin = "", IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = BackpropProcess.StartInfo(args);
        start.Environment.Remove("NO_COLOR");
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            process.StandardInput.Write(stdin);
        }
        catch (IOException)
        {
            // The child exited without reading its input; what it printed says why.
        }
        finally
        {
            process.StandardInput.Close();
        }

        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"backprop {string.Join(' ', args)} did not exit within {Timeout.TotalSeconds}s");
        }
        process.WaitForExit(); // lets the output readers reach the end
        return new Result(process.ExitCode, Normalize(output.Result), Normalize(errors.Result));
    }

    [Fact]
    public void PipedStdin_Expression_PrintsItsValueAndExitsZero()
    {
        var result = Run([], stdin: "1+2\n");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("3\n", result.Out);
        Assert.Empty(result.Err);
    }

    [Fact]
    public void PipedStdin_Error_GoesToStderrAndExitsOne()
    {
        var result = Run([], stdin: "x = 1\nx + nosuch\nx\n");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("x = 1\n", result.Out);
        Assert.StartsWith("<stdin>:2:5: error: unknown name 'nosuch'", result.Err);
    }

    [Fact]
    public void PipedStdin_Empty_ExitsZero()
    {
        var result = Run([]);

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Out);
    }

    [Fact]
    public void Eval_Seed_ShowsTheArticlesGradients()
    {
        var result = Run(["eval", Path.Combine("examples", "seed.bp")]);

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Err);
        Assert.Equal(["1", "literal", "15:8", "1", "60"], Row(result.Out, "1", "literal"));
        Assert.Equal(["2", "literal", "15:10", "2", "30"], Row(result.Out, "2", "literal"));
        Assert.Equal(["10", "literal", "15:14", "10", "2"], Row(result.Out, "10", "literal"));
        Assert.Equal(["20", "literal", "15:17", "20", "2"], Row(result.Out, "20", "literal"));
        Assert.Equal(Normalize(File.ReadAllText(RepoPaths.Example("seed.expected"))), result.Out);
    }

    [Fact]
    public void Eval_MissingFile_ExitsOne()
    {
        var result = Run(["eval", "no-such-file.bp"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no-such-file.bp", result.Err);
    }

    [Fact]
    public void UnknownVerb_ExitsTwo()
    {
        var result = Run(["frobnicate"]);

        Assert.Equal(2, result.ExitCode);
    }

    [Fact]
    public void Json_PipedStdin_WritesJsonLines()
    {
        var result = Run(["eval", "--json", "-"], stdin: "x = 3\n:grad x*x\n");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            "{\"kind\":\"assign\",\"line\":1,\"name\":\"x\",\"value\":3}\n" +
            "{\"kind\":\"grad\",\"line\":2,\"value\":9,\"leaves\":[{\"kind\":\"variable\",\"name\":\"x\",\"value\":3,\"grad\":6}],\"intermediates\":[]}\n",
            result.Out);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("1")]
    public void RedirectedOutput_WithColourTerminalInTerm_HasNoEscapeCodes(string? noColor)
    {
        var environment = new Dictionary<string, string?> { ["TERM"] = "xterm-256color", ["COLORTERM"] = "truecolor", ["NO_COLOR"] = noColor };
        string script = "x = 3\n:grad x*x + 1\n:vars\n:help\nnosuch\n";

        var result = Run([], script, environment);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("L = 10", result.Out);
        Assert.Contains("unknown name 'nosuch'", result.Err);
        Assert.DoesNotContain('\u001b', result.Out);
        Assert.DoesNotContain('\u001b', result.Err);
    }

    [Fact]
    public void NoColor_LeavesTheTextUnchanged()
    {
        string script = ":grad (1*2)*(10+20)\n";
        var plain = Run([], script, new Dictionary<string, string?> { ["TERM"] = "xterm-256color" });

        var noColor = Run([], script, new Dictionary<string, string?> { ["TERM"] = "xterm-256color", ["NO_COLOR"] = "1" });

        Assert.Equal(0, noColor.ExitCode);
        Assert.DoesNotContain('\u001b', noColor.Out);
        Assert.Equal(plain.Out, noColor.Out);
    }
    // ---- The binary agrees with the library --------------------------------------------------------------
    // Run with BACKPROP_EXE set to the Native AOT binary (.ci/run does), these check that ahead-of-time compiled
    // code gives what the JIT-compiled library in this test process gives, on every path through the grammar:
    // Pidgin's combinators (Try, Where, Map, Bind, Optional, Many, OneOf), the hand-written token, expression and
    // name-list parsers, the commands and their options, comments, and the errors each can report.

    private static readonly string[] ExampleNames =
        Directory.GetFiles(RepoPaths.Examples, "*.bp").Select(p => Path.GetFileNameWithoutExtension(p)).Order().ToArray();

    public static TheoryData<string> Examples() => new(ExampleNames);

    [Theory]
    [MemberData(nameof(Examples))]
    public void Eval_Example_MatchesItsExpectedOutput(string name)
    {
        var result = Run(["eval", Path.Combine("examples", name + ".bp")]);

        Assert.Equal("", result.Err);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Normalize(File.ReadAllText(RepoPaths.Example(name + ".expected"))), result.Out);
    }

    public static TheoryData<string, string> Scripts() => new()
    {
        { "every command", "x = 3  # a comment\nz = 2\ny = x*x\n:grad y + 2*x\n:trace (1*2)*(10+20)\n:graph x*y\n:dot x*y\n" +
            ":check sin(x)*y eps=1e-5 tol=1e-4\n:descend (x - 1)^2 + y wrt x lr=0.1 steps=3\n:descend (x-2)^2 + z*z wrt x, z steps=2\n" +
            ":vars\n:help descend\n:set precision 4\nx/3\nmax(x, y) - min(1, 2) + pow(2, 0.5) ** -1 \u00d7 relu(-x) \u00f7 2\n" },
        { "wrt ending in a comma", "x = 1\n:descend x*x wrt x,\n" },
        { "wrt without a name", "x = 1\n:descend x*x wrt\n" },
        { "wrt with a number", "x = 1\n:descend x*x wrt x, 2\n" },
        { "an option without a value", "x = 1\n:check x eps=\n" },
        { "an unknown command", ":frobnicate x\n" },
        { "a missing operator", ":grad 2x + 1\n" },
        { "an unclosed parenthesis", "(1 + (2 * 3)\n" },
        { "a dangling operator", "1 +\n" },
        { "assignment to a function", "sin = 3\n" },
        { "a bad number", "1e400 + 1.\n" },
        { "control characters", "1 \u0001 2\n" },
        { "a warning", "x = 0\n:grad log(x) + sqrt(-1) + 1/x\n" },
    };

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Eval_Script_AgreesWithTheLibraryInThisProcess(string what, string script)
    {
        foreach (string[] args in new[] { new[] { "eval", "-" }, ["eval", "--json", "-"] })
        {
            var inProcess = InProcess(args, script);

            var result = Run(args, script);

            Assert.True(inProcess == result, $"{what}, {string.Join(' ', args)}:\nthis process: {inProcess}\nthe command: {result}");
        }
    }

    public static TheoryData<string[]> Commands() => new()
    {
        new[] { "grad", "--json", "(1*2)*(10+20)" },
        new[] { "grad", "sigmoid(tanh(2) / exp(-1))" },
        new[] { "grad", "2x" },
        new[] { "dot", "-e", "x*2" },
        new[] { "eval", "--precision", "full", RepoPaths.Example("neuron.bp") },
        new[] { "eval", "--jsno", "x.bp" },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public void Command_AgreesWithTheLibraryInThisProcess(string[] args)
    {
        var inProcess = InProcess(args, "");

        var result = Run(args);

        Assert.Equal(inProcess, result);
    }

    /// <summary>The same arguments through <see cref="BackpropCli"/> in this process, on the library as the test host compiled it.</summary>
    private static Result InProcess(string[] args, string stdin)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        int code = new BackpropCli(new StringReader(stdin), output, errors, isTerminal: false).Run(args);
        return new Result(code, Normalize(output.ToString()), Normalize(errors.ToString()));
    }
}
