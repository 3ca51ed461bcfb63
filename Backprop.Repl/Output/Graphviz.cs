using System.Diagnostics;

namespace Backprop.Repl.Output;

/// <summary>Writes DOT to a file, rendering .svg and .png through Graphviz's <c>dot</c> when it is on the PATH.</summary>
internal static class Graphviz
{
    public readonly record struct SaveResult(string Message, string? Error);

    public static SaveResult Save(string dot, string path)
    {
        string extension = Path.GetExtension(path).ToLowerInvariant();
        try
        {
            if (extension is not (".svg" or ".png"))
            {
                File.WriteAllText(path, dot);
                return new SaveResult(ReplMessages.DotWritten(path), null);
            }
            if (FindDot() is not { } program)
            {
                string fallback = Path.ChangeExtension(path, ".dot");
                File.WriteAllText(fallback, dot);
                return new SaveResult(ReplMessages.GraphvizMissing(path, fallback), null);
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
            foreach (var name in OperatingSystem.IsWindows() ? new[] { "dot.exe" } : ["dot"])
            {
                string candidate = Path.Combine(directory, name);
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    }

    private static string? Render(string program, string dot, string format, string path)
    {
        var start = new ProcessStartInfo(program, ["-T" + format, "-o", path])
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
        return process.ExitCode == 0 ? null : error.Result.Trim();
    }
}
