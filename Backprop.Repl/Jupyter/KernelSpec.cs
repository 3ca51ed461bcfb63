using System.Text.Json.Nodes;

namespace Backprop.Repl.Jupyter;

/// <summary>
/// <c>backprop jupyter install</c> and <c>uninstall</c>: the kernelspec, a folder <c>kernels/backprop</c> holding
/// <c>kernel.json</c> (how Jupyter starts the kernel: this very executable with <c>jupyter kernel -f {connection_file}</c>)
/// and the logos, in one of the data folders where <c>jupyter kernelspec list</c> looks: the user's, or
/// <c>PREFIX/share/jupyter</c> (as <c>jupyter kernelspec install --prefix</c> writes).
/// </summary>
internal static class KernelSpec
{
    /// <summary>The kernel's name (its folder) and the language a notebook's metadata names.</summary>
    public const string Name = "backprop", Language = "backprop";

    private static readonly string[] Logos = ["logo-32x32.png", "logo-64x64.png", "logo-svg.svg"];

    /// <summary>The user's Jupyter data folder, found as jupyter_core finds it.</summary>
    public static string UserDataFolder()
    {
        if (Environment.GetEnvironmentVariable("JUPYTER_DATA_DIR") is { Length: > 0 } configured) return configured;
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (OperatingSystem.IsWindows()) return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "jupyter");
        if (OperatingSystem.IsMacOS()) return Path.Combine(home, "Library", "Jupyter");
        string data = Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(home, ".local", "share");
        return Path.Combine(data, "jupyter");
    }

    public static string PrefixDataFolder(string prefix) => Path.Combine(Path.GetFullPath(prefix), "share", "jupyter");

    public static string KernelFolder(string dataFolder) => Path.Combine(dataFolder, "kernels", Name);

    /// <summary>The command Jupyter runs: this executable, or <c>dotnet backprop.dll</c> when the JIT build runs through the host.</summary>
    public static List<string> Command(IReadOnlyList<string> allowWrite)
    {
        var argv = new List<string>();
        string self = Environment.ProcessPath ?? "backprop";
        argv.Add(self);
        if (Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            argv.Add(Path.Combine(AppContext.BaseDirectory, "backprop.dll"));
        }
        argv.AddRange(["jupyter", "kernel", "-f", "{connection_file}"]);
        foreach (string folder in allowWrite)
        {
            argv.AddRange(["--allow-write", Path.GetFullPath(folder)]);
        }
        return argv;
    }

    public static JsonObject KernelJson(IReadOnlyList<string> argv) => new()
    {
        ["argv"] = new JsonArray([.. argv.Select(a => (JsonNode)JsonValue.Create(a))]),
        ["display_name"] = KernelMessages.DisplayName,
        ["language"] = Language,
        // Interrupts come as interrupt_request on control (SIGINT works too): the same on every platform.
        ["interrupt_mode"] = "message",
        ["metadata"] = new JsonObject { ["debugger"] = false },
    };

    /// <summary>Writes the kernelspec into <paramref name="dataFolder"/>; the folder written, or null with why not.</summary>
    public static string? Install(string dataFolder, IReadOnlyList<string> allowWrite, out string? error)
    {
        string folder = KernelFolder(dataFolder);
        try
        {
            Directory.CreateDirectory(folder);
            File.WriteAllBytes(Path.Combine(folder, "kernel.json"), KernelMessage.Json(KernelJson(Command(allowWrite)), indented: true));
            foreach (string logo in Logos)
            {
                using var resource = typeof(KernelSpec).Assembly.GetManifestResourceStream("Backprop.Repl.Jupyter." + logo)
                    ?? throw new InvalidOperationException($"the {logo} resource is missing from the build");
                using var file = File.Create(Path.Combine(folder, logo));
                resource.CopyTo(file);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error = KernelMessages.CannotInstall(folder, e.Message);
            return null;
        }
        error = null;
        return folder;
    }

    /// <summary>Removes the kernelspec from <paramref name="dataFolder"/>: the folder removed, or null with why not.</summary>
    public static string? Uninstall(string dataFolder, out string? error)
    {
        string folder = KernelFolder(dataFolder);
        if (!File.Exists(Path.Combine(folder, "kernel.json")))
        {
            error = KernelMessages.NotInstalled(folder);
            return null;
        }
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = KernelMessages.CannotInstall(folder, e.Message);
            return null;
        }
        error = null;
        return folder;
    }
}
