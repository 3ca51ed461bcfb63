namespace Backprop.Lang.Data;

/// <summary>
/// How <c>load_csv("points.csv")</c> reaches a file: the front end's rules (a script's folder, the size limit, regular
/// files only), since the library itself never touches the file system. Without one, <c>load_csv</c> says it has no
/// files here.
/// </summary>
public interface IDataFiles
{
    /// <summary>The whole file <paramref name="path"/> (as the script wrote it), or null and why not in <paramref name="error"/>.</summary>
    byte[]? Read(string path, out string? error);
}
