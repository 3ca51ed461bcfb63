using Backprop.Fuzz;
using Backprop.Lang.Evaluation;
using Backprop.Repl.Cli;
using Backprop.Repl.Output;
using Backprop.Repl.Running;
using Backprop.Repl.Terminal;
using Xunit.Abstractions;
using static Backprop.Repl.Tests.Printed;

namespace Backprop.Repl.Tests;

/// <summary>
/// Script files that are not what they seem: unreadable, binary, empty, without a final newline, devices, odd paths.
/// Each gives a clear error or a success, with exit code 1 or 0, through <c>backprop eval</c> in memory, through
/// the real process, and through <c>:load</c>; never a crash. (CliTests has the plain missing-file and directory cases.)
/// </summary>
public sealed class FileInputTests(ITestOutputHelper output)
{
    private sealed record Result(int ExitCode, string Out, string Err);

    private static Result Eval(params string[] paths)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = new BackpropCli(new StringReader(""), stdout, stderr, isTerminal: false).Run(["eval", .. paths]);
        return new Result(code, Normalize(stdout.ToString()), Normalize(stderr.ToString()));
    }

    /// <summary>Mode 000 stops a reader unless it may read anything (root, or CAP_DAC_OVERRIDE): find out which this is.</summary>
    private static bool CanRead(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    // ---- backprop eval, in memory ------------------------------------------------------------------------

    [Fact]
    public void Eval_EmptyFile_ExitsZeroAndPrintsNothing()
    {
        using var temp = new TempDirectory();

        var result = Eval(temp.File("empty.bp", ""));

        Assert.Equal(new Result(0, "", ""), result);
    }

    [Fact]
    public void Eval_NoFinalNewline_RunsTheLastLine()
    {
        using var temp = new TempDirectory();

        var result = Eval(temp.File("last.bp", "x = 1\ny = x * 2"));

        Assert.Equal(new Result(0, "x = 1\ny = 2\n", ""), result);
    }

    [Fact]
    public void Eval_NoFinalNewlineWithAnError_PointsIntoTheLastLine()
    {
        using var temp = new TempDirectory();
        string script = temp.File("last.bp", "x = 1\ny = q");

        var result = Eval(script);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("x = 1\n", result.Out);
        Assert.StartsWith($"{script}:2:5: error: unknown name 'q'", result.Err);
    }

    [Fact]
    public void Eval_UnreadableFile_SaysPermissionDeniedUnlessNothingIsUnreadable()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // no Unix file modes to take away
        }
        using var temp = new TempDirectory();
        string script = temp.File("secret.bp", "1 + 1\n");
        File.SetUnixFileMode(script, UnixFileMode.None);

        var result = Eval(script);

        if (CanRead(script))
        {
            // Running as root: mode 000 does not stop reads, so the honest check is that the file simply runs.
            output.WriteLine("mode 000 is readable here (running as root): checked that the script runs");
            Assert.Equal(new Result(0, "2\n", ""), result);
        }
        else
        {
            Assert.Equal(new Result(1, "", $"backprop: error: cannot read '{script}': permission denied\n"), result);
        }
    }

    [Fact]
    public void Eval_BinaryFileAfterAGoodOne_RunsTheFirstThenStops()
    {
        using var temp = new TempDirectory();
        string good = temp.File("good.bp", "x = 1\n");
        string binary = Path.Combine(temp.Path, "image.png");
        File.WriteAllBytes(binary, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D]);

        var result = Eval(good, binary);

        Assert.Equal(new Result(1, $"==> {good} <==\nx = 1\n\n==> {binary} <==\n", $"backprop: error: '{binary}' looks like a binary file (it contains NUL bytes), not a backprop script\n"), result);
    }

    [Fact]
    public void Eval_InvalidUtf8_PointsAtTheReplacedCharacter()
    {
        using var temp = new TempDirectory();
        string script = Path.Combine(temp.Path, "latin1.bp");
        File.WriteAllBytes(script, [.. "caf"u8, 0xE9, .. " = 1\n"u8]); // "café = 1" saved as Latin-1

        var result = Eval(script);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"{script}:1:4: error: unexpected '\uFFFD' (U+FFFD)", result.Err);
    }

    [Theory]
    [InlineData("a\0b.bp")]
    [InlineData("dir/")]
    [InlineData("missing-dir/x.bp")]
    [InlineData("")]
    public void Eval_OddPath_IsExitCode1WithAMessage(string name)
    {
        using var temp = new TempDirectory();

        var result = Eval(Path.Combine(temp.Path, name));

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("backprop: error: cannot read '", result.Err);
        Assert.False(Promise.HasStackTrace(result.Err), result.Err);
    }

    [Fact]
    public void Eval_NameLongerThanTheFileSystemAllows_IsExitCode1()
    {
        using var temp = new TempDirectory();

        var result = Eval(Path.Combine(temp.Path, new string('a', 300) + ".bp"));

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("backprop: error: cannot read '", result.Err);
    }

    [Fact]
    public void Eval_SymlinkLoop_IsExitCode1()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // creating symbolic links needs a privilege there
        }
        using var temp = new TempDirectory();
        string first = Path.Combine(temp.Path, "first.bp"), second = Path.Combine(temp.Path, "second.bp");
        File.CreateSymbolicLink(first, second);
        File.CreateSymbolicLink(second, first);

        var result = Eval(first);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"backprop: error: cannot read '{first}'", result.Err);
        Assert.False(Promise.HasStackTrace(result.Err), result.Err);
    }

    [Fact]
    public void Eval_DevNull_IsAnEmptyScript()
    {
        if (!File.Exists("/dev/null") || OperatingSystem.IsWindows())
        {
            return;
        }

        Assert.Equal(new Result(0, "", ""), Eval("/dev/null"));
    }

    // ---- The real process ----------------------------------------------------------------------------------

    public static TheoryData<string, int> OddFiles() => new()
    {
        { "missing", 1 },
        { "directory", 1 },
        { "binary", 1 },
        { "empty", 0 },
        { "no final newline", 0 },
        { "unreadable", 1 },
    };

    [Theory]
    [MemberData(nameof(OddFiles))]
    [Trait("Category", BackpropProcess.Category)]
    public void Process_OddFile_ExitsWithACodeAndNoStackTrace(string kind, int exitCode)
    {
        using var temp = new TempDirectory();
        string path = Path.Combine(temp.Path, "script.bp");
        switch (kind)
        {
            case "directory": Directory.CreateDirectory(path); break;
            case "binary": File.WriteAllBytes(path, [0x31, 0x00, 0x32]); break;
            case "empty": File.WriteAllText(path, ""); break;
            case "no final newline": File.WriteAllText(path, "x = 1\nx * 3"); break;
            case "unreadable":
                File.WriteAllText(path, "1 + 1\n");
                if (OperatingSystem.IsWindows()) return;
                File.SetUnixFileMode(path, UnixFileMode.None);
                if (CanRead(path))
                {
                    output.WriteLine("mode 000 is readable here (running as root): checked that the script runs");
                    exitCode = 0;
                }
                break;
        }

        var result = BackpropProcess.Run(["eval", path], TimeSpan.FromSeconds(60), 1L << 30);

        Assert.Equal(exitCode, result.ExitCode);
        Assert.False(Promise.HasStackTrace(result.Err), result.Err);
        if (exitCode == 1)
        {
            Assert.StartsWith("backprop: error: ", result.Err);
            Assert.Contains(path, result.Err);
        }
        else
        {
            Assert.Empty(result.Err);
        }
        if (kind == "no final newline")
        {
            Assert.Equal("x = 1\n3\n", result.Out);
        }
    }

    /// <summary>
    /// A device that never ends: the read must stop with a message, not fill memory until the runtime gives up with
    /// a stack trace. The child is killed once it passes 2 GB, which fails the test.
    /// </summary>
    [Fact]
    [Trait("Category", BackpropProcess.Category)]
    public void Process_EndlessDevice_IsRefusedInBoundedMemory()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var result = BackpropProcess.Run(["eval", "/dev/zero"], TimeSpan.FromSeconds(60), 2L << 30);
        output.WriteLine(result.ToString());

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("backprop: error: ", result.Err);
        Assert.False(Promise.HasStackTrace(result.Err), result.Err);
    }

    // ---- :load ---------------------------------------------------------------------------------------------

    private static (string Out, string Err, Session Session) Repl(string input)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var interpreter = new Interpreter(new Session(), new HumanReporter(ConsoleSetup.Plain(stdout), stderr));
        ReplLoop.Run(interpreter, new TextLineSource(new StringReader(input)));
        return (Normalize(stdout.ToString()), Normalize(stderr.ToString()), interpreter.Session);
    }

    [Fact]
    public void Load_BinaryFile_IsAnErrorAtTheArgumentAndTheVariablesStay()
    {
        using var temp = new TempDirectory();
        string binary = Path.Combine(temp.Path, "b.bp");
        File.WriteAllBytes(binary, [0x78, 0x00]);

        var (stdout, stderr, session) = Repl($"x = 1\n:load {binary}\nx + 1\n");

        Assert.Equal("x = 1\n2\n", stdout);
        Assert.StartsWith($"<repl>:2:7: error: '{binary}' looks like a binary file", stderr);
        Assert.Single(session.Variables);
    }

    [Fact]
    public void Load_EmptyFile_DoesNothing()
    {
        using var temp = new TempDirectory();

        var (stdout, stderr, _) = Repl($"x = 1\n:load {temp.File("empty.bp", "")}\nx\n");

        Assert.Equal("x = 1\n1\n", stdout);
        Assert.Empty(stderr);
    }

    [Fact]
    public void Load_FileWithoutFinalNewline_RunsItsLastLine()
    {
        using var temp = new TempDirectory();

        var (stdout, stderr, _) = Repl($":load {temp.File("lib.bp", "a = 2\nb = a * 5")}\nb\n");

        Assert.Equal("a = 2\nb = 10\n10\n", stdout);
        Assert.Empty(stderr);
    }

    [Fact]
    public void Load_UnreadableFile_IsAnErrorUnlessNothingIsUnreadable()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        using var temp = new TempDirectory();
        string script = temp.File("secret.bp", "a = 1\n");
        File.SetUnixFileMode(script, UnixFileMode.None);

        var (stdout, stderr, _) = Repl($"x = 1\n:load {script}\nx\n");

        if (CanRead(script))
        {
            output.WriteLine("mode 000 is readable here (running as root): checked that the script runs");
            Assert.Equal("x = 1\na = 1\n1\n", stdout);
        }
        else
        {
            Assert.Equal("x = 1\n1\n", stdout);
            Assert.StartsWith($"<repl>:2:7: error: cannot read '{script}': permission denied", stderr);
        }
    }
}
