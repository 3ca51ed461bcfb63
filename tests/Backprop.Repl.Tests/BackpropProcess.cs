using System.Diagnostics;
using System.Globalization;

namespace Backprop.Repl.Tests;

/// <summary>
/// The built <c>backprop.dll</c> as a child process, watched: killed when it outlives its deadline or grows past its
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

    /// <summary>Runs <c>dotnet backprop.dll ARGS</c> with <paramref name="stdin"/> written and closed; fails the test on a kill.</summary>
    public static Result Run(string[] args, TimeSpan timeout, long memoryLimit, string stdin = "")
    {
        var start = new ProcessStartInfo(DotnetHost)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        start.ArgumentList.Add(BackpropDll);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

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
