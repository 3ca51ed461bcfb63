namespace Backprop.Repl.Running;

/// <summary>Reads script files for <c>backprop eval</c> and <c>:load</c>, turning every way a read can fail into a message.</summary>
internal static class ScriptFiles
{
    public static bool TryRead(string path, out string text, out string error)
    {
        text = "";
        error = "";
        try
        {
            if (Directory.Exists(path))
            {
                error = ReplMessages.IsDirectory(path);
                return false;
            }
            if (!File.Exists(path))
            {
                error = ReplMessages.FileNotFound(path);
                return false;
            }
            if (FileKinds.Of(path) == FileKind.Regular && new FileInfo(path).Length > MaxBytes)
            {
                error = ReplMessages.TooLarge(path, MaxBytes); // said before reading a byte of it
                return false;
            }
            if (!TryReadBounded(path, out byte[] bytes))
            {
                error = ReplMessages.TooLarge(path, MaxBytes);
                return false;
            }
            return TryDecode(bytes, path, out text, out error);
        }
        catch (UnauthorizedAccessException)
        {
            error = ReplMessages.AccessDenied(path);
        }
        catch (Exception e) when (e is IOException or NotSupportedException or ArgumentException or System.Security.SecurityException)
        {
            error = ReplMessages.Unreadable(path, e.Message);
        }
        return false;
    }

    /// <summary>
    /// Scripts larger than this are refused: a device such as /dev/zero would otherwise be read until memory runs out,
    /// and a script costs about three times its size while it runs (bytes, text, a line). The million-node
    /// benchmark scripts are under 5 MB.
    /// </summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    /// <summary>
    /// For <c>:load</c>, which runs what a script names: only a regular file named *.bp, not under /proc, /sys or /dev,
    /// and no larger than <see cref="MaxBytes"/>, checked before it is opened (a FIFO would block the open itself).
    /// Anything else is refused without reading it, so nothing of its content is echoed.
    /// </summary>
    public static bool TryReadScript(string path, out string text, out string error)
    {
        text = "";
        if (Refused(path, ".bp", ReplMessages.NotAScriptName, "a script") is { } refused)
        {
            error = refused;
            return false;
        }
        return TryRead(path, out text, out error);
    }

    /// <summary>
    /// For <c>load_csv</c>: the same rules as <see cref="TryReadScript"/> (a regular file, here named *.csv, no larger
    /// than <see cref="MaxBytes"/>, checked before it is opened), then its bytes as they are: the CSV reader decodes them.
    /// </summary>
    public static byte[]? TryReadCsv(string path, out string? error)
    {
        if (Refused(path, ".csv", ReplMessages.NotACsvName, "a file of data") is { } refused)
        {
            error = refused;
            return null;
        }
        try
        {
            if (!File.Exists(path))
            {
                error = ReplMessages.FileNotFound(path);
                return null;
            }
            if (!TryReadBounded(path, out byte[] bytes))
            {
                error = ReplMessages.TooLarge(path, MaxBytes);
                return null;
            }
            error = null;
            return bytes;
        }
        catch (UnauthorizedAccessException)
        {
            error = ReplMessages.AccessDenied(path);
        }
        catch (Exception e) when (e is IOException or NotSupportedException or ArgumentException or System.Security.SecurityException)
        {
            error = ReplMessages.Unreadable(path, e.Message);
        }
        return null;
    }

    // Why a file a script names is not read, asked before it is opened; null when it may be.
    private static string? Refused(string path, string extension, Func<string, string> wrongName, string what)
    {
        if (Directory.Exists(path))
        {
            return ReplMessages.IsDirectory(path, what);
        }
        if (!path.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
        {
            return wrongName(path);
        }
        try
        {
            string real = WritePolicy.RealPath(Path.GetFullPath(path));
            if (OperatingSystem.IsLinux() && SystemFolders.Any(folder => real.StartsWith(folder, StringComparison.Ordinal)))
            {
                return ReplMessages.NotARegularFile(path, what);
            }
            switch (FileKinds.Of(real))
            {
                case FileKind.Other:
                    return ReplMessages.NotARegularFile(path, what);
                case FileKind.Regular when new FileInfo(real).Length > MaxBytes:
                    return ReplMessages.TooLarge(path, MaxBytes);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return ReplMessages.Unreadable(path, e.Message);
        }
        return null;
    }

    private static readonly string[] SystemFolders = ["/proc/", "/sys/", "/dev/"];

    private static bool TryReadBounded(string path, out byte[] bytes)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
        if (stream.CanSeek && stream.Length is > 0 and <= MaxBytes and var length)
        {
            // A regular file: read it into an array of its size rather than a growing buffer (a third of the memory).
            bytes = new byte[length];
            stream.ReadExactly(bytes);
            return true; // a file that grows meanwhile is read as it was when it was opened
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[1 << 16];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                bytes = [];
                return false;
            }
            buffer.Write(chunk, 0, read);
        }
        bytes = buffer.ToArray();
        return true;
    }


    /// <summary>Decodes UTF-8 leniently (bad bytes become U+FFFD, which the parser then points at); NUL bytes mean a binary file.</summary>
    public static bool TryDecode(byte[] bytes, string path, out string text, out string error)
    {
        error = "";
        text = "";
        if (Array.IndexOf(bytes, (byte)0) >= 0)
        {
            error = ReplMessages.BinaryFile(path);
            return false;
        }
        text = Backprop.Lang.Text.SourceLine.Decode(bytes);
        return true;
    }
}
