using Backprop.Repl.Terminal;
using Spectre.Console;

namespace Backprop.Repl.Tests.Terminal;

public sealed class HighlighterTests
{
    private static Highlighter Create() => new(TestTerminal.Functions, ["grad", "help", "quit", "vars"]);

    /// <summary>The style of each token of a line, as RadLine would hand them over.</summary>
    private static Style?[] Highlight(Highlighter highlighter, params string[] tokens)
    {
        highlighter.BeginLine();
        return [.. tokens.Select(highlighter.Highlight)];
    }

    [Theory]
    [InlineData("42")]
    [InlineData(".")]
    [InlineData("1e")]
    public void Highlight_Number_IsAqua(string token)
    {
        Assert.Equal(Color.Aqua, Highlight(Create(), token)[0]?.Foreground);
    }

    [Theory]
    [InlineData("+")]
    [InlineData("-")]
    [InlineData("*")]
    [InlineData("/")]
    [InlineData("^")]
    [InlineData("(")]
    [InlineData(")")]
    [InlineData("=")]
    [InlineData(",")]
    [InlineData("×")]
    [InlineData("÷")]
    public void Highlight_Operator_IsYellow(string token)
    {
        Assert.Equal(Color.Yellow, Highlight(Create(), token)[0]?.Foreground);
    }

    [Fact]
    public void Highlight_FunctionName_IsGreen()
    {
        Assert.Equal(Color.Green, Highlight(Create(), "tanh")[0]?.Foreground);
    }

    [Fact]
    public void Highlight_TensorSyntax_MatMulAndBracketsAreOperators_AndTheTensorFunctionsFunctions()
    {
        var styles = Highlight(new Highlighter(Lang.Evaluation.Functions.Names, ["grad"]), "[", "@", "]", "affine", "softmax_with_loss");

        Assert.Equal(styles[0]?.Foreground, styles[1]?.Foreground);
        Assert.NotNull(styles[1]);
        Assert.Equal(styles[0]?.Foreground, styles[2]?.Foreground);
        Assert.Equal(Color.Green, styles[3]?.Foreground);
        Assert.Equal(Color.Green, styles[4]?.Foreground);
    }

    [Fact]
    public void Highlight_VariableName_IsPlain()
    {
        Assert.Null(Highlight(Create(), "apple")[0]);
    }

    [Fact]
    public void Highlight_Command_IsBoldFuchsiaWithItsColon()
    {
        var styles = Highlight(Create(), ":", "grad");

        Assert.All(styles, s => Assert.Equal(Color.Fuchsia, s?.Foreground));
        Assert.All(styles, s => Assert.Equal(Decoration.Bold, s?.Decoration));
    }

    [Fact]
    public void Highlight_CommandNameWithoutColon_IsPlain()
    {
        Assert.Null(Highlight(Create(), "grad")[0]);
    }

    [Fact]
    public void Highlight_Comment_IsGreyToEndOfLine()
    {
        var styles = Highlight(Create(), "x", "#", "1", "+", "sin");

        Assert.Null(styles[0]);
        Assert.All(styles[1..], s => Assert.Equal(Color.Grey, s?.Foreground));
    }

    [Fact]
    public void Highlight_NextLine_ForgetsComment()
    {
        var highlighter = Create();
        Highlight(highlighter, "#", "note");

        Assert.Equal(Color.Aqua, Highlight(highlighter, "1")[0]?.Foreground);
    }

    [Theory]
    [InlineData("pi")]
    [InlineData("e")]
    public void Highlight_Constant_IsANumber(string token)
    {
        Assert.Equal(Color.Aqua, Highlight(Create(), "2", "*", token)[2]?.Foreground);
    }

    [Theory]
    [InlineData("+")]
    [InlineData("-")]
    [InlineData("*")]
    [InlineData("/")]
    public void Highlight_CompoundAssignment_IsAnOperatorThenEquals(string op)
    {
        // RadLine hands '+=' over as '+' then '='.
        var styles = Highlight(Create(), "x", op, "=", "1");

        Assert.Equal(Color.Yellow, styles[1]?.Foreground);
        Assert.Equal(Color.Yellow, styles[2]?.Foreground);
    }

    [Fact]
    public void Highlight_DigitsAfterUnderscore_ArePartOfTheName()
    {
        Assert.All(Highlight(Create(), "x", "_", "1"), Assert.Null);
    }
}
