using RadLine;
using Spectre.Console;

namespace Backprop.Repl.Terminal;

/// <summary>The line editor's prompt: "bp>" for a new input, "..>" while an input continues.</summary>
internal sealed class ReplPrompt(Highlighter highlighter) : ILineEditorPrompt
{
    public const string Primary = "bp>";
    public const string Continuation = "..>";

    private readonly Markup _primary = new(Output.Colours.NoColor ? Primary : $"[blue]{Primary}[/]");
    private readonly Markup _continuation = new(Output.Colours.NoColor ? Continuation : $"[blue]{Continuation}[/]");

    public bool IsContinuation { get; set; }

    public (Markup Markup, int Margin) GetPrompt(ILineEditorState state, int line)
    {
        // RadLine 0.6.0 asks for the prompt just before it highlights the same line, token by token:
        // this is the only place that knows a new line is being drawn, so it resets the highlighter here.
        highlighter.BeginLine();
        return (IsContinuation ? _continuation : _primary, 1);
    }
}
