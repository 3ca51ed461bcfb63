using System.Diagnostics;

namespace Backprop.Repl.Output;

/// <summary>Writes DOT to a file, rendering .svg and .png through Graphviz's <c>dot</c> when it is on the PATH.</summary>
internal static class Graphviz
{
    public readonly record struct SaveResult(string Message, string? Error);

    /// <summary>The formats rendered through Graphviz; any other name gets the DOT text itself.</summary>
    public static readonly IReadOnlyList<string> Rendered = [".svg", ".png", ".pdf"];

    /// <param name="mayWrite">Null when a file may be written, otherwise why not (<see cref="Running.WritePolicy"/>).</param>
    public static SaveResult Save(string dot, string path, Func<string, string?>? mayWrite = null)
    {
        string extension = Path.GetExtension(path).ToLowerInvariant();
        try
        {
            if (mayWrite?.Invoke(path) is { } refused)
            {
                return new SaveResult("", refused);
            }
            if (!Rendered.Contains(extension))
            {
                File.WriteAllText(path, dot);
                return new SaveResult(ReplMessages.DotWritten(path), null);
            }
            if (FindDot() is not { } program)
            {
                string fallback = Path.ChangeExtension(path, ".dot");
                if (mayWrite?.Invoke(fallback) is { } refusedFallback)
                {
                    return new SaveResult("", refusedFallback);
                }
                bool existed = File.Exists(fallback);
                File.WriteAllText(fallback, dot);
                return new SaveResult(ReplMessages.GraphvizMissing(path, fallback, existed), null);
            }
            string? failure = Render(program, dot, extension.TrimStart('.'), path);
            return failure is null
                ? new SaveResult(ReplMessages.DotRendered(path), null)
                : new SaveResult("", ReplMessages.GraphvizFailed(failure));
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            // A 'dot' on the PATH that cannot be started (not executable, not a program).
            return new SaveResult("", ReplMessages.GraphvizFailed(e.Message));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return new SaveResult("", ReplMessages.CannotWrite(path, e.Message));
        }
    }

    /// <summary>The full path of Graphviz's <c>dot</c>, or null when it is not installed.</summary>
    public static string? FindDot()
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            // A relative entry ('.', 'bin') would run a 'dot' from wherever the command happens to be: a script's folder, say.
            if (!Path.IsPathRooted(directory)) continue;
            foreach (var name in OperatingSystem.IsWindows() ? new[] { "dot.exe" } : ["dot"])
            {
                string candidate = Path.Combine(directory, name);
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    }

    /// <summary>
    /// Runs dot with an argument list, never a shell. The output path is absolute and attached to -o, so no file name
    /// (-c.svg, say) can be read as an option; "rendered" is said only when dot left a fresh file there.
    /// </summary>
    private static string? Render(string program, string dot, string format, string path)
    {
        string output = Path.GetFullPath(path);
        var startedAt = DateTime.UtcNow.AddSeconds(-2); // file systems with coarse timestamps
        var start = new ProcessStartInfo(program, ["-T" + format, "-o" + output])
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(dot);
        process.StandardInput.Close();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            return "timed out after 60 s";
        }
        if (process.ExitCode != 0)
        {
            return error.Result.Trim();
        }
        var written = new FileInfo(output);
        return written.Exists && written.LastWriteTimeUtc >= startedAt ? null : ReplMessages.GraphvizWroteNothing(path);
    }
}
