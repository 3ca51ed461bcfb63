namespace Backprop.Repl.Running;

/// <summary>
/// Where a line may write a file (<c>:dot EXPR &gt; FILE</c>). A line typed at the interactive prompt acts with the
/// user's authority. A line from a script, a <c>:load</c> or a pipe may write only inside the folder it runs in (the
/// script's folder; the current folder for a pipe) or a folder given with <c>--allow-write DIR</c>: never through
/// <c>..</c> or a symbolic link out of it, and never over an existing file that is not a graph picture.
/// </summary>
/// <param name="trustTopLevel">True when top-level lines are typed at an interactive prompt.</param>
/// <param name="allowed">Folders given with <c>--allow-write</c>.</param>
internal sealed class WritePolicy(bool trustTopLevel, IReadOnlyList<string>? allowed = null)
{
    /// <summary>Typed lines are trusted; scripts they load are confined. What the library's callers and tests get by default.</summary>
    public static WritePolicy Interactive { get; } = new(trustTopLevel: true);

    /// <summary>Extensions of the files a script may replace: pictures of a graph, which it is expected to redraw.</summary>
    public static readonly IReadOnlyList<string> Pictures = [".dot", ".svg", ".png", ".pdf"];

    public bool TrustTopLevel => trustTopLevel;

    public IReadOnlyList<string> Allowed { get; } = allowed ?? [];

    /// <summary>Null when a line confined to <paramref name="folder"/> (null: not confined) may write <paramref name="path"/>; otherwise why not.</summary>
    public string? Check(string path, string? folder)
    {
        if (folder is null)
        {
            return null;
        }
        string real;
        try
        {
            real = RealPath(Path.GetFullPath(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return ReplMessages.CannotWrite(path, e.Message);
        }
        // '..' leads out of the folder a script was given (only a folder named with --allow-write may be reached so).
        bool throughParent = path.Split('/', '\\').Contains("..");
        var roots = new List<string>(Allowed);
        if (!throughParent)
        {
            roots.Add(folder);
        }
        if (!roots.Any(root => IsInside(real, root)))
        {
            return throughParent ? ReplMessages.WriteThroughParent(path) : ReplMessages.WriteOutsideFolder(path, folder);
        }
        if ((File.Exists(real) || Directory.Exists(real)) && !Pictures.Contains(Path.GetExtension(real).ToLowerInvariant()))
        {
            return ReplMessages.WouldOverwrite(path, string.Join(' ', Pictures));
        }
        return null;
    }

    private static bool IsInside(string real, string root)
    {
        string folder;
        try
        {
            folder = RealPath(Path.GetFullPath(root));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return false;
        }
        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        string prefix = folder.EndsWith(Path.DirectorySeparatorChar) ? folder : folder + Path.DirectorySeparatorChar;
        return real.StartsWith(prefix, comparison);
    }

    /// <summary>
    /// The path with every symbolic link resolved, as the kernel would walk it (a <c>..</c> after a link goes up from
    /// where the link leads); parts that do not exist yet are kept as written.
    /// </summary>
    internal static string RealPath(string fullPath)
    {
        const int MaxLinks = 40; // as Linux's ELOOP
        string root = Path.GetPathRoot(fullPath) ?? "/";
        var pending = new Stack<string>();
        PushParts(pending, fullPath[root.Length..]);
        string current = root;
        int links = 0;
        while (pending.Count > 0)
        {
            string part = pending.Pop();
            if (part is "" or ".")
            {
                continue;
            }
            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }
            string next = Path.Combine(current, part);
            if (new FileInfo(next).LinkTarget is { } target)
            {
                if (++links > MaxLinks)
                {
                    throw new IOException("Too many levels of symbolic links");
                }
                if (Path.IsPathRooted(target))
                {
                    current = Path.GetPathRoot(target) ?? root;
                    PushParts(pending, target[current.Length..]);
                }
                else
                {
                    PushParts(pending, target);
                }
                continue;
            }
            current = next;
        }
        return current;
    }

    private static void PushParts(Stack<string> pending, string path)
    {
        var parts = path.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        for (int i = parts.Length - 1; i >= 0; i--)
        {
            pending.Push(parts[i]);
        }
    }
}
