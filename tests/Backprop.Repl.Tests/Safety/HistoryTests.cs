using System.Diagnostics;
using Backprop.Repl.Terminal;

namespace Backprop.Repl.Tests.Safety;

/// <summary>The history file: read from its end in bounded memory, control characters removed on load, readable by its owner alone.</summary>
public sealed class HistoryTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Load_ThreeGigabyteHistory_ReadsOnlyItsEndQuickly()
    {
        string path = Path.Combine(_temp.Path, "history");
        using (var file = new FileStream(path, FileMode.Create))
        {
            file.SetLength(3L << 30); // sparse: 3 GB of NUL bytes that take no disk
            file.Seek(0, SeekOrigin.End);
            var lines = string.Concat(Enumerable.Range(0, 5000).Select(i => $"x{i} = {i}\n"));
            file.Write(System.Text.Encoding.UTF8.GetBytes(lines));
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();

        var entries = new HistoryFile(path).Load();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), clock.Elapsed.ToString());
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - allocated < 64L << 20, "loading allocated more than 64 MB");
        Assert.Equal(HistoryFile.MaxEntries, entries.Count);
        Assert.Equal("x4999 = 4999", entries[^1]);
        Assert.True(new FileInfo(path).Length < HistoryFile.MaxTailBytes, "the file is cut back to what was loaded");
    }

    [Fact]
    public void Load_EntriesWithEscapeSequences_LoseTheirControlCharacters()
    {
        string path = Path.Combine(_temp.Path, "history");
        File.WriteAllText(path, "x = 1\n\u001b[2J\u001b]0;owned\u0007y = 2\n\u009b31m\u202Ez = 3\n\u001b\n");

        var entries = new HistoryFile(path).Load();

        Assert.Equal(["x = 1", "[2J]0;ownedy = 2", "31mz = 3"], entries);
    }

    [Fact]
    public void Append_CreatesTheFileAndItsFolderForTheOwnerOnly()
    {
        if (OperatingSystem.IsWindows()) return;
        string path = Path.Combine(_temp.Path, "state", "backprop", "history");

        new HistoryFile(path).Append("secret = 42");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(path)!));
        Assert.Equal("secret = 42\n", File.ReadAllText(path));
    }

    [Fact]
    public void Append_ToAHistoryReadableByOthers_MakesItTheOwnersAlone()
    {
        if (OperatingSystem.IsWindows()) return;
        string path = Path.Combine(_temp.Path, "history");
        File.WriteAllText(path, "x = 1\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        new HistoryFile(path).Append("y = 2");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void Append_ControlCharacters_AreNotWritten()
    {
        string path = Path.Combine(_temp.Path, "history");

        new HistoryFile(path).Append("x\u001b[31m = 1");

        Assert.Equal("x[31m = 1\n", File.ReadAllText(path));
    }
}
