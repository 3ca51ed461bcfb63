using System.Text.RegularExpressions;
using Backprop.Repl.Commands;

namespace Backprop.Repl.Tests;

/// <summary>
/// README is the front door and docs/ the reference: every command of the command table is in docs/commands.md, and
/// every relative link in README.md and docs/*.md reaches a file that exists.
/// </summary>
public sealed partial class DocsTests
{
    private static string Doc(string name) => File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", name));

    public static TheoryData<string> Commands() => new(CommandTable.All.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Commands))]
    public void EveryCommand_IsInTheCommandReference(string name)
    {
        Assert.Matches($@"`:{name}\b", Doc("commands.md"));
    }

    public static TheoryData<string> Pages() =>
        new(Directory.GetFiles(Path.Combine(RepoPaths.Root, "docs"), "*.md").Select(Path.GetFileName).Prepend("../README.ja.md").Prepend("../README.md")!);

    [Theory]
    [MemberData(nameof(Pages))]
    public void EveryRelativeLink_ReachesAFile(string page)
    {
        string path = Path.GetFullPath(Path.Combine(RepoPaths.Root, "docs", page));
        string folder = Path.GetDirectoryName(path)!;
        foreach (Match link in Link().Matches(File.ReadAllText(path)))
        {
            string target = link.Groups[1].Value.Split('#')[0];
            if (target.Length == 0 || target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal)) continue;
            string full = Path.GetFullPath(Path.Combine(folder, target));
            Assert.True(File.Exists(full) || Directory.Exists(full), $"{page}: the link to {target} reaches nothing");
        }
    }

    [Fact]
    public void Readme_StaysAFrontDoor()
    {
        int words = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md")).Split((char[])[' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries).Length;
        Assert.True(words < 2500, $"README.md has {words} words: the reference belongs in docs/");
    }

    [GeneratedRegex(@"\]\(([^)\s]+)\)")]
    private static partial Regex Link();
}
