using System.Diagnostics;

namespace Backprop.Repl.Tests.Safety;

/// <summary>
/// The built <c>backprop.dll</c> run from a bash command line, for what a plain child process cannot arrange: closed
/// or full streams, pipes into <c>head</c>, FIFOs. In <paramref name="command"/> of <see cref="Run"/>, <c>bp</c> runs
/// the command (a shell function: the dotnet host and backprop.dll). Killed after the timeout, which fails the test.
/// </summary>
internal static class Shell
{
    public sealed record Result(int ExitCode, string Out, string Err, TimeSpan Elapsed);

    public static bool Available => !OperatingSystem.IsWindows() && File.Exists("/bin/bash");

    public static Result Run(string command, string? workingDirectory = null, string stdin = "",
        IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo("/bin/bash", ["-c", "bp() { \"$BP_HOST\" \"$BP_DLL\" \"$@\"; }\n" + command])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepoPaths.Root,
        };
        start.Environment["BP_HOST"] = BackpropProcess.DotnetHost;
        start.Environment["BP_DLL"] = BackpropProcess.BackpropDll;
        start.Environment.Remove("NO_COLOR");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            process.StandardInput.Write(stdin);
        }
        catch (IOException)
        {
        }
        finally
        {
            try { process.StandardInput.Close(); } catch (IOException) { }
        }
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"bash -c \"{command}\" was still running after {limit.TotalSeconds} s");
        }
        process.WaitForExit();
        return new Result(process.ExitCode, Printed.Normalize(output.Result), Printed.Normalize(errors.Result), clock.Elapsed);
    }
}
