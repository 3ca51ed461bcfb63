using System.Text.Json;

namespace Backprop.Repl.Tests.Safety;

/// <summary>
/// Results that were silently wrong: :check calling a correct gradient a mismatch when the numerical side has no
/// digits left, and :graph dropping the levels it could not fit without saying so. Through the real process.
/// </summary>
public sealed class SilentlyWrongTests
{
    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Theory]
    [InlineData(":check x*x + 1e10", "the step (eps = 0.000215) is below the precision left at L = 10000000001")]
    [InlineData(":check x*x eps=1e-17", "the step (eps = 1E-17) is below the precision left at L = 1")]
    public void Check_NumericalSideWithoutDigits_IsInconclusiveNotAMismatch(string line, string why)
    {
        if (!Shell.Available) return;

        var result = Shell.Run("bp", stdin: $"x = 1\n{line}\n");

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("MISMATCH", result.Out);
        Assert.Contains("│ inconclusive │", result.Out);
        Assert.Contains($"1 inconclusive: {why}", result.Out);
    }

    [Fact]
    public void Check_Json_SaysInconclusive()
    {
        if (!Shell.Available) return;

        var result = Shell.Run("bp eval --json -", stdin: "x = 1\n:check x*x + 1e10\n");

        var check = JsonDocument.Parse(Lines(result.Out)[1]).RootElement;
        var x = check.GetProperty("leaves").EnumerateArray().Single(l => l.GetProperty("kind").GetString() == "variable");
        Assert.Equal("inconclusive", x.GetProperty("verdict").GetString());
    }

    [Fact]
    public void Check_DefaultStep_GrowsWithTheValueBeyondAThousand()
    {
        if (!Shell.Available) return;

        // L = 1e12 * sin(x) = 8.4e11: the default step is 1e-6 * cbrt(8.4e11 / 1000) = 9.4e-4, and the correct gradient agrees.
        var result = Shell.Run("bp", stdin: "x = 1\n:check sin(x)*1e12\n:check x*x*x\n");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("2 of 2 leaves agree within 1e-6 (step eps = 0.000944·max(1, |x|))", result.Out);
        Assert.Contains("1 of 1 leaves agree within 1e-6 (step eps = 1e-6·max(1, |x|))", result.Out);
    }

    [Fact]
    public void Graph_DeeperThanTheConsoleIsWide_SaysHowManyLevelsAndNodesItDidNotDraw()
    {
        if (!Shell.Available) return;
        string chain = new string('(', 100) + "x" + string.Concat(Enumerable.Repeat("+1)", 100));

        var result = Shell.Run("bp", stdin: $"x = 1\n:graph {chain}\n");

        Assert.Equal(0, result.ExitCode);
        // Spectre wraps the deepest text at the console's 100 columns.
        string text = string.Join(' ', result.Out.Split('\n').Select(line => line.TrimStart(' ', '│', '├', '└', '─').Trim()));
        Assert.Contains("... deeper levels not drawn (the graph is 84 more levels deep than shown)", text);
        Assert.Contains("drew 16 of 100 levels (168 nodes not drawn): a wider terminal shows more", text);
    }
}
