using Backprop.Lang.Syntax;
using Backprop.Lang.Text;
using static Backprop.Lang.Tests.Ast;

namespace Backprop.Lang.Tests;

/// <summary>
/// The grammar's levels, loosest first: + -, then * / × ÷, then prefix signs, then ^ **, then atoms.
/// Trees are shown as S-expressions (<see cref="Ast.Show"/>) so a row states its grouping explicitly.
/// </summary>
public class ParserTests
{
    private static Expr ParseExpression(string text)
    {
        var parsed = SyntaxParser.ParseLine(text);
        Assert.Empty(parsed.Diagnostics);
        return Assert.IsType<ExprStatement>(parsed.Statement).Expr;
    }

    private static string Grouping(string text) => Show(ParseExpression(text));

    [Theory]
    [InlineData("1+2*3", "(+ 1 (* 2 3))")]
    [InlineData("1*2+3", "(+ (* 1 2) 3)")]
    [InlineData("1-2/4", "(- 1 (/ 2 4))")]
    [InlineData("(1+2)*3", "(* (+ 1 2) 3)")]
    [InlineData("2*3^2", "(* 2 (^ 3 2))")]
    [InlineData("2^3*2", "(* (^ 2 3) 2)")]
    public void Parse_ProductBindsTighterThanSumAndPowerTighterThanProduct(string source, string expected) =>
        Assert.Equal(expected, Grouping(source));

    [Theory]
    [InlineData("1-2-3", "(- (- 1 2) 3)")]
    [InlineData("1-2+3", "(+ (- 1 2) 3)")]
    [InlineData("8/4/2", "(/ (/ 8 4) 2)")]
    [InlineData("8/4*2", "(* (/ 8 4) 2)")]
    [InlineData("1-(2-3)", "(- 1 (- 2 3))")]
    public void Parse_SumAndProductAreLeftAssociative(string source, string expected) =>
        Assert.Equal(expected, Grouping(source));

    [Theory]
    [InlineData("2^3^2", "(^ 2 (^ 3 2))")]
    [InlineData("2**3**2", "(^ 2 (^ 3 2))")]
    [InlineData("2^3**2", "(^ 2 (^ 3 2))")]
    [InlineData("(2^3)^2", "(^ (^ 2 3) 2)")]
    [InlineData("a^b^c^d", "(^ a (^ b (^ c d)))")]
    public void Parse_PowerIsRightAssociative(string source, string expected) =>
        Assert.Equal(expected, Grouping(source));

    [Theory]
    [InlineData("-2^2", "(neg (^ 2 2))")]
    [InlineData("-x^2", "(neg (^ x 2))")]
    [InlineData("(-2)^2", "(^ (neg 2) 2)")]
    [InlineData("2^-1", "(^ 2 (neg 1))")]
    [InlineData("2^+1", "(^ 2 (pos 1))")]
    [InlineData("2^--1", "(^ 2 (neg (neg 1)))")]
    [InlineData("2^-3^2", "(^ 2 (neg (^ 3 2)))")]
    [InlineData("2^x^-y*3", "(* (^ 2 (^ x (neg y))) 3)")]
    [InlineData("--x", "(neg (neg x))")]
    [InlineData("+x", "(pos x)")]
    [InlineData("-+-x", "(neg (pos (neg x)))")]
    [InlineData("a*-b", "(* a (neg b))")]
    [InlineData("a - -b", "(- a (neg b))")]
    [InlineData("a--b", "(- a (neg b))")]
    [InlineData("-a*b", "(* (neg a) b)")]
    [InlineData("-a+b", "(+ (neg a) b)")]
    public void Parse_PrefixSignsBindLooserThanPowerAndTighterThanProduct(string source, string expected) =>
        Assert.Equal(expected, Grouping(source));

    [Theory]
    [InlineData("2**3", "(^ 2 3)")]
    [InlineData("2 × 3", "(* 2 3)")]
    [InlineData("6 ÷ 3", "(/ 6 3)")]
    [InlineData("2 × 3 ÷ 4", "(/ (* 2 3) 4)")]
    [InlineData("6 \u2212 1", "(- 6 1)")]
    [InlineData("\u2212x", "(neg x)")]
    public void Parse_OperatorSynonyms_MeanTheAsciiOperators(string source, string expected) =>
        Assert.Equal(expected, Grouping(source));

    [Theory]
    [InlineData("max(1,2)", "(max 1 2)")]
    [InlineData("sin(x)", "(sin x)")]
    [InlineData("max( 1 , 2*x )", "(max 1 (* 2 x))")]
    [InlineData("sin(x)^2", "(^ (sin x) 2)")]
    [InlineData("-sin(-x)", "(neg (sin (neg x)))")]
    [InlineData("exp(log(x) + 1)", "(exp (+ (log x) 1))")]
    [InlineData("f()", "(f)")]
    [InlineData("sigmoid(max(x, y), z)", "(sigmoid (max x y) z)")]
    public void Parse_Calls_TakeCommaSeparatedExpressions(string source, string expected) =>
        Assert.Equal(expected, Grouping(source));

    [Theory]
    [InlineData("1+2 # c", "(+ 1 2)")]
    [InlineData("x#no space before the comment", "x")]
    [InlineData("  1 +\t2  ", "(+ 1 2)")]
    [InlineData("1 + 2 # a comment with ) ( and = signs", "(+ 1 2)")]
    public void Parse_SpacesAndCommentsAreIgnored(string source, string expected) =>
        Assert.Equal(expected, Grouping(source));

    public static TheoryData<string, Expr> Trees => new()
    {
        { "1+2*3", Add(N(1), Mul(N(2), N(3))) },
        { "1-2-3", Sub(Sub(N(1), N(2)), N(3)) },
        { "2^3^2", Pow(N(2), Pow(N(3), N(2))) },
        { "-2^2", Neg(Pow(N(2), N(2))) },
        { "2^-1", Pow(N(2), Neg(N(1))) },
        { "2**3", Pow(N(2), N(3)) },
        { "2 × 3 ÷ 4", Div(Mul(N(2), N(3)), N(4)) },
        { "--x", Neg(Neg(V("x"))) },
        { "+x", Plus(V("x")) },
        { "a*-b", Mul(V("a"), Neg(V("b"))) },
        { "max(1,2)", Call("max", N(1), N(2)) },
        { "sin(x)", Call("sin", V("x")) },
        { "((x))", V("x") },
        { "apple_price * tax", Mul(V("apple_price"), V("tax")) },
        { "é1 + _a", Add(V("é1"), V("_a")) },
    };

    [Theory]
    [MemberData(nameof(Trees))]
    public void Parse_BuildsTheExpectedTree(string source, Expr expected) =>
        Assert.Equal(expected, ParseExpression(source));

    [Fact]
    public void TreeEquality_IgnoresSpansButNotStructure()
    {
        var spaced = ParseExpression("  1 +   2*x");
        var tight = ParseExpression("1+2*x");
        Assert.NotEqual(spaced.Span, tight.Span);
        Assert.Equal(tight, spaced);
        Assert.Equal(tight.GetHashCode(), spaced.GetHashCode());

        Assert.NotEqual(ParseExpression("1-(2-3)"), ParseExpression("1-2-3"));
        Assert.NotEqual(ParseExpression("x+y"), ParseExpression("x+z"));
        Assert.NotEqual(ParseExpression("max(x,y)"), ParseExpression("min(x,y)"));
    }

    [Theory]
    [InlineData("2", 2.0)]
    [InlineData("2.5", 2.5)]
    [InlineData("0.125", 0.125)]
    [InlineData("1e-3", 0.001)]
    [InlineData("1E+3", 1000.0)]
    [InlineData("6.02E23", 6.02e23)]
    [InlineData("2.5e2", 250.0)]
    [InlineData("007", 7.0)]
    [InlineData("1.7976931348623157e308", double.MaxValue)]
    [InlineData("5e-324", double.Epsilon)]
    public void Parse_NumberForms_AreUnsignedInvariantDoubles(string source, double expected)
    {
        var number = Assert.IsType<NumberExpr>(ParseExpression(source));
        Assert.Equal(expected, number.Value);
        Assert.Equal(source, number.Text);
        Assert.Equal(new TextSpan(0, source.Length), number.Span);
    }

    [Fact]
    public void Parse_SignedNumber_IsNegationOfAnUnsignedLiteral()
    {
        var negated = Assert.IsType<UnaryExpr>(ParseExpression("-2.5"));
        Assert.Equal(UnaryOperator.Negate, negated.Operator);
        Assert.Equal(2.5, Assert.IsType<NumberExpr>(negated.Operand).Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t")]
    [InlineData("# just a comment")]
    [InlineData("   # an indented comment")]
    public void Parse_BlankOrCommentLine_IsNoStatementAndNoError(string line)
    {
        var parsed = SyntaxParser.ParseLine(line);
        Assert.Null(parsed.Statement);
        Assert.Empty(parsed.Diagnostics);
    }

    [Theory]
    [InlineData("x = 1+2", "x", "(+ 1 2)")]
    [InlineData("x=1+2", "x", "(+ 1 2)")]
    [InlineData("  apple_num = 2 # apples", "apple_num", "2")]
    [InlineData("y = -x^2", "y", "(neg (^ x 2))")]
    [InlineData("z = sin(x) * z", "z", "(* (sin x) z)")]
    public void Parse_Assignment_BindsANameToAnExpression(string line, string name, string value)
    {
        var parsed = SyntaxParser.ParseLine(line);
        Assert.Empty(parsed.Diagnostics);
        var assignment = Assert.IsType<AssignmentStatement>(parsed.Statement);
        Assert.Equal(name, assignment.Name);
        Assert.Equal(name, line.Substring(assignment.NameSpan.Start, assignment.NameSpan.Length));
        Assert.Equal(value, Show(assignment.Value));
    }

    [Theory]
    [InlineData(":grad x*y", "grad", "(* x y)")]
    [InlineData(":grad (1*2)*(10+20)", "grad", "(* (* 1 2) (+ 10 20))")]
    [InlineData("  :trace -x^2 # why", "trace", "(neg (^ x 2))")]
    [InlineData(":graph sin(x)", "graph", "(sin x)")]
    [InlineData(":check x*y", "check", "(* x y)")]
    [InlineData(":dot x", "dot", "x")]
    public void Parse_ExpressionCommand_ParsesItsArgumentWithTheGrammar(string line, string name, string expression)
    {
        var command = ParseCommand(line);
        Assert.Equal(name, command.Name);
        Assert.NotNull(command.Expression);
        Assert.Equal(expression, Show(command.Expression));
        Assert.Empty(command.Options);
        Assert.Null(command.Target);
    }

    [Theory]
    [InlineData(":help grad", "help", "grad")]
    [InlineData(":help   grad  ", "help", "grad")]
    [InlineData(":vars", "vars", "")]
    [InlineData(":load scripts/apple.bp # comment", "load", "scripts/apple.bp")]
    [InlineData(":help 2x ) (", "help", "2x ) (")]
    public void Parse_TextCommand_KeepsItsArgumentAsTrimmedText(string line, string name, string argument)
    {
        var command = ParseCommand(line);
        Assert.Equal(name, command.Name);
        Assert.Equal(argument, command.Argument);
        Assert.Equal(argument, line.Substring(command.ArgumentSpan.Start, command.ArgumentSpan.Length));
        Assert.Null(command.Expression);
    }

    [Theory]
    [InlineData(":check x*y eps=1e-6", 1e-6)]
    [InlineData(":check x*y eps = 0.5", 0.5)]
    public void Parse_CommandOption_IsANameAndANumberAfterTheExpression(string line, double value)
    {
        var command = ParseCommand(line);
        Assert.Equal("(* x y)", Show(command.Expression!));
        var option = Assert.Single(command.Options);
        Assert.Equal("eps", option.Name);
        Assert.Equal(value, option.Value);
        Assert.Equal("eps", line.Substring(option.NameSpan.Start, option.NameSpan.Length));
        Assert.Equal(value, double.Parse(line.Substring(option.ValueSpan.Start, option.ValueSpan.Length), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(":dot x > out.svg", "x", "out.svg")]
    [InlineData(":dot x*y >graphs/my graph.svg  # keep", "(* x y)", "graphs/my graph.svg")]
    public void Parse_CommandTarget_IsThePathAfterTheArrow(string line, string expression, string path)
    {
        var command = ParseCommand(line);
        Assert.Equal("dot", command.Name);
        Assert.Equal(expression, Show(command.Expression!));
        Assert.NotNull(command.Target);
        Assert.Equal(path, command.Target.Path);
    }

    private static CommandStatement ParseCommand(string line)
    {
        var parsed = SyntaxParser.ParseLine(line);
        Assert.Empty(parsed.Diagnostics);
        return Assert.IsType<CommandStatement>(parsed.Statement);
    }

    [Theory]
    [InlineData("1+2*3", "1 + 2*3")]
    [InlineData("(1+2)*3", "(1 + 2)*3")]
    [InlineData("1-(2-3)", "1 - (2 - 3)")]
    [InlineData("(1-2)-3", "1 - 2 - 3")]
    [InlineData("8/(4/2)", "8/(4/2)")]
    [InlineData("2^(3^2)", "2^3^2")]
    [InlineData("(2^3)^2", "(2^3)^2")]
    [InlineData("-2^2", "-2^2")]
    [InlineData("(-2)^2", "(-2)^2")]
    [InlineData("-(2^2)", "-2^2")]
    [InlineData("2^-1", "2^-1")]
    [InlineData("2^(-1)", "2^-1")]
    [InlineData("2^(-x*y)", "2^(-x*y)")]
    [InlineData("2**3", "2^3")]
    [InlineData("2 × 3 ÷ 4", "2*3/4")]
    [InlineData("- -x", "--x")]
    [InlineData("+x", "+x")]
    [InlineData("a*(-b)", "a*-b")]
    [InlineData("-(a*b)", "-(a*b)")]
    [InlineData("max(1,2)", "max(1, 2)")]
    [InlineData("sin( (x) )", "sin(x)")]
    [InlineData("6.02E23 + 1e-3", "6.02E23 + 1e-3")]
    public void Print_UsesTheFewestParenthesesThatKeepTheTree(string source, string printed)
    {
        var tree = ParseExpression(source);
        Assert.Equal(printed, SyntaxPrinter.Print(tree));
        Assert.Equal(tree, ParseExpression(printed));
    }
}
