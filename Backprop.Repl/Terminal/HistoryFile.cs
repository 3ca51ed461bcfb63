using System.Text;

namespace Backprop.Repl.Terminal;

/// <summary>
/// The REPL's history across sessions, one entry per line, in <c>$XDG_STATE_HOME/backprop/history</c>.
/// History is a convenience: every IO error is swallowed, so it can never stop the REPL.
/// </summary>
internal sealed class HistoryFile
{
    /// <summary>How many entries are loaded; the file is cut back to this many once it holds twice as many.</summary>
    public const int MaxEntries = 1000;

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    private string? _last;

    public HistoryFile() : this(DefaultPath()) { }

    public HistoryFile(string path) => Path = path;

    public string Path { get; }

    /// <summary><c>$XDG_STATE_HOME/backprop/history</c>, or <c>~/.local/state/backprop/history</c>.</summary>
    public static string DefaultPath() =>
        DefaultPath(Environment.GetEnvironmentVariable("XDG_STATE_HOME"),
                    Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    internal static string DefaultPath(string? xdgStateHome, string home)
    {
        // The XDG spec says to ignore a relative path.
        var stateHome = !string.IsNullOrEmpty(xdgStateHome) && System.IO.Path.IsPathRooted(xdgStateHome)
            ? xdgStateHome
            : System.IO.Path.Combine(home, ".local", "state");
        return System.IO.Path.Combine(stateHome, "backprop", "history");
    }

    /// <summary>The last <see cref="MaxEntries"/> entries, oldest first; empty when the file is missing or unreadable.</summary>
    public IReadOnlyList<string> Load()
    {
        string[] lines;
        try
        {
            if (!File.Exists(Path))
                return [];
            lines = File.ReadAllLines(Path, Utf8NoBom);
        }
        catch (Exception e) when (IsIOError(e))
        {
            return [];
        }

        var entries = new List<string>(lines.Length);
        foreach (var line in lines)
        {
            var entry = Unescape(line);
            if (!string.IsNullOrWhiteSpace(entry) && (entries.Count == 0 || entries[^1] != entry))
                entries.Add(entry);
        }

        if (entries.Count > MaxEntries)
            entries.RemoveRange(0, entries.Count - MaxEntries);
        if (lines.Length >= 2 * MaxEntries)
            Rewrite(entries);

        _last = entries.Count > 0 ? entries[^1] : null;
        return entries;
    }

    /// <summary>Adds an entry, unless it is blank or repeats the entry before it.</summary>
    public void Append(string line)
    {
        if (string.IsNullOrWhiteSpace(line) || line == _last)
            return;
        _last = line;
        try
        {
            CreateDirectory();
            File.AppendAllText(Path, Escape(line) + "\n", Utf8NoBom);
        }
        catch (Exception e) when (IsIOError(e))
        {
        }
    }

    private void Rewrite(List<string> entries)
    {
        var temporary = Path + ".tmp";
        try
        {
            File.WriteAllLines(temporary, entries.Select(Escape), Utf8NoBom);
            File.Move(temporary, Path, overwrite: true);
        }
        catch (Exception e) when (IsIOError(e))
        {
        }
    }

    private void CreateDirectory()
    {
        var directory = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(directory))
            Directory.CreateDirectory(directory);
    }

    private static bool IsIOError(Exception e) =>
        e is IOException or UnauthorizedAccessException or NotSupportedException
            or System.Security.SecurityException or ArgumentException;

    // One entry per line: a line break inside an entry is written as \n, and a backslash as \\.
    internal static string Escape(string entry) =>
        entry.Replace("\\", @"\\").Replace("\r", @"\r").Replace("\n", @"\n");

    internal static string Unescape(string line)
    {
        if (!line.Contains('\\'))
            return line;
        var text = new StringBuilder(line.Length);
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] != '\\' || i + 1 == line.Length)
            {
                text.Append(line[i]);
                continue;
            }
            i++;
            text.Append(line[i] switch { 'n' => '\n', 'r' => '\r', var other => other });
        }
        return text.ToString();
    }
}
