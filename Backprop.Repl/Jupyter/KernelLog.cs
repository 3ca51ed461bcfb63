using System.Globalization;

namespace Backprop.Repl.Jupyter;

/// <summary>The kernel's log: one line per event on stderr, which the front end keeps in its own log.</summary>
internal sealed class KernelLog(TextWriter errors)
{
    private readonly Lock _lock = new();

    public void Write(string message)
    {
        lock (_lock)
        {
            try
            {
                errors.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[backprop kernel {DateTime.Now:HH:mm:ss.fff}] {message}"));
                errors.Flush();
            }
            catch (IOException)
            {
                // Nobody reads the log any more: the kernel goes on without it.
            }
        }
    }
}
