using Backprop.Repl.Terminal;

namespace Backprop.Repl.Tests.Terminal;

public sealed class TextLineSourceTests
{
    [Fact]
    public void ReadLine_AtEndOfInput_ReturnsNullEveryTime()
    {
        var source = new TextLineSource(new StringReader("1+2\r\nx"));

        Assert.Equal("1+2", source.ReadLine(false));
        Assert.Equal("x", source.ReadLine(false));
        Assert.Null(source.ReadLine(false));
        Assert.Null(source.ReadLine(true));
    }

    [Fact]
    public void ReadLine_WithPromptWriter_WritesPromptsAndEndsWithNewline()
    {
        var prompts = new StringWriter();
        var source = new TextLineSource(new StringReader("(1\n)\n"), prompts);

        source.ReadLine(continuation: false);
        source.ReadLine(continuation: true);
        source.ReadLine(continuation: false);

        Assert.Equal("bp> ..> bp> " + Environment.NewLine, prompts.ToString());
    }

    [Fact]
    public void ReadLine_WithoutPromptWriter_WritesNothing()
    {
        var source = new TextLineSource(new StringReader("1\n"));

        Assert.Equal("1", source.ReadLine(false));
    }

    [Fact]
    public void ReadLine_ByteOrderMarkOnFirstLine_IsDropped()
    {
        var source = new TextLineSource(new StringReader("\uFEFFx = 1\n\uFEFF"));

        Assert.Equal("x = 1", source.ReadLine(false));
        Assert.Equal("\uFEFF", source.ReadLine(false));
    }

    [Fact]
    public void ReadLine_ClosedReader_ReturnsNull()
    {
        var reader = new StringReader("1");
        reader.Dispose();

        Assert.Null(new TextLineSource(reader).ReadLine(false));
    }
}
