using Backprop.Lang.Diagnostics;
using Backprop.Lang.Evaluation;
using Backprop.Lang.Syntax;

namespace Backprop.Lang.Tests;

/// <summary>
/// Where things are reported. Each row marks the expected span inside the source with ⟦ ⟧ (see <see cref="Marked"/>);
/// spans and columns are checked exactly, messages loosely by the words a reader needs.
/// </summary>
public class SpanTests
{
    // ---- Literal gradients: one per occurrence, at its own column ----------------------------------------

    [Theory]
    [InlineData("(⟦1⟧*2)*(10+20)", 60.0)]
    [InlineData("(1*⟦2⟧)*(10+20)", 30.0)]
    [InlineData("(1*2)*(⟦10⟧+20)", 2.0)]
    [InlineData("(1*2)*(10+⟦20⟧)", 2.0)]
    [InlineData("   ⟦3⟧*x", 2.0)]
    [InlineData("\t⟦3⟧*x", 2.0)]
    [InlineData("x*3 + ⟦2.5e1⟧", 1.0)]
    [InlineData("2^⟦3⟧", 5.545177444479562)]
    [InlineData("max(x, ⟦7⟧) # comment 1", 1.0)]
    [InlineData("é + ⟦4⟧*x", 2.0)]
    public void Grad_Literal_IsReportedAtItsColumn(string marked, double gradient)
    {
        var source = Marked.Parse(marked);
        var session = new Session();
        session.Run("x = 2\né = 1");

        var g = session.Gradient(source.Text);

        Assert.True(g.Succeeded, string.Join("\n", g.Diagnostics));
        var literal = Assert.Single(g.Literals, l => l.Span == source.Span);
        Assert.Equal(source.Column, literal.Column);
        Assert.Equal(source.Text.Substring(source.Span.Start, source.Span.Length), literal.Text);
        Assert.Equal(gradient, literal.Gradient, 12);
    }

    [Fact]
    public void Grad_SameNumberTwice_GivesEachOccurrenceItsOwnColumnAndGradient()
    {
        var g = new Session().Gradient("3*3 + 3");

        Assert.Equal(["3", "3", "3"], g.Literals.Select(l => l.Text));
        Assert.Equal([1, 3, 7], g.Literals.Select(l => l.Column));
        Assert.Equal([3.0, 3.0, 1.0], g.Literals.Select(l => l.Gradient));
    }

    [Theory]
    [InlineData(":grad (⟦1⟧*2)*(10+20)", 60.0)]
    [InlineData(":grad (1*2)*(10+⟦20⟧)", 2.0)]
    [InlineData("  :grad   ⟦5⟧*x # note", 2.0)]
    [InlineData(":check x*⟦3⟧ eps=1e-6", 2.0)]
    public void Grad_LiteralInACommandLine_CountsColumnsFromTheStartOfTheLine(string marked, double gradient)
    {
        var source = Marked.Parse(marked);
        var session = new Session();
        session.Run("x = 2");
        var parsed = SyntaxParser.ParseLine(source.Text);
        var command = Assert.IsType<CommandStatement>(parsed.Statement);

        var g = session.Gradient(command.Expression!, parsed.Source);

        var literal = Assert.Single(g.Literals, l => l.Span == source.Span);
        Assert.Equal(source.Column, literal.Column);
        Assert.Equal(gradient, literal.Gradient, 12);
    }

    [Fact]
    public void Grad_SeedArticleAsCommand_ShiftsEveryColumnByThePrefix()
    {
        var parsed = SyntaxParser.ParseLine(":grad (1*2)*(10+20)");
        var command = Assert.IsType<CommandStatement>(parsed.Statement);

        var g = new Session().Gradient(command.Expression!, parsed.Source);

        Assert.Equal([8, 10, 14, 17], g.Literals.Select(l => l.Column));
        Assert.Equal([60.0, 30.0, 2.0, 2.0], g.Literals.Select(l => l.Gradient));
    }

    // ---- Errors: the span under the mistake, and words that say what to do --------------------------------

    [Theory]
    [InlineData("⟦foo⟧ + 1", "unknown name 'foo'", "foo = 1")]
    [InlineData("1 + ⟦xx⟧", "unknown name 'xx'", "did you mean 'x'")]
    [InlineData("tax * ⟦aple⟧", "unknown name 'aple'", "did you mean 'apple'")]
    [InlineData("⟦sinn⟧(x)", "unknown function 'sinn'", "'sin'")]
    [InlineData("2 * ⟦tanhh⟧(x)", "unknown function 'tanhh'", "'tanh'")]
    [InlineData("⟦maxx⟧(1, 2)", "unknown function 'maxx'", "'max'")]
    [InlineData("⟦x⟧(1)", "'x'", "variable, not a function")]
    [InlineData("1 + ⟦sin⟧", "'sin' is a function", "sin(x)")]
    [InlineData("⟦max(1)⟧", "'max' takes 2 or more arguments", "1 was given")]
    [InlineData("1 + ⟦sin(1, 2)⟧", "'sin' takes 1 argument", "2 were given")]
    [InlineData("⟦sin()⟧", "'sin' takes 1 argument", "0 were given")]
    [InlineData("2⟦x⟧", "missing operator", "2*x")]
    [InlineData("3 * 2⟦x⟧ + 1", "missing operator", "2*x")]
    [InlineData("x ⟦y⟧", "missing operator", "x*y")]
    [InlineData("2⟦(⟧x+1)", "missing operator", "2*(")]
    [InlineData("1.⟦.⟧2", "decimal point", "'1.'")]
    [InlineData("x + 1.⟦.⟧2", "decimal point", "'1.'")]
    [InlineData("1e⟦⟧", "exponent", "'1e'")]
    [InlineData("x + 1e⟦⟧", "exponent", "'1e'")]
    [InlineData("x * 2.5E+⟦⟧", "exponent", "'2.5E'")]
    [InlineData("⟦1e400⟧", "1e400", "too large")]
    [InlineData("x * ⟦1e400⟧", "1e400", "too large")]
    [InlineData("⟦1,5⟧", "'.'", "1.5")]
    [InlineData("x * ⟦2,25⟧", "'.'", "2.25")]
    [InlineData("⟦.⟧5", "starts with a digit", "0.5")]
    [InlineData("1+2⟦)⟧", "')'", "no matching '('")]
    [InlineData("(1+2)⟦)⟧)", "')'", "no matching '('")]
    [InlineData("⟦(⟧1+2", "'('", "never closed")]
    [InlineData("(1+2)*⟦(⟧3", "'('", "never closed")]
    [InlineData("sin⟦(⟧1", "'('", "never closed")]
    [InlineData("1+⟦⟧", "ends too early", "a number")]
    [InlineData("2 *   ⟦⟧", "ends too early", "a number")]
    [InlineData("x = ⟦⟧", "ends too early", "a number")]
    [InlineData("⟦3⟧ = x", "only a name can be assigned", "'3'")]
    [InlineData("⟦x + 1⟧ = 2", "only a name can be assigned", "'x + 1'")]
    [InlineData("⟦sin⟧ = 2", "'sin' is a function", "cannot be assigned")]
    [InlineData("x ⟦==⟧ 2", "'=='", "x = 3")]
    [InlineData("1 + ⟦$⟧", "unexpected '$'", "a number")]
    [InlineData("1 + ⟦\u0001⟧", "control character", "U+0001")]
    [InlineData("1 + ⟦😀⟧", "'😀'", "U+1F600")]
    public void Error_IsReportedAtTheMarkedSpan(string marked, string words, string hint)
    {
        var source = Marked.Parse(marked);
        var session = new Session();
        session.Run("x = 2\napple = 100\ntax = 1.1");

        var outcome = Assert.Single(session.Run(source.Text));

        var error = Assert.Single(outcome.Errors);
        Assert.Equal(source.Span, error.Span);
        Assert.Equal(source.Column, error.Column);
        Assert.Contains(words, error.Message);
        Assert.Contains(hint, error.Message);
    }

    [Theory]
    [InlineData(":grad 2⟦x⟧", "missing operator", "2*x")]
    [InlineData(":grad 1 + ⟦foo⟧", "unknown name 'foo'", "")]
    [InlineData(":check ⟦sinn⟧(x) eps=1e-6", "unknown function 'sinn'", "'sin'")]
    [InlineData(":grad x*⟦⟧", "ends too early", "")]
    [InlineData("  :dot ⟦max(x)⟧ > g.svg", "'max' takes 2 or more arguments", "")]
    public void Error_InACommandLine_CountsColumnsFromTheStartOfTheLine(string marked, string words, string hint)
    {
        var source = Marked.Parse(marked);
        var session = new Session();
        session.Run("x = 2");
        var parsed = SyntaxParser.ParseLine(source.Text);
        var diagnostics = parsed.Statement is CommandStatement { Expression: { } expression }
            ? session.Gradient(expression, parsed.Source).Diagnostics
            : parsed.Diagnostics;

        var error = Assert.Single(diagnostics, d => d.IsError);
        Assert.Equal(source.Span, error.Span);
        Assert.Equal(source.Column, error.Column);
        Assert.Contains(words, error.Message);
        Assert.Contains(hint, error.Message);
    }

    [Fact]
    public void Error_OnALaterLine_NamesThatLine()
    {
        var outcomes = new Session().Run("x = 1\n\ny = x +\nz = 2");

        var error = Assert.Single(outcomes.SelectMany(o => o.Errors));
        Assert.Equal(3, error.Line);
        Assert.Equal(8, error.Column);
    }

    [Fact]
    public void Format_ShowsPathLineColumnAndCaretsUnderTheSpan()
    {
        var error = Assert.Single(Assert.Single(new Session().Run("1 + foo*2", "calc.bp")).Errors);

        var lines = error.ToString().Split('\n');

        Assert.StartsWith("calc.bp:1:5: error: unknown name 'foo'", lines[0]);
        Assert.Equal("  1 + foo*2", lines[1]);
        Assert.Equal("      ^^^", lines[2]);
    }
}
