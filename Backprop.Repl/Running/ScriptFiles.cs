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
            return TryDecode(File.ReadAllBytes(path), path, out text, out error);
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
