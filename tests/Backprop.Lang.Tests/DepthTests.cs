using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Backprop.Lang.Syntax;

namespace Backprop.Lang.Tests;

/// <summary>
/// Very long and very deep lines. A stack overflow cannot be caught in .NET and would kill the test host, so
/// each workload runs in a child process (tests/Backprop.Lang.DepthProbe): a crash there is a failed test here.
/// </summary>
public class DepthTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public void Grad_MillionTermSum_AddsUpWithEveryLiteralAtGradientOne()
    {
        var result = Probe("sum", 1_000_000);

        Assert.Equal("True", result["ok"]);
        Assert.Equal("1000000", result["value"]);
        Assert.Equal("1000000", result["literals"]);
        Assert.Equal("1", result["first_gradient"]);
    }

    [Fact]
    public void Grad_HundredThousandNestedParentheses_EvaluateTheInnerLiteral()
    {
        var result = Probe("parens", 100_000);

        Assert.Equal("True", result["ok"]);
        Assert.Equal("1", result["value"]);
        Assert.Equal("1", result["first_gradient"]);
    }

    [Fact]
    public void Grad_HundredThousandUnaryMinuses_CancelInPairs()
    {
        var result = Probe("negations", 100_000);

        Assert.Equal("True", result["ok"]);
        Assert.Equal("1", result["value"]);
        Assert.Equal("1", result["first_gradient"]);
    }

    [Fact]
    public void Grad_HundredThousandNestedSinCalls_MatchIteratedSine()
    {
        const int depth = 100_000;
        double value = 1, gradient = 1;
        for (int i = 0; i < depth; i++)
        {
            gradient *= Math.Cos(value);
            value = Math.Sin(value);
        }

        var result = Probe("sin", depth);

        Assert.Equal("True", result["ok"]);
        Assert.Equal(value, double.Parse(result["value"], CultureInfo.InvariantCulture), 12);
        // The chain rule multiplies 100,000 cosines, in backprop's order rather than this loop's.
        double relative = Math.Abs(double.Parse(result["first_gradient"], CultureInfo.InvariantCulture) / gradient - 1);
        Assert.True(relative < 1e-9, $"gradient {result["first_gradient"]}, expected about {gradient:R}");
    }

    [Fact]
    public void Grad_OfAHundredThousandNestedSins_IsBuiltAndDifferentiatedAgainWithoutRecursion()
    {
        const int depth = 100_000;
        double value = 1, first = 1, second = 0;
        for (int i = 0; i < depth; i++)
        {
            // (f∘g)' = f'(g)·g' and (f∘g)'' = f''(g)·g'^2 + f'(g)·g'', for f = sin.
            second = -Math.Sin(value) * first * first + Math.Cos(value) * second;
            first *= Math.Cos(value);
            value = Math.Sin(value);
        }

        var result = Probe("gradsin", depth, stackKiB: 256);

        Assert.Equal("True", result["ok"]);
        Assert.True(Math.Abs(double.Parse(result["value"], CultureInfo.InvariantCulture) / first - 1) < 1e-9, $"first derivative {result["value"]}, expected {first:R}");
        Assert.True(Math.Abs(double.Parse(result["variable_gradient"], CultureInfo.InvariantCulture) / second - 1) < 1e-6,
            $"second derivative {result["variable_gradient"]}, expected {second:R}");
    }

    [Fact]
    public void UsersFunctionsCallingEachOther_TwentyThousandDeep_NeedNoStackPerLevel()
    {
        var result = Probe("funcs", 20_000, stackKiB: 256);

        Assert.Equal("True", result["ok"]);
        Assert.Equal("2", result["value"]);
        Assert.Equal("20000", result["clusters"]);
    }

    /// <summary>
    /// The deepest lines allowed, on a thread with a 256 KiB stack: a parser or walk that recursed per level
    /// would need tens of megabytes here and kill the probe, so this passing shows that none does.
    /// </summary>
    [Theory]
    [InlineData("parens")]
    [InlineData("sin")]
    [InlineData("negations")]
    public void Grad_NestingAtTheLimit_NeedsNoStackPerLevel(string workload)
    {
        var result = Probe(workload, SyntaxParser.MaxNesting, stackKiB: 256);

        Assert.Equal("True", result["ok"]);
        Assert.Equal("1", result["literals"]);
    }

    /// <summary>Brackets and tensor postfixes as deep as parentheses may go: a clear answer, no stack per level.</summary>
    [Theory]
    [InlineData("brackets", "False")]
    [InlineData("postfix", "True")]
    public void Tensors_NestingAtTheLimit_NeedsNoStackPerLevel(string workload, string ok)
    {
        var result = Probe(workload, SyntaxParser.MaxNesting / 2, stackKiB: 256);

        Assert.Equal(ok, result["ok"]);
        if (ok == "False") Assert.Contains("axes is more than the 32", result["diagnostic"]);
    }

    [Fact]
    public void Parse_NestingBeyondTheLimit_IsAClearDiagnostic()
    {
        var result = Probe("parens", SyntaxParser.MaxNesting + 1);

        Assert.Equal("False", result["ok"]);
        Assert.Contains("nested more than", result["diagnostic"]);
        Assert.Contains(SyntaxParser.MaxNesting.ToString("N0", CultureInfo.InvariantCulture), result["diagnostic"]);
    }

    /// <summary>Runs the probe on one workload and returns its key=value lines; fails on a crash or a timeout.</summary>
    private static Dictionary<string, string> Probe(string workload, int size, int stackKiB = 0)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(ProbePath());
        start.ArgumentList.Add(workload);
        start.ArgumentList.Add(size.ToString(CultureInfo.InvariantCulture));
        if (stackKiB > 0)
        {
            start.ArgumentList.Add(stackKiB.ToString(CultureInfo.InvariantCulture));
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the depth probe");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"{workload} {size}: no answer within {Timeout.TotalSeconds} s");
        }
        process.WaitForExit();
        string output = stdout.Result, errors = stderr.Result;
        Assert.True(process.ExitCode == 0,
            $"{workload} {size}: the probe exited with {process.ExitCode} (a stack overflow is 134 on Unix)\n{Tail(errors)}\n{output}");

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = line.IndexOf('=');
            if (eq > 0)
            {
                result.TryAdd(line[..eq], line[(eq + 1)..]);
            }
        }
        return result;
    }

    private static string Tail(string text) => text.Length <= 2000 ? text : "…" + text[^2000..];

    /// <summary>The probe's dll, whose path the build records in this assembly (see the test project file).</summary>
    private static string ProbePath()
    {
        string? path = typeof(DepthTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "DepthProbePath")?.Value;
        Assert.False(string.IsNullOrEmpty(path), "the build did not record DepthProbePath");
        Assert.True(File.Exists(path), $"the depth probe is not built: {path}");
        return path;
    }

    /// <summary>The dotnet host running these tests (the SDK sets DOTNET_HOST_PATH), else dotnet on the PATH.</summary>
    private static string DotnetHost()
    {
        string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }
        string? self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return self;
        }
        return "dotnet";
    }
}
