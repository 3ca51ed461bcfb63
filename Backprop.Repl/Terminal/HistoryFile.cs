using System.Text;
using Backprop.Lang.Diagnostics;

namespace Backprop.Repl.Terminal;

/// <summary>
/// The REPL's history across sessions, one entry per line, in <c>$XDG_STATE_HOME/backprop/history</c>.
/// History is a convenience: every IO error is swallowed, so it can never stop the REPL. Only the file's last
/// <see cref="MaxTailBytes"/> are read (a 3 GB history once took 8.4 GB and 25 s to start), control characters are
/// removed from what is loaded (an entry is replayed on the terminal by ↑), and the file is created readable by
/// its owner alone: it holds everything typed.
/// </summary>
internal sealed class HistoryFile
{
    /// <summary>How many entries are loaded; the file is cut back to this many once it holds twice as many.</summary>
    public const int MaxEntries = 1000;

    /// <summary>How much of the end of the file is read: far more than <see cref="MaxEntries"/> lines of ordinary length.</summary>
    public const int MaxTailBytes = 1 << 20;

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

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
        bool cut;
        try
        {
            if (!File.Exists(Path))
                return [];
            (lines, cut) = ReadTail(Path);
        }
        catch (Exception e) when (IsIOError(e))
        {
            return [];
        }

        var entries = new List<string>(lines.Length);
        foreach (var line in lines)
        {
            var entry = WithoutControls(Unescape(line));
            if (!string.IsNullOrWhiteSpace(entry) && (entries.Count == 0 || entries[^1] != entry))
                entries.Add(entry);
        }

        if (entries.Count > MaxEntries)
            entries.RemoveRange(0, entries.Count - MaxEntries);
        if (cut || lines.Length >= 2 * MaxEntries)
            Rewrite(entries);

        _last = entries.Count > 0 ? entries[^1] : null;
        return entries;
    }

    /// <summary>Adds an entry, unless it is blank or repeats the entry before it.</summary>
    public void Append(string line)
    {
        line = WithoutControls(line);
        if (string.IsNullOrWhiteSpace(line) || line == _last)
            return;
        _last = line;
        try
        {
            CreateDirectory();
            using var file = new FileStream(Path, OwnerOnlyOptions(FileMode.Append));
            if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(Path) & ~(OwnerOnly | UnixFileMode.UserExecute)) != 0)
                File.SetUnixFileMode(Path, OwnerOnly); // a history written by an older version, readable by others
            file.Write(Utf8NoBom.GetBytes(Escape(line) + "\n"));
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
            using (var file = new FileStream(temporary, OwnerOnlyOptions(FileMode.Create)))
            using (var writer = new StreamWriter(file, Utf8NoBom))
            {
                foreach (var entry in entries)
                    writer.Write(Escape(entry) + "\n");
            }
            File.Move(temporary, Path, overwrite: true);
        }
        catch (Exception e) when (IsIOError(e))
        {
        }
    }

    private void CreateDirectory()
    {
        var directory = System.IO.Path.GetDirectoryName(Path);
        if (string.IsNullOrEmpty(directory) || Directory.Exists(directory))
            return;
        if (OperatingSystem.IsWindows())
            Directory.CreateDirectory(directory);
        else
            Directory.CreateDirectory(directory, OwnerOnly | UnixFileMode.UserExecute);
    }

    private static FileStreamOptions OwnerOnlyOptions(FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = FileShare.Read };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = OwnerOnly;
        return options;
    }

    /// <summary>The lines of the file's last <see cref="MaxTailBytes"/>, starting at a whole line; and whether anything before was left unread.</summary>
    private static (string[] Lines, bool Cut) ReadTail(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        long start = Math.Max(0, file.Length - MaxTailBytes);
        file.Seek(start, SeekOrigin.Begin);
        var bytes = new byte[file.Length - start];
        int read = file.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        var tail = bytes.AsSpan(0, read);
        if (start > 0)
        {
            // The first line is probably cut in the middle: drop it.
            int newline = tail.IndexOf((byte)'\n');
            tail = newline < 0 ? [] : tail[(newline + 1)..];
        }
        var text = Utf8NoBom.GetString(tail);
        return (text.Split('\n', StringSplitOptions.RemoveEmptyEntries), start > 0);
    }

    /// <summary>
    /// The entry without control and invisible formatting characters (an escape sequence would drive the terminal when ↑
    /// replays it). Line breaks stay: the file escapes them, and they are the one control an entry may hold.
    /// </summary>
    internal static string WithoutControls(string entry)
    {
        if (!entry.Any(IsControl))
            return entry;
        return string.Concat(entry.Where(c => !IsControl(c)));
    }

    private static bool IsControl(char c) => (char.IsControl(c) && c is not ('\t' or '\n' or '\r')) || Printable.IsInvisible(c);

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
