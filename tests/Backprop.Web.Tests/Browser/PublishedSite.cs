using System.Diagnostics;

namespace Backprop.Web.Tests.Browser;

/// <summary>
/// Where the published site is: <c>BACKPROP_WEB_SITE</c> (a publish folder's wwwroot, as .ci/run makes it), or
/// a Release publish this test project makes itself under its own output folder, again whenever the sources
/// are newer than it. The tests run against what a teacher would host, not against a development server.
/// </summary>
internal static class PublishedSite
{
    private static readonly Lock Gate = new();
    private static string? _root;

    public static string Root()
    {
        lock (Gate)
        {
            return _root ??= Find();
        }
    }

    private static string Find()
    {
        if (Environment.GetEnvironmentVariable("BACKPROP_WEB_SITE") is { Length: > 0 } given)
        {
            if (!File.Exists(Path.Combine(given, "index.html")))
                throw new InvalidOperationException($"BACKPROP_WEB_SITE={given} has no index.html: publish Backprop.Web first");
            return given;
        }
        string output = Path.Combine(AppContext.BaseDirectory, "site");
        string root = Path.Combine(output, "wwwroot");
        string stamp = Path.Combine(output, "published.stamp");
        if (!File.Exists(stamp) || File.GetLastWriteTimeUtc(stamp) < NewestSource())
        {
            Publish(output);
            File.WriteAllText(stamp, DateTime.UtcNow.ToString("O"));
        }
        return root;
    }

    private static DateTime NewestSource()
    {
        string[] projects = ["Backprop.Web", "Backprop.Lang"];
        return projects
            .SelectMany(p => Directory.EnumerateFiles(Path.Combine(Paths.Root, p), "*", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Select(File.GetLastWriteTimeUtc)
            .Append(File.GetLastWriteTimeUtc(Path.Combine(Paths.Root, "Directory.Packages.props")))
            .Max();
    }

    private static void Publish(string output)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "publish", Path.Combine(Paths.Root, "Backprop.Web", "Backprop.Web.csproj"), "-c", "Release", "-o", output, "--nologo" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("dotnet publish Backprop.Web took more than 10 minutes");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"dotnet publish Backprop.Web failed ({process.ExitCode}):\n{stdout.Result}\n{stderr.Result}");
    }
}
