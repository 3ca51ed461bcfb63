namespace Backprop.Repl.Output;

/// <summary>Text quoted for a POSIX shell, for the commands a message suggests: pasting one runs what it says and nothing else.</summary>
internal static class ShellQuote
{
    /// <summary>A path as one shell word, which no command can take for an option (./-c.svg rather than -c.svg).</summary>
    public static string Path(string path)
    {
        if (path.StartsWith('-'))
        {
            path = "./" + path;
        }
        return path.Length > 0 && path.All(IsPlain) ? path : "'" + path.Replace("'", "'\\''") + "'";
    }

    /// <summary>Any text as one shell word: as it is when plain, in single quotes otherwise.</summary>
    public static string Word(string text) => text.Length > 0 && text.All(IsPlain) ? text : "'" + text.Replace("'", "'\\''") + "'";

    private static bool IsPlain(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '/' or '+' or ',' or '@' or '%' or ':' or '=';
}
