namespace Backprop.Repl.Terminal;

/// <summary>Where the REPL gets its lines: a terminal line editor, or plain text from a pipe or file.</summary>
internal interface ILineSource
{
    /// <summary>Reads the next line, without its line break; null means end of input.</summary>
    /// <param name="continuation">True asks for the secondary prompt ("..>"): the previous line was incomplete.</param>
    /// <exception cref="OperationCanceledException">Ctrl+C at a "..>" prompt: drop the unfinished statement.</exception>
    string? ReadLine(bool continuation);
}
