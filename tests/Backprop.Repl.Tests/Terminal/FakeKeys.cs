using RadLine;

namespace Backprop.Repl.Tests.Terminal;

/// <summary>Keys for the line editor, typed by a test; an action in the queue runs between two keys.</summary>
internal sealed class FakeKeys : IInputSource
{
    // RadLine polls every 5 ms: about a second of silence means the test forgot its Enter.
    private const int MaxEmptyPolls = 200;

    private readonly Queue<object> _queue = new();
    private int _emptyPolls;
    private bool _pausedForAction;

    public static readonly ConsoleKeyInfo Enter = new('\r', ConsoleKey.Enter, false, false, false);
    public static readonly ConsoleKeyInfo Tab = new('\t', ConsoleKey.Tab, false, false, false);
    public static readonly ConsoleKeyInfo ShiftTab = new('\t', ConsoleKey.Tab, true, false, false);
    public static readonly ConsoleKeyInfo Up = new('\0', ConsoleKey.UpArrow, false, false, false);
    public static readonly ConsoleKeyInfo Down = new('\0', ConsoleKey.DownArrow, false, false, false);
    public static readonly ConsoleKeyInfo Left = new('\0', ConsoleKey.LeftArrow, false, false, false);
    public static readonly ConsoleKeyInfo Home = new('\0', ConsoleKey.Home, false, false, false);
    public static ConsoleKeyInfo Ctrl(char letter) =>
        new((char)(char.ToUpperInvariant(letter) - '@'), ConsoleKey.A + (char.ToUpperInvariant(letter) - 'A'), false, false, true);

    public bool ByPassProcessing => false;

    public FakeKeys Type(string text)
    {
        foreach (var c in text)
            _queue.Enqueue(new ConsoleKeyInfo(c, 0, false, false, false));
        return this;
    }

    public FakeKeys Press(params ConsoleKeyInfo[] keys)
    {
        foreach (var key in keys)
            _queue.Enqueue(key);
        return this;
    }

    /// <summary>Runs <paramref name="action"/> once the editor has handled the keys before it, as a person would.</summary>
    public FakeKeys Then(Action action)
    {
        _queue.Enqueue(action);
        return this;
    }

    public bool IsKeyAvailable()
    {
        if (_queue.TryPeek(out var next) && next is Action action)
        {
            // RadLine reads keys in bursts: first report a pause so that it handles those it has read.
            _pausedForAction = !_pausedForAction;
            if (!_pausedForAction)
            {
                _queue.Dequeue();
                action();
            }
            return false;
        }

        if (_queue.Count > 0)
        {
            _emptyPolls = 0;
            return true;
        }

        if (++_emptyPolls > MaxEmptyPolls)
            throw new InvalidOperationException("The line editor is waiting for a key the test never typed.");
        return false;
    }

    public ConsoleKeyInfo ReadKey() => (ConsoleKeyInfo)_queue.Dequeue();
}
