using RadLine;

namespace Backprop.Repl.Terminal;

/// <summary>Ctrl+D as in a shell: end of input on an empty line, otherwise delete the character under the cursor.</summary>
internal sealed class EndOfInputOrDeleteCommand : LineEditorCommand
{
    public override void Execute(LineEditorContext context)
    {
        if (context.Buffer.Length == 0)
            context.Submit(SubmitAction.Cancel); // LineEditor.ReadLine then returns null
        else
            new DeleteCommand().Execute(context);
    }
}

/// <summary>Ctrl+U as in a shell: delete from the start of the line up to the cursor.</summary>
internal sealed class DeleteToLineStartCommand : LineEditorCommand
{
    public override void Execute(LineEditorContext context)
    {
        var buffer = context.Buffer;
        buffer.Clear(0, buffer.Position);
        buffer.Move(0);
    }
}

/// <summary>Ctrl+L as in a shell: clear the screen; the line being typed stays, redrawn at the top.</summary>
internal sealed class ClearScreenCommand(Spectre.Console.IAnsiConsole console) : LineEditorCommand
{
    public override void Execute(LineEditorContext context)
    {
        // Home, then erase the screen; RadLine redraws the prompt and the line on the row the cursor is on.
        console.Profile.Out.Writer.Write("\u001b[H\u001b[2J");
        console.Profile.Out.Writer.Flush();
    }
}
