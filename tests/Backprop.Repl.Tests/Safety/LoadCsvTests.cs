using Backprop.Fuzz;

namespace Backprop.Repl.Tests.Safety;

/// <summary>
/// <c>load_csv</c> follows the file rules of scripts: a regular file named *.csv, relative to the script's folder, its
/// size checked before reading; devices, FIFOs and /proc refused at once, without echoing a byte of them. Through the
/// real process, with a pipe's lines.
/// </summary>
public sealed class LoadCsvTests
{
    private static Shell.Result Pipe(string folder, string lines) => Shell.Run("bp", folder, lines, timeout: TimeSpan.FromSeconds(60));

    [Theory]
    [InlineData("/etc/passwd", "load_csv reads only files named *.csv, and '/etc/passwd' is not one")]
    [InlineData("/dev/zero", "load_csv reads only files named *.csv, and '/dev/zero' is not one")]
    [InlineData("fifo.csv", "cannot read 'fifo.csv': it is a device, a pipe or a system file, not a file of data")]
    [InlineData("zero.csv", "cannot read 'zero.csv': it is a device, a pipe or a system file, not a file of data")]
    [InlineData("environ.csv", "cannot read 'environ.csv': it is a device, a pipe or a system file, not a file of data")]
    [InlineData("huge.csv", "cannot read 'huge.csv': it is larger than 64 MB")]
    [InlineData("nosuch.csv", "cannot read 'nosuch.csv': no such file")]
    [InlineData("folder.csv", "cannot read 'folder.csv': it is a directory, not a file of data")]
    public void LoadCsv_NotARegularCsvFile_IsRefusedAtOnce(string target, string message)
    {
        if (!Shell.Available || !OperatingSystem.IsLinux()) return;
        using var temp = new TempDirectory();
        Shell.Run("mkfifo fifo.csv && ln -s /dev/zero zero.csv && ln -s /proc/self/environ environ.csv && truncate -s 65M huge.csv && mkdir folder.csv", temp.Path);

        var result = Pipe(temp.Path, $"x = 1\nP = load_csv(\"{target}\")\n");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("x = 1\n", result.Out);
        Assert.StartsWith($"<stdin>:2:14: error: ", result.Err);
        Assert.Contains(message, result.Err);
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(20), result.Elapsed.ToString());
    }

    [Fact]
    public void LoadCsv_InAScript_IsRelativeToTheScriptsFolder_AndAnErrorPointsIntoTheFile()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(temp.Path, "sub", "data"));
        File.WriteAllText(Path.Combine(temp.Path, "sub", "data", "good.csv"), "a,b\n1,2\n3,4\n");
        File.WriteAllText(Path.Combine(temp.Path, "sub", "data", "bad.csv"), "1,2\n3,x1\n");
        File.WriteAllText(Path.Combine(temp.Path, "sub", "run.bp"), "P = load_csv(\"data/good.csv\")\nsum(P)\nQ = load_csv(\"data/bad.csv\")\n");

        var result = Shell.Run($"bp eval sub/run.bp", temp.Path, "", timeout: TimeSpan.FromSeconds(60));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("10", result.Out);
        Assert.Equal("data/bad.csv:2:3: error: 'x1' is not a number\n  3,x1\n    ^^\n", result.Err);
    }
}
