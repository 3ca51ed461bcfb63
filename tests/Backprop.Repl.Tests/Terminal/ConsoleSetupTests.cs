using Backprop.Repl.Terminal;
using Spectre.Console;

namespace Backprop.Repl.Tests.Terminal;

public sealed class ConsoleSetupTests
{
    [Fact]
    public void Plain_Markup_WritesTextWithoutEscapeCodes()
    {
        var output = new StringWriter();

        ConsoleSetup.Plain(output).MarkupLine("[bold red]x[/] = [aqua]1[/]");

        Assert.Equal("x = 1" + Environment.NewLine, output.ToString());
    }

    [Fact]
    public void Plain_Width_IsFixed()
    {
        Assert.Equal(100, ConsoleSetup.Plain(new StringWriter()).Profile.Width);
        Assert.Equal(60, ConsoleSetup.Plain(new StringWriter(), width: 60).Profile.Width);
    }

    [Fact]
    public void CreateConsole_NotATerminal_HasNoAnsiAndNoColour()
    {
        var console = ConsoleSetup.CreateConsole(new StringWriter(), colorRequested: true, isTerminal: false, noColor: null);

        Assert.False(console.Profile.Capabilities.Ansi);
        Assert.Equal(ColorSystem.NoColors, console.Profile.Capabilities.ColorSystem);
    }

    [Theory]
    [InlineData(true, "1")]
    [InlineData(false, null)]
    public void CreateConsole_TerminalWithNoColourAsked_HasNoColour(bool colorRequested, string? noColor)
    {
        var console = ConsoleSetup.CreateConsole(new StringWriter(), colorRequested, isTerminal: true, noColor);

        Assert.Equal(ColorSystem.NoColors, console.Profile.Capabilities.ColorSystem);
    }

    [Fact]
    public void IsInteractive_PlainConsole_IsFalse()
    {
        Assert.False(ConsoleSetup.IsInteractive(ConsoleSetup.Plain(new StringWriter())));
    }
}
