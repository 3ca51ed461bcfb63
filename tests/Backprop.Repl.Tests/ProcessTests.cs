using System.Diagnostics;
using static Backprop.Repl.Tests.Printed;

namespace Backprop.Repl.Tests;

/// <summary>The built <c>backprop.dll</c>, run as a child process with every stream redirected, as a shell pipe runs it.</summary>
public sealed class ProcessTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private sealed record Result(int ExitCode, string Out, string Err);

    /// <summary>
    /// Runs <c>dotnet backprop.dll ARGS</c>, writes <paramref name="stdin"/> and closes it (a child waiting on an
    /// open stdin would hang), and kills the child if it outlives <see cref="Timeout"/>.
    /// </summary>
    private static Result Run(string[] args, string stdin = "", IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(BackpropProcess.DotnetHost)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        start.ArgumentList.Add(BackpropProcess.BackpropDll);
        foreach (string arg in args) start.ArgumentList.Add(arg);
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
}
