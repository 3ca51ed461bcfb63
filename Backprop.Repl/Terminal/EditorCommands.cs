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
