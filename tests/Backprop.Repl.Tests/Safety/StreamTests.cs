using Backprop.Fuzz;

namespace Backprop.Repl.Tests.Safety;

/// <summary>
/// stdout and stderr closed, full or read by a reader that goes away, and stdin closed: the process ends with a
/// one-line message where one can still be written and a non-zero exit code, never a stack trace, an abort or a hang.
/// </summary>
public sealed class StreamTests
{
    private const int OutputFailed = 74, BrokenPipe = 141;

    [Theory]
    [InlineData("echo '1+2' | bp > /dev/full", "No space left on device")]
    [InlineData("echo '1+2' | bp >&-", "Bad file descriptor")]
    [InlineData("bp eval --json examples/seed.bp > /dev/full", "No space left on device")]
    [InlineData("bp grad 'x' >&-", "")] // an error goes to stderr first: the exit code is the input error's
    public void Stdout_FullOrClosed_OneLineOnStderrAndExit74(string command, string reason)
    {
        if (!Shell.Available) return;

        var result = Shell.Run(command);

        Assert.False(Promise.HasStackTrace(result.Err), result.Err);
        if (reason.Length == 0)
        {
            Assert.Equal(1, result.ExitCode);
            return;
        }
        Assert.Equal(OutputFailed, result.ExitCode);
        Assert.Equal($"backprop: cannot write to stdout: {reason}\n", result.Err);
    }

    [Theory]
    [InlineData("echo 'nosuch' | bp 2>&-")]
    [InlineData("echo 'nosuch' | bp 2>/dev/full")]
    [InlineData("bp eval no-such-file.bp 2>&-")]
    public void Stderr_FullOrClosed_WhileAnErrorIsReported_Exits74NotAbort(string command)
    {
        if (!Shell.Available) return;

        var result = Shell.Run(command);

        Assert.Equal(OutputFailed, result.ExitCode);
        Assert.Empty(result.Out);
    }

    [Theory]
    [InlineData("")]
    [InlineData("eval --json -")]
    public void ReaderGoesAway_EndsAtOnceLikeSigpipe(string args)
    {
        if (!Shell.Available) return;

        var result = Shell.Run($"(echo x=2; yes ':grad x*x' 2>/dev/null) | bp {args} | head -1; echo \"${{PIPESTATUS[1]}}\" >&2",
            timeout: TimeSpan.FromSeconds(30));

        Assert.Single(result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"{BrokenPipe}\n", result.Err);
    }

    [Fact]
    public void StdoutAFileSharedWithOtherWriters_KeepsEveryonesOutputInOrder()
    {
        if (!Shell.Available) return;
        using var temp = new TempDirectory();

        Shell.Run("{ echo first; echo '1+2' | bp; bp eval nosuch.bp 2>&1; echo '2+2' | bp; echo last; } > log.txt", temp.Path);

        Assert.Equal("first\n3\nbackprop: error: cannot read 'nosuch.bp': no such file\n4\nlast\n",
            File.ReadAllText(Path.Combine(temp.Path, "log.txt")));
    }

    [Theory]
    [InlineData("bp <&-")]
    [InlineData("bp eval - <&-")]
    public void ClosedStdin_IsEndOfInput(string command)
    {
        if (!Shell.Available) return;

        var result = Shell.Run(command, timeout: TimeSpan.FromSeconds(30));

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Out);
        Assert.Empty(result.Err);
    }
}
