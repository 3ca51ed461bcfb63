namespace Backprop.Repl.Tests;

/// <summary>Where the repository and its example scripts are, found from the test assembly's directory.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Examples => Path.Combine(Root, "examples");

    public static string Example(string name) => Path.Combine(Examples, name);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Backprop.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"no Backprop.sln above {AppContext.BaseDirectory}");
    }
}
