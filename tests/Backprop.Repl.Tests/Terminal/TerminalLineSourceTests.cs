namespace Backprop.Repl.Tests.Terminal;

public sealed class TerminalLineSourceTests
{
    [Fact]
    public void ReadLine_TypedLine_ReturnsItAndAppendsToHistoryFile()
    {
        using var terminal = new TestTerminal();
        terminal.Keys.Type("x = 4").Press(FakeKeys.Enter);

        Assert.Equal("x = 4", terminal.Source.ReadLine(continuation: false));
        Assert.Equal(["x = 4"], File.ReadAllLines(terminal.HistoryPath));
    }

    [Fact]
    public void ReadLine_CtrlDOnEmptyLine_ReturnsNull()
    {
        using var terminal = new TestTerminal();
        terminal.Keys.Press(FakeKeys.Ctrl('d'));

        Assert.Null(terminal.Source.ReadLine(continuation: false));
    }

    [Fact]
    public void ReadLine_CtrlDOnText_DeletesCharacterUnderCursor()
    {
        using var terminal = new TestTerminal();
        terminal.Keys.Type("ab").Press(FakeKeys.Home, FakeKeys.Ctrl('d'), FakeKeys.Enter);

        Assert.Equal("b", terminal.Source.ReadLine(continuation: false));
    }

    [Fact]
    public void ReadLine_CtrlC_DropsLineAndReadsAgain()
    {
        using var terminal = new TestTerminal();
        terminal.Keys.Type("1+2").Then(terminal.Source.CancelLine).Type("3").Press(FakeKeys.Enter);

        Assert.Equal("3", terminal.Source.ReadLine(continuation: false));
        Assert.Equal(["3"], File.ReadAllLines(terminal.HistoryPath));
    }

    [Fact]
    public void ReadLine_UpArrow_RecallsLoadedHistory()
    {
        using var terminal = new TestTerminal(history: ["a = 1", "b = 2"]);
        terminal.Keys.Press(FakeKeys.Up, FakeKeys.Up, FakeKeys.Enter);

        Assert.Equal("a = 1", terminal.Source.ReadLine(continuation: false));
    }

    [Fact]
    public void ReadLine_UpThenDown_ReturnsToNewerEntry()
    {
        using var terminal = new TestTerminal(history: ["a = 1", "b = 2"]);
        terminal.Keys.Press(FakeKeys.Up, FakeKeys.Up, FakeKeys.Down, FakeKeys.Enter);

        Assert.Equal("b = 2", terminal.Source.ReadLine(continuation: false));
    }

    [Fact]
    public void ReadLine_RepeatedLine_IsRecalledOnce()
    {
        using var terminal = new TestTerminal();
        terminal.Keys.Type("a").Press(FakeKeys.Enter).Type("b").Press(FakeKeys.Enter).Type("b").Press(FakeKeys.Enter)
            .Press(FakeKeys.Up, FakeKeys.Up, FakeKeys.Enter);

        Assert.Equal("a", terminal.Source.ReadLine(false));
        Assert.Equal("b", terminal.Source.ReadLine(false));
        Assert.Equal("b", terminal.Source.ReadLine(false));
        Assert.Equal("a", terminal.Source.ReadLine(false));
        Assert.Equal(["a", "b", "a"], File.ReadAllLines(terminal.HistoryPath));
    }

    [Fact]
    public void ReadLine_Tab_CompletesCommand()
    {
        using var terminal = new TestTerminal();
        terminal.Keys.Type(":gr").Press(FakeKeys.Tab, FakeKeys.Enter);

        Assert.Equal(":grad", terminal.Source.ReadLine(continuation: false));
    }

    [Fact]
    public void ReadLine_TabAndShiftTab_CycleThroughVariables()
    {
        using var terminal = new TestTerminal();
        terminal.Variables.AddRange(["gross", "grad_w", "x"]);
        terminal.Keys.Type("(1*gr").Press(FakeKeys.Tab, FakeKeys.Tab, FakeKeys.Tab, FakeKeys.ShiftTab, FakeKeys.Enter);

        // grad_w, gross, back round to grad_w, then back to gross.
        Assert.Equal("(1*gross", terminal.Source.ReadLine(continuation: false));
    }

    [Fact]
    public void ReadLine_CtrlU_DeletesToLineStart()
    {
        using var terminal = new TestTerminal();
        terminal.Keys.Type("oops").Press(FakeKeys.Ctrl('u')).Type("1").Press(FakeKeys.Enter);

        Assert.Equal("1", terminal.Source.ReadLine(continuation: false));
    }

    [Fact]
    public void ReadLine_CtrlAAndCtrlE_MoveToLineEnds()
    {
        using var terminal = new TestTerminal();
        terminal.Keys.Type("2*").Press(FakeKeys.Ctrl('a')).Type("(").Press(FakeKeys.Ctrl('e')).Type("x)").Press(FakeKeys.Enter);

        Assert.Equal("(2*x)", terminal.Source.ReadLine(continuation: false));
    }

    [Fact]
    public void ReadLine_Continuation_ShowsSecondaryPrompt()
    {
        using var terminal = new TestTerminal();
        terminal.Keys.Type("1)").Press(FakeKeys.Enter);

        terminal.Source.ReadLine(continuation: true);

        Assert.Contains("..>", terminal.Output.ToString());
        Assert.DoesNotContain("bp>", terminal.Output.ToString());
    }

    [Fact]
    public void ReadLine_TypedExpression_IsHighlighted()
    {
        using var terminal = new TestTerminal();
        terminal.Keys.Type("1+sin(x) # note").Press(FakeKeys.Enter);

        terminal.Source.ReadLine(continuation: false);

        var output = terminal.Output.ToString();
        Assert.Contains("\e[38;5;14m1", output);    // aqua number
        Assert.Contains("\e[38;5;11m+", output);    // yellow operator
        Assert.Contains("\e[38;5;2msin", output);   // green function
        Assert.Contains("\e[38;5;8mnote", output);  // grey comment
    }

    [Fact]
    public void ReadLine_AfterDispose_Throws()
    {
        var terminal = new TestTerminal();
        terminal.Dispose();

        Assert.Throws<ObjectDisposedException>(() => terminal.Source.ReadLine(continuation: false));
    }
}
