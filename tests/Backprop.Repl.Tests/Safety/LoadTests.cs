using System.Diagnostics;
using Backprop.Fuzz;
using Backprop.Repl.Running;
using Xunit.Abstractions;

namespace Backprop.Repl.Tests.Safety;

/// <summary>
/// <c>:load</c> reads only regular files named *.bp (no devices, FIFOs, /proc), checks the size before reading,
/// refuses anything else without echoing it, and a fan-out of nested loads spends a budget instead of running for
/// minutes. Through the real process, with a pipe's lines.
/// </summary>
public sealed class LoadTests(ITestOutputHelper output)
{
    private static Shell.Result Pipe(string folder, string lines) => Shell.Run("bp", folder, lines, timeout: TimeSpan.FromSeconds(60));

    [Theory]
    [InlineData("/etc/passwd", "':load' runs only scripts named *.bp, and '/etc/passwd' is not one")]
    [InlineData("/dev/stdin", "':load' runs only scripts named *.bp, and '/dev/stdin' is not one")]
    [InlineData("/dev/zero", "':load' runs only scripts named *.bp, and '/dev/zero' is not one")]
    [InlineData("fifo.bp", "cannot read 'fifo.bp': it is a device, a pipe or a system file, not a script")]
    [InlineData("stdin.bp", "cannot read 'stdin.bp': it is a device, a pipe or a system file, not a script")]
    [InlineData("zero.bp", "cannot read 'zero.bp': it is a device, a pipe or a system file, not a script")]
    [InlineData("environ.bp", "cannot read 'environ.bp': it is a device, a pipe or a system file, not a script")]
    [InlineData("huge.bp", "cannot read 'huge.bp': it is larger than 64 MB")]
    public void Load_NotAScript_IsRefusedAtOnceWithoutEchoingIt(string target, string message)
    {
        if (!Shell.Available || !OperatingSystem.IsLinux()) return;
        using var temp = new TempDirectory();
        Shell.Run("mkfifo fifo.bp && ln -s /dev/stdin stdin.bp && ln -s /dev/zero zero.bp && ln -s /proc/self/environ environ.bp && truncate -s 65M huge.bp", temp.Path);

        var result = Pipe(temp.Path, $"x = 1\n:load {target}\n");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("x = 1\n", result.Out);
        Assert.Equal($"<stdin>:2:7: error: {message}\n  :load {target}\n        {new string('^', target.Length)}\n", result.Err);
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(20), result.Elapsed.ToString());
    }

    [Fact]
    public void Load_FanOutOfNestedLoads_StopsAtTheBudget()
    {
        if (!Shell.Available) return;
        using var temp = new TempDirectory();
        // 15 files, each loading the next 8 times: 8^14 loads without a budget.
        for (int i = 0; i < 15; i++)
        {
            temp.File($"f{i}.bp", i == 14 ? "y = 1\n" : string.Concat(Enumerable.Repeat($":load f{i + 1}.bp\n", 8)));
        }
        var clock = Stopwatch.StartNew();

        var result = Pipe(temp.Path, "x = 1\n:load f0.bp\nx\n");
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"error: {ReplMessages.LoadBudgetSpent($"{Interpreter.MaxLoads:N0} scripts")}", result.Err);
        Assert.Single(result.Err.Split('\n'), line => line.Contains("error:"));
        Assert.False(Promise.HasStackTrace(result.Err));
    }

    [Fact]
    public void Load_ManyLinesThroughNestedLoads_StopAtTheLineBudget()
    {
        if (!Shell.Available) return;
        using var temp = new TempDirectory();
        temp.File("lines.bp", string.Concat(Enumerable.Repeat("# a comment is a line too\n", 300_000)));
        temp.File("all.bp", string.Concat(Enumerable.Repeat(":load lines.bp\n", 4)));

        var result = Shell.Run("bp > /dev/null", temp.Path, ":load all.bp\n");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"error: {ReplMessages.LoadBudgetSpent($"{Interpreter.MaxLoadedLines:N0} lines")}", result.Err);
    }

    /// <summary>A 600 MB script once took 2.5 GB to refuse or run; now its size is refused before a byte is read.</summary>
    [Fact]
    public void Eval_ScriptOverTheLimit_IsRefusedBeforeReadingIt()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var temp = new TempDirectory();
        string path = Path.Combine(temp.Path, "huge.bp");
        using (var file = new FileStream(path, FileMode.Create))
        {
            file.SetLength(600L << 20); // sparse
        }

        var result = BackpropProcess.Run(["eval", path], TimeSpan.FromSeconds(60), memoryLimit: 300L << 20);
        output.WriteLine(result.ToString());

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"backprop: error: cannot read '{path}': it is larger than 64 MB\n", result.Err);
    }

    [Fact]
    public void Eval_StillRunsAScriptWhateverItsName()
    {
        if (!Shell.Available) return;
        using var temp = new TempDirectory();
        temp.File("script.txt", "1 + 1\n");

        var result = Shell.Run("bp eval script.txt", temp.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("2\n", result.Out);
    }
}
