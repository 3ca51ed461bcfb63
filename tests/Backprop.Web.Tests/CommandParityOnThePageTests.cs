using Backprop.Lang.Commands;
using Backprop.Web.Model;

namespace Backprop.Web.Tests;

/// <summary>
/// One meaning per command (issue 24), the page's side: every command of the library's catalogue runs on the page, or
/// is refused with the reason the catalogue gives; the page's :help lists exactly what it runs.
/// </summary>
public sealed class CommandParityOnThePageTests
{
    public static TheoryData<string> Commands() => new(CommandCatalog.All.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Commands))]
    public void EveryCommand_RunsOnThePage_OrSaysWhyNot(string name)
    {
        var command = CommandCatalog.Find(name)!;

        var run = ScriptRun.Of("x = 2\n" + command.Example);

        if (command.NotOnThePage is { } why)
        {
            Assert.NotNull(run.Error);
            Assert.Contains(why(), run.Error!.Message);
        }
        else
        {
            Assert.True(run.Error is null, $"{command.Example}: {run.Error?.Message}");
        }
    }

    [Fact]
    public void ThePagesHelp_ListsExactlyWhatItRuns()
    {
        var listed = WebMessages.Help.Where(line => line.StartsWith(':')).Select(line => line[1..].Split(' ', '[')[0]).Distinct().ToList();

        Assert.Equal(CommandCatalog.OnThePage.Order(), listed.Order());
    }
}
