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

    /// <summary>Scripts larger than this are refused: a device such as /dev/zero would otherwise be read until memory runs out.</summary>
    public const long MaxBytes = 512L * 1024 * 1024;

    private static bool TryReadBounded(string path, out byte[] bytes)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
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
