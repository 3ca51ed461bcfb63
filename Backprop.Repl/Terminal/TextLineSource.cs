namespace Backprop.Repl.Terminal;

/// <summary>
/// Lines from a pipe, a file, or a terminal the line editor cannot drive (TERM=dumb).
/// With a prompt writer it shows the same prompts as the line editor before each read.
/// </summary>
internal sealed class TextLineSource(TextReader reader, TextWriter? promptWriter = null) : ILineSource
{
    private const char ByteOrderMark = '\uFEFF';

    private bool _firstLine = true;

    public string? ReadLine(bool continuation)
    {
        if (promptWriter is not null)
        {
            promptWriter.Write((continuation ? ReplPrompt.Continuation : ReplPrompt.Primary) + " ");
            promptWriter.Flush();
        }

        string? line;
        try
        {
            line = reader.ReadLine();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            line = null;
        }

        if (line is null)
        {
            // Leave the shell's prompt on a line of its own rather than after ours.
            promptWriter?.WriteLine();
            return null;
        }

        // A script saved by an editor that writes a BOM would otherwise fail to parse on its first line.
        if (_firstLine && line.Length > 0 && line[0] == ByteOrderMark)
            line = line[1..];
        _firstLine = false;
        return line;
    }
}
