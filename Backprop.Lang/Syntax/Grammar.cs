using Backprop.Lang.Text;
using Pidgin;
using static Pidgin.Parser;
using static Pidgin.Parser<char>;

namespace Backprop.Lang.Syntax;

/// <summary>
/// The whole grammar, built once. Levels, loosest first:
/// <code>
/// line       := spaces (command | statement)? comment? end
/// statement  := expr (('=' | '+=' | '-=' | '*=' | '/=') expr)?   the left side must be a name; x += e is x = x + (e)
/// command    := ':' name (expr (wrt | data | option)* target? | text)  see CommandSyntax; wrt := 'wrt' name (',' name)*
///                                                    data := 'data' name (',' name)*; option := name '=' expr
/// expr       := term (('+' | '-') term)*                left-associative
/// term       := unary (('*' | '/' | '×' | '÷' | '@') unary)*  left-associative; '@' is the matrix product
/// unary      := ('-' | '+')* power                      so -2^2 = -(2^2)
/// power      := postfix (('^' | '**') ('-' | '+')* postfix)*  right-associative, so 2^-1 = 0.5 and 2^3^2 = 2^9
/// postfix    := atom ('[' index (',' index)* ']' | '.T')*   index := integer | integer? ':' integer?
/// atom       := number | name ('(' (arg (',' arg)*)? ')')? | '(' expr ')' | '[' expr (',' expr)* ']'
/// arg        := (name '=')? expr                        a named argument, as in sum(X, axis=0)
/// </code>
/// The expression levels are the <see cref="Precedence"/> table, read by one Pidgin parser (ExpressionParsers.cs)
/// with explicit stacks, so nothing recurses however deep the parentheses go.
/// </summary>
internal static class Grammar
{
    private static readonly Parser<char, Unit> Spaces = new SpacesParser();
    private static readonly Parser<char, NumberExpr> Number = new NumberParser();
    private static readonly Parser<char, NameExpr> Name = new NameParser();

    // The operator-precedence table, loosest first. Signs bind between '*' and '^': -2^2 = -(2^2) and
    // 2^-1 = 0.5, but -2*3 = (-2)*3.
    private static readonly PrecedenceLevel[] Precedence =
    [
        PrecedenceLevel.Left(("+", BinaryOperator.Add), ("-", BinaryOperator.Subtract), ("\u2212", BinaryOperator.Subtract)),
        PrecedenceLevel.Left(("*", BinaryOperator.Multiply), ("×", BinaryOperator.Multiply), ("/", BinaryOperator.Divide), ("÷", BinaryOperator.Divide),
            ("@", BinaryOperator.MatMul)),
        PrecedenceLevel.Prefix(("-", UnaryOperator.Negate), ("\u2212", UnaryOperator.Negate), ("+", UnaryOperator.Plus)),
        PrecedenceLevel.Right(("**", BinaryOperator.Power), ("^", BinaryOperator.Power)),
    ];

    private static Parser<char, OperatorToken> Symbol(char c) => new OperatorParser($"'{c}'", (c.ToString(), c));

    private static readonly Parser<char, OperatorToken> Equal = Symbol('=');

    // '=', or a compound assignment such as '+=' (its symbol is the operator, '+'): longest first.
    private static readonly Parser<char, OperatorToken> Assign = new OperatorParser("'='",
        ("+=", '+'), ("-=", '-'), ("*=", '*'), ("/=", '/'), ("=", '='));

    public static readonly Parser<char, Expr> Expression = new ExpressionParser(Number, Name, Precedence);

    // ---- Lines ---------------------------------------------------------------------------------------

    private static readonly Parser<char, Unit> Comment = Char('#').Then(AnyCharExcept().SkipMany()).Labelled("a comment");

    private static readonly Parser<char, Unit> LineEnd = Comment.Optional().Then(End).Labelled("the end of the line");

    /// <summary>A statement before assignment is checked: the left side and, after '=', the right side.</summary>
    public static readonly Parser<char, (Expr Left, Maybe<(OperatorToken Equal, Expr Right)> Assigned)> Statement =
        Map((left, assigned) => (left, assigned), Expression, Map((eq, right) => (eq, right), Assign, Expression).Optional());

    // "name =" is tried and undone when '=' does not follow, so ":grad 2x" still reads as 2 then x and gets
    // the missing-operator message; this is the grammar's only backtracking, and it is outside expressions.
    // The value is an expression (report=accuracy(y, t)); a number, a signed number or a name is read as such.
    private static readonly Parser<char, CommandOption> Option = Map(
        (name, value) => OptionOf(name, value),
        Try(Name.Before(Equal)), Expression);

    private static CommandOption OptionOf(NameExpr name, Expr value)
    {
        double sign = 1;
        var inner = value;
        while (inner is UnaryExpr u)
        {
            sign = u.Operator == UnaryOperator.Negate ? -sign : sign;
            inner = u.Operand;
        }
        return inner switch
        {
            NumberExpr number => new CommandOption(name.Name, name.Span, sign * number.Value, value.Span) { Expression = value },
            NameExpr word when ReferenceEquals(inner, value) => new CommandOption(name.Name, name.Span, double.NaN, value.Span) { Word = word.Name, Expression = value },
            _ => new CommandOption(name.Name, name.Span, double.NaN, value.Span) { Word = SyntaxPrinter.Print(value), Expression = value },
        };
    }

    // "wrt a, b" after the expression: the variables a command works with respect to (:descend's to move).
    // The word is tried and undone when it is not "wrt", so "x foo=1" still reads foo=1 as an option.
    private static readonly Parser<char, NameExpr[]> Wrt =
        Try(Name.Where(name => name.Name == "wrt")).Then(new NameListParser(new NameParser(acceptsRevision: true)));

    // "data X, t": the variables :train binds to each minibatch's rows.
    private static readonly Parser<char, NameExpr[]> Data =
        Try(Name.Where(name => name.Name == "data")).Then(new NameListParser(new NameParser()));

    // wrt and data in either order (each at most once is the command's business).
    private static readonly Parser<char, (bool IsWrt, NameExpr[] Names)> Clause =
        OneOf(Wrt.Select(names => (true, names)), Data.Select(names => (false, names)));

    private static readonly Parser<char, CommandTarget> Target = Map(
        (start, arrow, path, end) => new CommandTarget(path.Trim(), TextSpan.FromBounds(start + 1, end)),
        CurrentOffset, Char('>'), AnyCharExcept('#').ManyString(), CurrentOffset);

    private static readonly Parser<char, string> RestOfLine = AnyCharExcept('#').ManyString();

    private static readonly Parser<char, CommandStatement> Command =
        Map((colon, name) => (colon, name), Char(':').Then(CurrentOffset), Name)
        .Bind(head => CommandSyntax.TakesExpression(head.name.Name) ? ExpressionCommandTail(head.colon - 1, head.name)
            : CommandSyntax.TakesOptionalExpression(head.name.Name) ? OptionalExpressionCommandTail(head.colon - 1, head.name)
            : TextCommandTail(head.colon - 1, head.name));

    // After the expression, wrt and data lists and options in any order (:train L wrt W batch=30 data X, t).
    private static readonly Parser<char, object> Part = OneOf(Clause.Select(c => (object)c), Option.Select(o => (object)o));

    private static Parser<char, CommandStatement> ExpressionCommandTail(int colon, NameExpr name) => Map(
        (expr, parts, target, end) => new CommandStatement(
            TextSpan.FromBounds(colon, end), name.Name, name.Span, "", expr.Span)
        {
            Expression = expr,
            Wrt = [.. parts.OfType<(bool IsWrt, NameExpr[] Names)>().Where(c => c.IsWrt).SelectMany(c => c.Names)],
            Data = [.. parts.OfType<(bool IsWrt, NameExpr[] Names)>().Where(c => !c.IsWrt).SelectMany(c => c.Names)],
            Options = [.. parts.OfType<CommandOption>()],
            Target = target.HasValue ? target.Value : null,
        },
        Expression, new ManyParser<object>(Part), Target.Optional(), CurrentOffset);

    private static Parser<char, CommandStatement> OptionalExpressionCommandTail(int colon, NameExpr name) => Map(
        (expr, end) => new CommandStatement(
            TextSpan.FromBounds(colon, end), name.Name, name.Span, "", expr.HasValue ? expr.Value.Span : new TextSpan(end, 0))
        {
            Expression = expr.HasValue ? expr.Value : null,
        },
        Expression.Optional(), CurrentOffset);

    private static Parser<char, CommandStatement> TextCommandTail(int colon, NameExpr name) => Map(
        (start, text, end) => new CommandStatement(
            TextSpan.FromBounds(colon, end), name.Name, name.Span, text.Trim(),
            TextSpan.FromBounds(start + (text.Length - text.TrimStart().Length), end - (text.Length - text.TrimEnd().Length))),
        CurrentOffset, RestOfLine, CurrentOffset);

    public static readonly Parser<char, Maybe<LineSyntax>> Line =
        Spaces.Then(
            OneOf(
                Command.Select(command => new LineSyntax(command, null, null)),
                Statement.Select(s => new LineSyntax(null, s.Left, s.Assigned.HasValue ? s.Assigned.Value : null)))
            .Optional())
        .Before(LineEnd);
}

/// <summary>What a line parsed to, before <see cref="SyntaxParser"/> checks it and makes it a statement.</summary>
internal sealed record LineSyntax(CommandStatement? Command, Expr? Left, (OperatorToken Equal, Expr Right)? Assigned);
