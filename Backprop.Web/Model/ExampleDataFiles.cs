using Backprop.Lang.Data;

namespace Backprop.Web.Model;

/// <summary>
/// What <c>load_csv</c> reads on the page: the page has no file system, so the examples' data files are built into it
/// (examples/data/*.csv), by the name a script beside them uses (<c>load_csv("data/iris.csv")</c>, as
/// examples/iris.bp does). Any other name is refused with the list of those there are.
/// </summary>
internal sealed class ExampleDataFiles : IDataFiles
{
    public static readonly ExampleDataFiles Instance = new();

    private static readonly System.Reflection.Assembly Assembly = typeof(ExampleDataFiles).Assembly;

    /// <summary>The names a script may load here, as data/NAME.csv.</summary>
    public static IReadOnlyList<string> Names { get; } =
        [.. Assembly.GetManifestResourceNames().Where(n => n.StartsWith("data/", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    public byte[]? Read(string path, out string? error)
    {
        string name = path.StartsWith("./", StringComparison.Ordinal) ? path[2..] : path;
        using var stream = Names.Contains(name) ? Assembly.GetManifestResourceStream(name) : null;
        if (stream is null)
        {
            error = WebMessages.NoSuchDataFile(path, Names);
            return null;
        }
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        error = null;
        return bytes.ToArray();
    }
}
