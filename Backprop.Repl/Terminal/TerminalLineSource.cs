using RadLine;
using Spectre.Console;

namespace Backprop.Repl.Terminal;

/// <summary>
/// Lines from RadLine's editor: highlighting, Tab completion, history on ↑/↓ kept across sessions,
/// Ctrl+C to drop the line being typed, Ctrl+D on an empty line to end the input.
/// </summary>
internal sealed class TerminalLineSource : ILineSource, IDisposable
{
    private readonly IAnsiConsole _console;
    private readonly HistoryFile _history;
    private readonly ReplPrompt _prompt;
    private readonly LineEditor _editor;

    // The line being read, for the Ctrl+C handler, which runs on another thread.
    private volatile CancellationTokenSource? _reading;
    private bool _disposed;

    /// <param name="console">A console that <see cref="ConsoleSetup.IsInteractive"/> accepts (or a test console).</param>
    /// <param name="commandNamesWithColon">Such as ":grad".</param>
    /// <param name="functionNames">Such as "sin".</param>
    /// <param name="variableNames">The session's variables (and the user's functions), asked again at each completion.</param>
    /// <param name="history">Loaded now; each submitted line is appended to it.</param>
    /// <param name="input">Keys; the console's keyboard when null.</param>
    public TerminalLineSource(
        IAnsiConsole console,
        IReadOnlyList<string> commandNamesWithColon,
        IReadOnlyList<string> functionNames,
        Func<IEnumerable<string>> variableNames,
        HistoryFile history,
        IInputSource? input = null,
        Func<string, bool>? isUserFunction = null)
    {
        _console = console;
        _history = history;
        var highlighter = new Highlighter(functionNames, commandNamesWithColon.Select(c => c.TrimStart(':'))) { IsUserFunction = isUserFunction };
        _prompt = new ReplPrompt(highlighter);
        _editor = new LineEditor(new WideCharacterConsole(console), input ?? new LowCpuInputSource())
        {
            Prompt = _prompt,
            Highlighter = highlighter,
            Completion = new Completion(commandNamesWithColon, functionNames, variableNames),
        };
        BindKeys(_editor.KeyBindings);
        _editor.KeyBindings.Add(ConsoleKey.L, ConsoleModifiers.Control, () => new ClearScreenCommand(console));

        // History.Add does not skip repeats, but Load returns none. Submitted lines need no Add: RadLine
        // records them itself, skipping a repeat of the newest entry.
        foreach (var entry in history.Load())
            _editor.History.Add(entry);

        Console.CancelKeyPress += OnCancelKeyPress;
    }

    /// <summary>What Ctrl+C leaves at the end of the line it abandons.</summary>
    public const string CancelMark = "^C";

    public string? ReadLine(bool continuation)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _prompt.IsContinuation = continuation;
        while (true)
        {
            using var reading = new CancellationTokenSource();
            _reading = reading;
            string? line;
            try
            {
                line = _editor.ReadLine(reading.Token).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                // RadLine waits for keys with Task.Delay(5, token), so Ctrl+C usually surfaces here,
                // before RadLine has moved to a new line: mark the abandoned line as a shell does.
                _console.Profile.Out.Writer.Write(CancelMark);
                _console.WriteLine();
                line = null;
            }
            finally
            {
                _reading = null;
            }

            if (reading.IsCancellationRequested)
            {
                // Ctrl+C drops the line; at a "..>" prompt it drops the whole unfinished statement.
                if (continuation)
                    throw new OperationCanceledException();
                continue;
            }
            if (line is null)
                return null; // Ctrl+D on an empty line

            _history.Append(line);
            return line;
        }
    }

    /// <summary>What Ctrl+C does while a line is being read: drop it and prompt again.</summary>
    internal void CancelLine()
    {
        try
        {
            _reading?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The line was submitted just now.
        }
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        Console.CancelKeyPress -= OnCancelKeyPress;
    }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        // The REPL never dies of Ctrl+C: while a line is read it drops the line; otherwise it is ignored
        // (an evaluation is bounded by the length of its line, so none runs long enough to need stopping).
        e.Cancel = true;
        CancelLine();
    }

    private static void BindKeys(KeyBindings keys)
    {
        // RadLine puts history on Ctrl+↑/↓ and leaves ↑/↓ to move between lines, which a single-line editor has not.
        keys.Add<PreviousHistoryCommand>(ConsoleKey.UpArrow);
        keys.Add<NextHistoryCommand>(ConsoleKey.DownArrow);
        // RadLine's "previous completion" is Ctrl+Tab, which terminals do not send.
        keys.Add(ConsoleKey.Tab, ConsoleModifiers.Shift, () => new AutoCompleteCommand(AutoComplete.Previous));
        keys.Add<EndOfInputOrDeleteCommand>(ConsoleKey.D, ConsoleModifiers.Control);
        keys.Add<MoveHomeCommand>(ConsoleKey.A, ConsoleModifiers.Control);
        keys.Add<MoveEndCommand>(ConsoleKey.E, ConsoleModifiers.Control);
        keys.Add<DeleteToLineStartCommand>(ConsoleKey.U, ConsoleModifiers.Control);
    }
}
