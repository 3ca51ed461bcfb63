namespace Backprop.Repl.Running;

/// <summary>
/// Ctrl+C while a line is evaluated: it cancels that line (each long loop checks the token: script lines and :load
/// chains, :descend's steps, :check's leaves), and the REPL keeps its session and variables. A second Ctrl+C within a
/// second of one that cancelled ends the process (exit code 130), whether or not the line has stopped yet. Otherwise,
/// when nothing is being evaluated, Ctrl+C is left to whoever else handles it: the line editor clears its line;
/// elsewhere the process ends.
/// </summary>
internal sealed class Interrupts : IDisposable
{
    /// <summary>The exit code of a process ended by Ctrl+C (128 + SIGINT), also used when Ctrl+C stops a script.</summary>
    public const int ExitCode = 130;

    private static readonly TimeSpan SecondPress = TimeSpan.FromSeconds(1);

    private readonly Action<int> _exit;
    private readonly bool _console;
    private volatile CancellationTokenSource? _evaluation;
    private long _lastCancel = long.MinValue / 2;

    /// <param name="exit">Ends the process (tests pass their own).</param>
    /// <param name="console">Whether to listen to the console's Ctrl+C.</param>
    public Interrupts(Action<int>? exit = null, bool console = true)
    {
        _exit = exit ?? Environment.Exit;
        _console = console;
        if (console)
        {
            Console.CancelKeyPress += OnCancelKeyPress;
        }
    }

    /// <summary>A token for the evaluation that starts now, cancelled by the next Ctrl+C.</summary>
    public CancellationToken Begin()
    {
        var evaluation = new CancellationTokenSource();
        _evaluation = evaluation;
        return evaluation.Token;
    }

    /// <summary>The evaluation ended: Ctrl+C goes back to its other handlers.</summary>
    public void End() => _evaluation = null;

    /// <summary>What Ctrl+C does; true when it was taken here (an evaluation was running, or one was cancelled within the second).</summary>
    public bool Press()
    {
        long now = Environment.TickCount64;
        if (now - Interlocked.Read(ref _lastCancel) < SecondPress.TotalMilliseconds)
        {
            _exit(ExitCode);
            return true;
        }
        var evaluation = _evaluation;
        if (evaluation is null)
        {
            return false;
        }
        Interlocked.Exchange(ref _lastCancel, now);
        evaluation.Cancel();
        return true;
    }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        if (Press())
        {
            e.Cancel = true;
        }
    }

    public void Dispose()
    {
        if (_console)
        {
            Console.CancelKeyPress -= OnCancelKeyPress;
        }
    }
}
