using RadLine;
using Spectre.Console;

namespace Backprop.Repl.Terminal;

/// <summary>Builds the Spectre consoles the REPL writes to, and decides whether the line editor can run.</summary>
internal static class ConsoleSetup
{
    /// <summary>Width of a console that is not a terminal: fixed, so output to files and tests does not vary.</summary>
    public const int PlainWidth = 100;

    /// <summary>
    /// A console over <paramref name="output"/> (normally <see cref="Console.Out"/>). Not a terminal: no ANSI at all,
    /// which Spectre 0.49 would otherwise decide from $TERM alone and write escape codes into files. A terminal: ANSI
    /// as $TERM allows, with colours unless <paramref name="colorRequested"/> is false or NO_COLOR is set (bold stays:
    /// NO_COLOR is about colour, and the line editor needs ANSI anyway).
    /// </summary>
    public static IAnsiConsole CreateConsole(TextWriter output, bool colorRequested = true) =>
        CreateConsole(output, colorRequested, IsTerminal(output), Environment.GetEnvironmentVariable("NO_COLOR"));

    internal static IAnsiConsole CreateConsole(TextWriter output, bool colorRequested, bool isTerminal, string? noColor)
    {
        if (!isTerminal)
            return Plain(output);

        var color = colorRequested && string.IsNullOrEmpty(noColor);
        return AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Detect,
            ColorSystem = color ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.Detect,
            Out = new AnsiConsoleOutput(output),
        });
    }

    /// <summary>A console with no ANSI codes and a fixed width, over any writer.</summary>
    public static IAnsiConsole Plain(TextWriter writer, int width = PlainWidth)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = width;
        return console;
    }

    /// <summary>
    /// True when the line editor can run: keys come from a terminal, output goes to one, and it understands ANSI.
    /// RadLine throws on a redirected stdin, so the REPL reads plain lines (<see cref="TextLineSource"/>) otherwise.
    /// </summary>
    public static bool IsInteractive(IAnsiConsole console) =>
        !Console.IsInputRedirected && !Console.IsOutputRedirected && LineEditor.IsSupported(console);

    private static bool IsTerminal(TextWriter output) =>
        ReferenceEquals(output, Console.Out) ? !Console.IsOutputRedirected
        : ReferenceEquals(output, Console.Error) && !Console.IsErrorRedirected;
}
