using Backprop.Repl.Terminal;
using RadLine;
using Spectre.Console;

namespace Backprop.Repl.Tests.Terminal;

/// <summary>A line editor with no terminal behind it: keys from <see cref="FakeKeys"/>, output into a string.</summary>
internal sealed class TestTerminal : IDisposable
{
    public static readonly string[] Commands = [":grad", ":help", ":quit", ":vars"];
    public static readonly string[] Functions = ["cos", "exp", "log", "relu", "sin", "tanh"];

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "bp-terminal-" + Guid.NewGuid().ToString("N"));

    public TestTerminal(IEnumerable<string>? history = null)
    {
        Directory.CreateDirectory(_directory);
        HistoryPath = Path.Combine(_directory, "history");
        if (history is not null)
            File.WriteAllLines(HistoryPath, history);

        Console = CreateConsole(Output);
        Source = new TerminalLineSource(Console, Commands, Functions, () => Variables, new HistoryFile(HistoryPath), Keys);
    }

    public StringWriter Output { get; } = new();
    public IAnsiConsole Console { get; }
    public FakeKeys Keys { get; } = new();
    public List<string> Variables { get; } = [];
    public string HistoryPath { get; }
    public TerminalLineSource Source { get; }

    /// <summary>A console that claims ANSI and interaction, as the notes on RadLine suggest for tests.</summary>
    public static IAnsiConsole CreateConsole(TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.EightBit,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 80;
        console.Profile.Height = 24;
        return console;
    }

    public void Dispose()
    {
        Source.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
