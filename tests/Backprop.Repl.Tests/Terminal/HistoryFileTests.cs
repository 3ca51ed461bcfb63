using System.Text;
using Backprop.Repl.Terminal;

namespace Backprop.Repl.Tests.Terminal;

public sealed class HistoryFileTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "bp-history-" + Guid.NewGuid().ToString("N"));

    public HistoryFileTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathTo(string name) => Path.Combine(_directory, name);

    [Fact]
    public void DefaultPath_WithXdgStateHome_IsUnderIt()
    {
        Assert.Equal("/state/backprop/history", HistoryFile.DefaultPath("/state", "/home/u"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("relative/state")]
    public void DefaultPath_WithoutUsableXdgStateHome_IsUnderLocalState(string? xdgStateHome)
    {
        Assert.Equal("/home/u/.local/state/backprop/history", HistoryFile.DefaultPath(xdgStateHome, "/home/u"));
    }

    [Fact]
    public void Load_MissingFile_ReturnsEmpty()
    {
        Assert.Empty(new HistoryFile(PathTo("none")).Load());
    }

    [Fact]
    public void Load_FileLockedByAnotherWriter_ReturnsEmpty()
    {
        var path = PathTo("history");
        File.WriteAllText(path, "1+2\n");
        using var locked = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);

        var history = new HistoryFile(path);

        Assert.Empty(history.Load());
        history.Append("3+4"); // does not throw either
    }

    [Fact]
    public void Append_ThenLoad_ReturnsEntriesInOrder()
    {
        var path = PathTo("history");
        var history = new HistoryFile(path);
        history.Append("x = 3");
        history.Append("x * x");

        Assert.Equal(["x = 3", "x * x"], new HistoryFile(path).Load());
    }

    [Fact]
    public void Append_MissingDirectory_IsCreated()
    {
        var path = Path.Combine(_directory, "state", "backprop", "history");

        new HistoryFile(path).Append("1");

        Assert.Equal(["1"], File.ReadAllLines(path));
    }

    [Fact]
    public void Append_DirectoryCannotBeCreated_DoesNotThrow()
    {
        File.WriteAllText(PathTo("file"), "");

        new HistoryFile(Path.Combine(_directory, "file", "history")).Append("1");
    }

    [Fact]
    public void Append_SameLineTwiceInARow_KeepsOne()
    {
        var path = PathTo("history");
        var history = new HistoryFile(path);
        history.Append("a");
        history.Append("a");
        history.Append("b");
        history.Append("a");

        Assert.Equal(["a", "b", "a"], File.ReadAllLines(path));
    }

    [Fact]
    public void Append_SameAsLastLoadedEntry_IsSkipped()
    {
        var path = PathTo("history");
        File.WriteAllText(path, "a\nb\n");
        var history = new HistoryFile(path);
        history.Load();

        history.Append("b");

        Assert.Equal(["a", "b"], File.ReadAllLines(path));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t")]
    public void Append_BlankLine_IsSkipped(string line)
    {
        var path = PathTo("history");

        new HistoryFile(path).Append(line);

        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Append_LineBreaksAndBackslashes_AreEscapedAndRestored()
    {
        var path = PathTo("history");
        const string entry = "a = 1\nb = a \\ 2\r\n\\n";

        new HistoryFile(path).Append(entry);

        Assert.Single(File.ReadAllLines(path));
        Assert.Equal([entry], new HistoryFile(path).Load());
    }

    [Fact]
    public void Append_WritesUtf8WithoutByteOrderMark()
    {
        var path = PathTo("history");

        new HistoryFile(path).Append("6 × 7");

        Assert.Equal(Encoding.UTF8.GetBytes("6 × 7\n"), File.ReadAllBytes(path));
    }

    [Fact]
    public void Load_ConsecutiveDuplicatesAndBlankLinesInFile_AreDropped()
    {
        var path = PathTo("history");
        File.WriteAllText(path, "a\na\n\nb\n  \nb\na\n");

        Assert.Equal(["a", "b", "a"], new HistoryFile(path).Load());
    }

    [Fact]
    public void Load_LongFile_KeepsNewestEntriesAndTrimsTheFile()
    {
        var path = PathTo("history");
        File.WriteAllLines(path, Enumerable.Range(0, 2 * HistoryFile.MaxEntries + 500).Select(i => $"x = {i}"));

        var entries = new HistoryFile(path).Load();

        Assert.Equal(HistoryFile.MaxEntries, entries.Count);
        Assert.Equal($"x = {2 * HistoryFile.MaxEntries + 499}", entries[^1]);
        Assert.Equal(entries, File.ReadAllLines(path));
    }
}
