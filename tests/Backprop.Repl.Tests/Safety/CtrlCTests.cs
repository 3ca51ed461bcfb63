using System.Diagnostics;
using System.Text;
using Backprop.Fuzz;
using Backprop.Repl.Running;
using Xunit.Abstractions;

namespace Backprop.Repl.Tests.Safety;

/// <summary>
/// Ctrl+C while a line evaluates: SIGINT sent to the real process. A piped script stops at the cancelled line
/// (exit 130); the REPL (a terminal, through script(1)'s pseudo-terminal) keeps its session and variables.
/// </summary>
public sealed class CtrlCTests(ITestOutputHelper output)
{
    /// <summary>A :load of 40 descents of a million steps each: a minute or so of work, all of it cancellable.</summary>
    private static void WriteSlowScript(string folder)
    {
        var script = new StringBuilder("w = 0.5\n");
        for (int i = 0; i < 40; i++)
        {
            script.Append(":descend (3*w - 6)*(3*w - 6) + (w - 1)*(w - 1) lr=0.0001 steps=1000000\n");
        }
        File.WriteAllText(Path.Combine(folder, "slow.bp"), script.ToString());
    }

    /// <summary>
    /// A process started in the background by a non-interactive shell (as a CI runner may start the tests) inherits
    /// SIGINT ignored, and a program keeps an ignored SIGINT ignored, as it should: the child is started through
    /// env(1) with SIGINT back at its default, so what is tested is backprop's handling and not the runner's.
    /// </summary>
    private const string DefaultSigint = "--default-signal=INT";

    private static void Interrupt(int pid)
    {
        using var kill = Process.Start("kill", ["-INT", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    /// <summary>Waits until <paramref name="text"/> shows something, or fails the test after a minute.</summary>
    private static void WaitFor(Func<string> text, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!text().Contains(what, StringComparison.Ordinal))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"no '{what}' within 60 s: {text()}");
            Thread.Sleep(50);
        }
    }

    [Fact]
    public void PipedScript_CtrlCDuringALoad_StopsThatLineAndExits130()
    {
        if (!Shell.Available) return;
        using var temp = new TempDirectory();
        WriteSlowScript(temp.Path);
        var start = new ProcessStartInfo("env", [DefaultSigint, BackpropProcess.DotnetHost, BackpropProcess.BackpropDll])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = temp.Path,
        };
        using var process = Process.Start(start)!;
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (stdout) stdout.Append(e.Data).Append('\n'); };
        process.ErrorDataReceived += (_, e) => { lock (stderr) stderr.Append(e.Data).Append('\n'); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Write("x = 1\n:load slow.bp\nx\n");
        process.StandardInput.Close();

        WaitFor(() => { lock (stdout) return stdout.ToString(); }, "L went from");
        var clock = Stopwatch.StartNew();
        Interrupt(process.Id);
        bool exited = process.WaitForExit(TimeSpan.FromSeconds(30));
        output.WriteLine($"exited {clock.Elapsed.TotalSeconds:F2} s after SIGINT");
        if (!exited) process.Kill(entireProcessTree: true);
        process.WaitForExit();

        Assert.True(exited, "still running 30 s after Ctrl+C");
        Assert.Equal(Interrupts.ExitCode, process.ExitCode);
        string err = stderr.ToString();
        Assert.Contains("<stdin>:2:1: error: cancelled (Ctrl+C)", err);
        Assert.False(Promise.HasStackTrace(err), err);
        Assert.True(Occurrences(stdout.ToString(), "L went from") < 40, "every descent ran");
        Assert.DoesNotContain("\n1\n", stdout.ToString()); // the script stopped: 'x' did not run
    }

    [Theory]
    [InlineData("dumb")]           // plain lines with prompts
    [InlineData("xterm-256color")] // the line editor (RadLine)
    public void Repl_CtrlCDuringALoad_CancelsTheLineAndKeepsTheVariables_ASecondOneWithinASecondExits(string term)
    {
        if (!Shell.Available || !File.Exists("/usr/bin/script")) return;
        using var temp = new TempDirectory();
        WriteSlowScript(temp.Path);
        // script(1) gives the REPL a pseudo-terminal. It runs the command through $SHELL -c; dash (Debian's /bin/sh,
        // what script uses when SHELL is unset) does not exec a lone command, so 'exec' makes the REPL script's child.
        var start = new ProcessStartInfo("/usr/bin/script", ["-qfec", $"exec env {DefaultSigint} '{BackpropProcess.DotnetHost}' '{BackpropProcess.BackpropDll}'", "/dev/null"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = temp.Path,
        };
        start.Environment["TERM"] = term;
        start.Environment["XDG_STATE_HOME"] = temp.Path;
        using var process = Process.Start(start)!;
        var screen = new StringBuilder();
        var reading = Task.Run(() =>
        {
            var buffer = new char[4096];
            int read;
            while ((read = process.StandardOutput.Read(buffer, 0, buffer.Length)) > 0)
            {
                lock (screen) screen.Append(buffer, 0, read);
            }
        });
        string Screen() { lock (screen) return System.Text.RegularExpressions.Regex.Replace(screen.ToString(), "\u001b\\[[0-9;?]*[A-Za-z]", "").Replace("\r", ""); }
        void Type(string line)
        {
            // The line editor redraws its prompt and then turns the terminal's echo off: keys typed in between are
            // echoed by the terminal and their Enter can be lost, so give it a moment after the prompt shows.
            Thread.Sleep(term == "dumb" ? 100 : 1000);
            process.StandardInput.Write(line + "\r");
            process.StandardInput.Flush();
        }

        try
        {
            WaitFor(Screen, "bp>");
            Type("x = 41");
            WaitFor(Screen, "\nx = 41\n");
            Type(":load slow.bp");
            WaitFor(Screen, "L went from");
            int repl = ChildOf(process.Id);
            Interrupt(repl);
            WaitFor(Screen, "cancelled (Ctrl+C)");
            Type("x + 1");
            WaitFor(Screen, "\n42\n");

            // Two presses within a second during a line: the second ends the process.
            Type(":load slow.bp");
            int before = Occurrences(Screen(), "L went from");
            var clock = Stopwatch.StartNew();
            while (Occurrences(Screen(), "L went from") == before)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), Screen());
                Thread.Sleep(50);
            }
            Interrupt(repl);
            Thread.Sleep(300); // signals sent together would arrive as one
            Interrupt(repl);
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), "still running after two Ctrl+C: " + Screen());
            Assert.Equal(Interrupts.ExitCode, process.ExitCode); // script(1) -e passes the child's exit code on
            Assert.False(Promise.HasStackTrace(Screen()), Screen());
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    /// <summary>The process script(1) started (the dotnet host running backprop).</summary>
    private static int ChildOf(int parent)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            foreach (var status in Directory.GetDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)))
            {
                try
                {
                    string stat = File.ReadAllText(Path.Combine(status, "stat"));
                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    if (int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture) == parent)
                    {
                        return int.Parse(Path.GetFileName(status), System.Globalization.CultureInfo.InvariantCulture);
                    }
                }
                catch (IOException)
                {
                }
            }
            Thread.Sleep(50);
        }
        throw new InvalidOperationException($"no child of {parent}");
    }

    private static int Occurrences(string text, string part) => (text.Length - text.Replace(part, "").Length) / part.Length;
}
