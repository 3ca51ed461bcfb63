using System.Diagnostics;
using System.Globalization;

namespace Backprop.Repl.Tests;

/// <summary>
/// The command as a child process (the built <c>backprop.dll</c> on the test's own runtime, or the executable
/// <c>BACKPROP_EXE</c> names, such as the Native AOT binary <c>.ci/run</c> publishes), watched: killed when it outlives its deadline or grows past its
/// memory ceiling, with its peak working set sampled while it runs (VmHWM from /proc on Linux, the high-water mark the
/// kernel keeps; <see cref="Process.PeakWorkingSet64"/> elsewhere). The last moments before exit are not sampled.
/// </summary>
internal static class BackpropProcess
{
    public sealed record Result(int ExitCode, string Out, string Err, long PeakBytes, TimeSpan Elapsed)
    {
        public double PeakMegabytes => PeakBytes / (1024.0 * 1024.0);

        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture, $"exit {ExitCode} after {Elapsed.TotalSeconds:F2} s, peak working set {PeakMegabytes:F0} MB");
    }

    private static readonly TimeSpan SampleEvery = TimeSpan.FromMilliseconds(20);

    /// <summary>Runs <c>backprop ARGS</c> with <paramref name="stdin"/> written and closed; fails the test on a kill.</summary>
    public static Result Run(string[] args, TimeSpan timeout, long memoryLimit, string stdin = "")
    {
        var start = StartInfo(args);

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        var input = Task.Run(() =>
        {
            try
            {
                process.StandardInput.Write(stdin);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The child exited without reading all of its input; what it printed says why.
            }
        });

        long peak = 0;
        string? killed = null;
        while (!process.WaitForExit(SampleEvery))
        {
            peak = Math.Max(peak, PeakWorkingSet(process));
            killed = peak > memoryLimit ? $"its working set passed {memoryLimit / (1024 * 1024)} MB"
                : clock.Elapsed > timeout ? $"it was still running after {timeout.TotalSeconds} s"
                : null;
            if (killed is not null)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                break;
            }
        }
        process.WaitForExit(); // lets the output readers reach the end
        input.Wait();
        var result = new Result(process.ExitCode, Printed.Normalize(output.Result), Printed.Normalize(errors.Result), peak, clock.Elapsed);
        if (killed is not null)
        {
            Assert.Fail($"backprop {string.Join(' ', args)} was killed: {killed} ({result})\n{Tail(result.Err)}");
        }
        return result;
    }

    private static long PeakWorkingSet(Process process)
    {
        try
        {
            if (OperatingSystem.IsLinux())
            {
                // "VmHWM:   123456 kB"
                foreach (string line in File.ReadLines($"/proc/{process.Id}/status"))
                {
                    if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    {
                        return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                    }
                }
                return 0;
            }
            process.Refresh();
            return process.PeakWorkingSet64;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            return 0; // it exited between two samples
        }
    }

    private static string Tail(string text) => text.Length <= 2000 ? text : "…" + text[^2000..];

    /// <summary>
    /// The environment variable that names a backprop executable to test instead of the built <c>backprop.dll</c>
    /// (an absolute path, or one relative to the repository's root).
    /// </summary>
    public const string ExecutableVariable = "BACKPROP_EXE";

    /// <summary>The trait every test that runs the command as a process carries: <c>dotnet test --filter Category=Process</c>.</summary>
    public const string Category = "Process";

    /// <summary>
    /// How to start <c>backprop ARGS</c> with every stream redirected, in the repository's root: the executable
    /// <see cref="ExecutableVariable"/> names when it is set, otherwise <c>dotnet backprop.dll</c> on the runtime
    /// running these tests.
    /// </summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        var start = Executable is { } executable ? new ProcessStartInfo(executable) : new ProcessStartInfo(DotnetHost);
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.WorkingDirectory = RepoPaths.Root;
        // English whatever the machine's locale: a test that wants Japanese sets these itself.
        foreach (var variable in (string[])["BACKPROP_LANG", "LC_ALL", "LC_MESSAGES", "LANG"])
        {
            start.Environment.Remove(variable);
        }
        if (Executable is null)
        {
            start.ArgumentList.Add(BackpropDll);
        }
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        return start;
    }

    /// <summary>The executable <see cref="ExecutableVariable"/> names, as a full path, or null when it is not set.</summary>
    internal static string? Executable
    {
        get
        {
            if (Environment.GetEnvironmentVariable(ExecutableVariable) is not { Length: > 0 } named)
            {
                return null;
            }
            string path = Path.GetFullPath(named, RepoPaths.Root);
            Assert.True(File.Exists(path), $"{ExecutableVariable} names {named}, which is not a file ({path})");
            return path;
        }
    }

    internal static string BackpropDll
    {
        get
        {
            string path = Path.Combine(AppContext.BaseDirectory, "backprop.dll");
            Assert.True(File.Exists(path), $"backprop.dll should be copied next to the tests: {path}");
            return path;
        }
    }

    /// <summary>The dotnet host running these tests, so the child uses the same runtime.</summary>
    internal static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host
        : Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self
        : "dotnet";
}
