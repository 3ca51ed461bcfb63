using Backprop.Lang.Diagnostics;
using Backprop.Lang.Evaluation;
using Backprop.Lang.Syntax;
using Backprop.Lang.Text;

namespace Backprop.Lang.Tests;

/// <summary>Japanese input (issue 23): names in any script, full-width characters read as ASCII, spans on what was typed.</summary>
public sealed class JapaneseInputTests
{
    [Theory]
    [InlineData("１＋２", 3.0)]
    [InlineData("（１＊２）＊（１０＋２０）", 60.0)]
    [InlineData("２＾３　－　１", 7.0)]
    [InlineData("１．５×２", 3.0)]
    public void FullWidth_ReadsAsAscii(string text, double value)
    {
        var outcome = new Session().Run(text).Single();

        Assert.True(outcome.Succeeded);
        Assert.Equal(value, Assert.IsType<ValueOutcome>(outcome).Value);
    }

    [Fact]
    public void FullWidth_SameTreeAndSpansAsAscii()
    {
        var wide = SyntaxParser.ParseLine("ｘ　＝　（１＋２）＊３");
        var narrow = SyntaxParser.ParseLine("x = (1+2)*3");

        Assert.Equal(narrow.Statement, wide.Statement);
        Assert.Equal("ｘ　＝　（１＋２）＊３", wide.Source.Text);
    }

    [Fact]
    public void JapaneseNames_AreVariables()
    {
        var session = new Session();
        session.Run("りんご = 100\n個数 = 2\n消費税 = 1.1");

        var outcome = session.Gradient("りんご*個数*消費税");

        Assert.Equal(220.0, outcome.Value, 9);
        Assert.Equal(["りんご", "個数", "消費税"], outcome.Variables.Select(v => v.Name));
        Assert.Equal(2.2, outcome.Variables[0].Gradient, 9);
    }

    [Fact]
    public void FullWidthLiteral_KeepsItsSpan()
    {
        var outcome = new Session().Gradient("（１＊２）＊（１０＋２０）");

        Assert.Equal([(1, 1), (3, 1), (7, 2), (10, 2)], outcome.Literals.Select(l => (l.Span.Start, l.Span.Length)));
        Assert.Equal([60.0, 30.0, 2.0, 2.0], outcome.Literals.Select(l => l.Gradient));
    }

    [Fact]
    public void Caret_StandsUnderWideCharacters()
    {
        var outcome = new Session().Run("りんご＋みかん").Single();

        var diagnostic = outcome.Diagnostics[0];
        Assert.Equal(new TextSpan(0, 3), diagnostic.Span);
        var (source, caret) = DiagnosticFormatter.SourceAndCaret(diagnostic);
        Assert.Equal("りんご＋みかん", source);
        Assert.Equal("^^^^^^", caret);
    }

    [Fact]
    public void Caret_AfterWideCharacters_IsTwoColumnsEach()
    {
        var outcome = new Session().Run("りんご = 1\nりんご ＊ 2 +").Last();

        var (_, caret) = DiagnosticFormatter.SourceAndCaret(Assert.Single(outcome.Diagnostics));
        Assert.Equal(new string(' ', DisplayWidth.Of("りんご ＊ 2 +")) + "^", caret);
    }

    [Theory]
    [InlineData("abc", 3)]
    [InlineData("りんご", 6)]
    [InlineData("１＋２", 6)]
    [InlineData("x = 消費税", 10)]
    [InlineData("e\u0301", 1)]
    public void DisplayWidth_CountsWideAsTwo(string text, int columns) => Assert.Equal(columns, DisplayWidth.Of(text));
}
