using System.Text.Json;
using Backprop.Lang.Commands;
using Backprop.Repl.Commands;

namespace Backprop.Repl.Tests;

/// <summary>
/// One meaning per command (issue 24): the terminal's command table is the library's catalogue, name for name, and
/// every command runs under <c>eval --json</c> as at the prompt (the page's side is in Backprop.Web.Tests).
/// </summary>
public sealed class CommandParityTests
{
    [Fact]
    public void TheTerminalsCommands_AreTheCatalogues_InItsOrder()
    {
        Assert.Equal(CommandCatalog.All.Select(c => c.Name), CommandTable.All.Select(c => c.Name));
    }

    public static TheoryData<string> Commands() => new(CommandCatalog.All.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Commands))]
    public void EveryCommand_RunsUnderEvalJson(string name)
    {
        var command = CommandCatalog.Find(name)!;

        var result = GraphCommandTests.Cli(["eval", "--json", "-"], "x = 2\n" + command.Example + "\n");

        var lines = Printed.Lines(result.Out).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.DoesNotContain(lines, line => line.TryGetProperty("message", out var m) && m.GetString()!.Contains("unknown command"));
        // :load of a file that is not there is the one example that fails, and it fails for that reason.
        if (name == "load")
        {
            Assert.Contains(lines, line => line.GetProperty("kind").GetString() == "error" && line.GetProperty("message").GetString()!.Contains("other.bp"));
        }
        else
        {
            Assert.DoesNotContain(lines, line => line.GetProperty("kind").GetString() == "error");
        }
    }
}
