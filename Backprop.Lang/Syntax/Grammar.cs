using Backprop.Lang.Text;
using Pidgin;
using static Pidgin.Parser;
using static Pidgin.Parser<char>;

namespace Backprop.Lang.Syntax;

/// <summary>
/// The whole grammar, built once. Levels, loosest first:
/// <code>
/// line       := spaces (command | statement)? comment? end
/// statement  := expr ('=' expr)?                       the left side must be a name
/// command    := ':' name (expr option* target? | text)  see CommandSyntax
/// expr       := term (('+' | '-') term)*                left-associative
/// term       := unary (('*' | '/' | '×' | '÷') unary)*  left-associative
/// unary      := ('-' | '+')* power                      so -2^2 = -(2^2)
/// power      := atom (('^' | '**') ('-' | '+')* atom)*  right-associative, so 2^-1 = 0.5 and 2^3^2 = 2^9
/// atom       := number | name ('(' (expr (',' expr)*)? ')')? | '(' expr ')'
/// </code>
/// Every repetition is a Pidgin <c>Many</c> folded by a loop; only parentheses recurse, and they are
/// guarded (see <see cref="SyntaxParser"/>).
/// </summary>
internal static class Grammar
{
    private static readonly Parser<char, Unit> Spaces = new SpacesParser();
    private static readonly Parser<char, NumberExpr> Number = new NumberParser();
    private static readonly Parser<char, NameExpr> Name = new NameParser();

    private static readonly Parser<char, OperatorToken> AdditiveOperator =
        new OperatorParser("an operator", ("+", '+'), ("-", '-'), ("\u2212", '-'));
    private static readonly Parser<char, OperatorToken> MultiplicativeOperator =
        new OperatorParser("an operator", ("*", '*'), ("×", '*'), ("/", '/'), ("÷", '/'));
    private static readonly Parser<char, OperatorToken> PowerOperator =
        new OperatorParser("an operator", ("**", '^'), ("^", '^'));
    private static readonly Parser<char, OperatorToken> PrefixOperator =
        new OperatorParser("a sign", ("-", '-'), ("\u2212", '-'), ("+", '+'));

    private static Parser<char, OperatorToken> Symbol(char c) => new OperatorParser($"'{c}'", (c.ToString(), c));

    private static readonly Parser<char, OperatorToken> OpenParen = Symbol('(');
    private static readonly Parser<char, OperatorToken> CloseParen = Symbol(')');
    private static readonly Parser<char, OperatorToken> Comma = Symbol(',');
    private static readonly Parser<char, OperatorToken> Equal = Symbol('=');

    public static readonly Parser<char, Expr> Expression = BuildExpression();

    private static Parser<char, Expr> BuildExpression()
    {
        Parser<char, Expr>? expression = null;
        var nested = new StackGuardParser<Expr>(Rec(() => expression!));

        // A compound expression's span takes in its parentheses (so a diagnostic underlines all of "(a+b)");
        // a number or name keeps its own span, which is where its gradient is reported.
        var parenthesized = Map(
            (open, inner, close) => inner is NumberExpr or NameExpr ? inner : inner with { Span = TextSpan.FromBounds(open.Span.Start, close.Span.End) },
            OpenParen, nested, CloseParen);

        var arguments = Map(
            (open, args, close) => (Args: args, Close: close.Span),
            OpenParen,
            new StackGuardParser<IEnumerable<Expr>>(Rec(() => expression!).Separated(Comma)),
            CloseParen);

        var nameOrCall = Map(
            (name, call) => call.HasValue
                ? new CallExpr(TextSpan.FromBounds(name.Span.Start, call.Value.Close.End), name.Name, name.Span, call.Value.Args.ToArray())
                : (Expr)name,
            Name,
            arguments.Optional());

        var atom = OneOf(Number.Cast<Expr>(), nameOrCall, parenthesized)
            .Labelled("a number, a name or '('");

        var power = Map(
            FoldPower,
            atom,
            Map((op, signs, operand) => (op, signs, operand), PowerOperator, PrefixOperator.Many(), atom).Many());

        var unary = Map(FoldPrefixes, PrefixOperator.Many(), power);

        var term = Map(FoldLeft, unary, Map((op, operand) => (op, operand), MultiplicativeOperator, unary).Many());

        expression = Map(FoldLeft, term, Map((op, operand) => (op, operand), AdditiveOperator, term).Many());
        return expression;
    }

    private static Expr FoldLeft(Expr first, IEnumerable<(OperatorToken Op, Expr Operand)> rest)
    {
        var left = first;
        foreach (var (op, right) in rest)
        {
            left = new BinaryExpr(left.Span.Cover(right.Span), ToBinary(op.Symbol), op.Span, left, right);
        }
        return left;
    }

    private static Expr FoldPrefixes(IEnumerable<OperatorToken> signs, Expr operand) => ApplyPrefixes(signs as IList<OperatorToken> ?? signs.ToList(), operand);

    private static Expr ApplyPrefixes(IList<OperatorToken> signs, Expr operand)
    {
        for (int i = signs.Count - 1; i >= 0; i--)
        {
            var sign = signs[i];
            var op = sign.Symbol == '-' ? UnaryOperator.Negate : UnaryOperator.Plus;
            operand = new UnaryExpr(sign.Span.Cover(operand.Span), op, sign.Span, operand);
        }
        return operand;
    }

    // a0 ^ s1 a1 ^ s2 a2 ... is a0 ^ s1(a1 ^ s2(a2 ^ ...)): folded from the right.
    private static Expr FoldPower(Expr first, IEnumerable<(OperatorToken Op, IEnumerable<OperatorToken> Signs, Expr Operand)> rest)
    {
        var links = rest as IList<(OperatorToken Op, IEnumerable<OperatorToken> Signs, Expr Operand)> ?? rest.ToList();
        if (links.Count == 0)
        {
            return first;
        }
        var last = links[^1];
        var accumulated = ApplyPrefixes(last.Signs as IList<OperatorToken> ?? last.Signs.ToList(), last.Operand);
        for (int i = links.Count - 2; i >= -1; i--)
        {
            var left = i >= 0 ? links[i].Operand : first;
            var op = links[i + 1].Op;
            Expr power = new BinaryExpr(left.Span.Cover(accumulated.Span), BinaryOperator.Power, op.Span, left, accumulated);
            accumulated = i >= 0 ? ApplyPrefixes(links[i].Signs as IList<OperatorToken> ?? links[i].Signs.ToList(), power) : power;
        }
        return accumulated;
    }

    private static BinaryOperator ToBinary(char symbol) => symbol switch
    {
        '+' => BinaryOperator.Add,
        '-' => BinaryOperator.Subtract,
        '*' => BinaryOperator.Multiply,
        '/' => BinaryOperator.Divide,
        '^' => BinaryOperator.Power,
        _ => throw new System.Diagnostics.UnreachableException($"Unknown operator {symbol}"),
    };

    // ---- Lines ---------------------------------------------------------------------------------------

    private static readonly Parser<char, Unit> Comment = Char('#').Then(AnyCharExcept().SkipMany()).Labelled("a comment");

    private static readonly Parser<char, Unit> LineEnd = Comment.Optional().Then(End).Labelled("the end of the line");

    /// <summary>A statement before assignment is checked: the left side and, after '=', the right side.</summary>
    public static readonly Parser<char, (Expr Left, Maybe<(OperatorToken Equal, Expr Right)> Assigned)> Statement =
        Map((left, assigned) => (left, assigned), Expression, Map((eq, right) => (eq, right), Equal, Expression).Optional());

    private static readonly Parser<char, CommandOption> Option = Map(
        (name, eq, number) => new CommandOption(name.Name, name.Span, number.Value, number.Span),
        Name, Equal, Number);

    private static readonly Parser<char, CommandTarget> Target = Map(
        (start, arrow, path, end) => new CommandTarget(path.Trim(), TextSpan.FromBounds(start + 1, end)),
        CurrentOffset, Char('>'), AnyCharExcept('#').ManyString(), CurrentOffset);

    private static readonly Parser<char, string> RestOfLine = AnyCharExcept('#').ManyString();

    private static readonly Parser<char, CommandStatement> Command =
        Map((colon, name) => (colon, name), Char(':').Then(CurrentOffset), Name)
        .Bind(head => CommandSyntax.TakesExpression(head.name.Name) ? ExpressionCommandTail(head.colon - 1, head.name) : TextCommandTail(head.colon - 1, head.name));

    private static Parser<char, CommandStatement> ExpressionCommandTail(int colon, NameExpr name) => Map(
        (expr, options, target, end) => new CommandStatement(
            TextSpan.FromBounds(colon, end), name.Name, name.Span, "", expr.Span)
        {
            Expression = expr,
            Options = options.ToArray(),
            Target = target.HasValue ? target.Value : null,
        },
        Expression, Option.Many(), Target.Optional(), CurrentOffset);

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
