using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Backprop.Fuzz;
using Xunit.Abstractions;

namespace Backprop.Repl.Tests;

/// <summary>
/// Deep and huge inputs through the real command (<c>dotnet backprop.dll</c>, or <c>BACKPROP_EXE</c>), not only the library: each gives a
/// result or a diagnostic, in bounded memory and time. A child that outgrows <see cref="MemoryLimit"/> or
/// <see cref="Timeout"/> is killed and the test fails; every test prints the time and peak working set it saw.
/// </summary>
[Trait("Category", BackpropProcess.Category)]
public sealed class DeepInputTests(ITestOutputHelper output)
{
    private const long MemoryLimit = 2L * 1024 * 1024 * 1024;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static string Nested(int depth) => new string('(', depth) + "1" + new string(')', depth);

    private static string Sum(int terms) => string.Join('+', Enumerable.Repeat("1", terms));

    private BackpropProcess.Result Eval(string script, [CallerMemberName] string test = "")
    {
        using var temp = new TempDirectory();
        string path = temp.File("deep.bp", script);
        var result = BackpropProcess.Run(["eval", path], Timeout, MemoryLimit);
        output.WriteLine($"{test}: {result}");
        Assert.False(Promise.HasStackTrace(result.Err), result.Err);
        return result;
    }

    [Fact]
    public void Eval_HundredThousandNestedParentheses_PrintsTheValue()
    {
        var result = Eval(Nested(100_000) + "\n");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("1\n", result.Out);
        Assert.Empty(result.Err);
    }

    [Fact]
    public void Grad_HundredThousandNestedParentheses_FindsTheLiteralAtItsColumn()
    {
        var result = Eval(":grad " + Nested(100_000) + "\n");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("L = 1\n", result.Out);
        Assert.Equal(["1", "literal", "1:100007", "1", "1"], Printed.Row(result.Out, "1", "literal"));
    }

    [Fact]
    public void Eval_NestedPastTheLimit_IsADiagnosticNotACrash()
    {
        var result = Eval(Nested(200_001) + "\n");

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Out);
        Assert.Contains(":1:200001: error: the expression is nested more than 200,000 levels deep", result.Err);
    }

    [Fact]
    public void Eval_HundredThousandUnclosedParentheses_PointsAtTheLastOne()
    {
        var result = Eval(new string('(', 100_000) + "1\n");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(":1:100000: error: this '(' is never closed", result.Err);
    }

    [Fact]
    public void Eval_MillionTermLine_AddsUp()
    {
        var result = Eval(Sum(1_000_000) + "\n");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("1000000\n", result.Out);
    }

    [Fact]
    public void Grad_MillionTermLineOnStdin_GivesEveryLiteralGradientOne()
    {
        var result = BackpropProcess.Run([], Timeout, MemoryLimit, stdin: ":grad " + Sum(1_000_000) + "\n");
        output.WriteLine($"{nameof(Grad_MillionTermLineOnStdin_GivesEveryLiteralGradientOne)}: {result}");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("L = 1000000\n", result.Out);
        Assert.Equal(["1", "literal", "1:7", "1", "1"], Printed.TableRows(result.Out)[1]);
        Assert.Contains("... and 999,800 more rows", result.Out);
        Assert.Empty(result.Err);
    }

    [Fact]
    public void Eval_MillionTermLineWithAnErrorAtTheEnd_ShowsAShortExcerpt()
    {
        var result = Eval(Sum(1_000_000) + "+$\n");

        Assert.Equal(1, result.ExitCode);
        string[] lines = Printed.Lines(result.Err);
        Assert.EndsWith(":1:2000001: error: unexpected '$': expected a number, a name or '('", lines[0]);
        Assert.True(result.Err.Length < 1000, $"{result.Err.Length} characters of error output");
    }

    [Fact]
    public void Eval_HundredThousandLineScript_RunsEveryLine()
    {
        var script = new StringBuilder("x0 = 1\n");
        for (int i = 1; i < 100_000; i++)
        {
            script.Append(CultureInfo.InvariantCulture, $"x{i} = x{i - 1} + 1\n");
        }
        script.Append(":grad x99999\n");

        var result = Eval(script.ToString());

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Err);
        Assert.Contains("\nx99999 = 100000\nL = 100000\n", result.Out);
        Assert.Equal(100_000, Printed.Lines(result.Out).Count(line => line.StartsWith('x')));
        Assert.Equal(["x0", "input", "", "1", "1"], Printed.Row(result.Out, "x0"));
    }

    [Fact]
    public void Eval_HundredThousandConstantAssignments_RunsEveryLine()
    {
        var script = new StringBuilder();
        for (int i = 0; i < 100_000; i++)
        {
            script.Append(CultureInfo.InvariantCulture, $"c{i} = {i}\n");
        }
        script.Append("c99999 - c0\n");

        var result = Eval(script.ToString());

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Err);
        Assert.EndsWith("\nc99999 = 99999\n99999\n", result.Out);
    }
}
