using RadLine;

namespace Backprop.Repl.Terminal;

/// <summary>Keys from the console, polled gently.</summary>
/// <remarks>
/// RadLine polls <see cref="IsKeyAvailable"/> every 5 ms, about 7 % of a core while the prompt waits.
/// Pausing on an empty poll brings that under 2 %. The first empty poll after a key does not pause: RadLine
/// makes it to drain a burst of keys (a paste) before it redraws, and typing should not feel the pause.
/// </remarks>
internal sealed class LowCpuInputSource : IInputSource
{
    private static readonly TimeSpan IdlePause = TimeSpan.FromMilliseconds(20);

    private bool _idle;

    public bool ByPassProcessing => false;

    public bool IsKeyAvailable()
    {
        if (Console.KeyAvailable)
        {
            _idle = false;
            return true;
        }

        if (_idle)
            Thread.Sleep(IdlePause);
        _idle = true;
        return false;
    }

    public ConsoleKeyInfo ReadKey() => Console.ReadKey(intercept: true);
}
