using System.Diagnostics.CodeAnalysis;
using Backprop.Lang.Diagnostics;
using Backprop.Lang.Text;
using Pidgin;

namespace Backprop.Lang.Syntax;

// The expression grammar's levels as Pidgin parsers written against ParseState directly (Pidgin's
// documented extension point), rather than composed from Many/Map/OneOf. Each level is one loop that
// peeks at the next character, so a term costs a handful of calls instead of a few dozen combinator
// frames with a pooled list each, and a level of parentheses costs six stack frames. Measured on a
// 2.75 MB line: 1.5 MB/s with combinators; see README for the figure with these.

/// <summary>A fixed set of operator spellings (longest first) and what each stands for.</summary>
internal sealed class OperatorTable<T>(params (string Text, T Operator)[] spellings)
{
    // Most calls find no operator (a chain ends at every term), so the first character decides cheaply.
    private readonly System.Buffers.SearchValues<char> _firstCharacters = System.Buffers.SearchValues.Create(string.Concat(spellings.Select(s => s.Text[0]).Distinct()));

    public bool TryMatch(ref ParseState<char> state, out T op, out TextSpan span)
    {
        var rest = state.LookAhead(2);
        if (rest.Length == 0 || !_firstCharacters.Contains(rest[0]))
        {
            op = default!;
            span = default;
            return false;
        }
        foreach (var (text, value) in spellings)
        {
            if (rest.StartsWith(text))
            {
                int start = (int)state.Location;
                state.Advance(text.Length);
                Scan.SkipSpaces(ref state);
                op = value;
                span = new TextSpan(start, text.Length);
                return true;
            }
        }
        op = default!;
        span = default;
        return false;
    }
}

/// <summary><c>operand (op operand)*</c>, folded to the left as it is read.</summary>
internal sealed class LeftChainParser(Parser<char, Expr> operand, OperatorTable<BinaryOperator> operators) : Parser<char, Expr>
{
    public override bool TryParse(ref ParseState<char> state, ref PooledList<Expected<char>> expecteds, [MaybeNullWhen(false)] out Expr result)
    {
        if (!operand.TryParse(ref state, ref expecteds, out var left))
        {
            result = null;
            return false;
        }
        while (operators.TryMatch(ref state, out var op, out var span))
        {
            if (!operand.TryParse(ref state, ref expecteds, out var right))
            {
                result = null;
                return false;
            }
            left = new BinaryExpr(left.Span.Cover(right.Span), op, span, left, right);
        }
        result = left;
        return true;
    }
}

/// <summary><c>('-' | '+')* power</c>: signs bind looser than <c>^</c>, so <c>-2^2</c> is <c>-(2^2)</c>.</summary>
internal sealed class PrefixParser(Parser<char, Expr> power, OperatorTable<UnaryOperator> signs) : Parser<char, Expr>
{
    public override bool TryParse(ref ParseState<char> state, ref PooledList<Expected<char>> expecteds, [MaybeNullWhen(false)] out Expr result)
    {
        List<(UnaryOperator Op, TextSpan Span)>? read = null;
        while (signs.TryMatch(ref state, out var op, out var span))
        {
            (read ??= []).Add((op, span));
        }
        if (!power.TryParse(ref state, ref expecteds, out result))
        {
            return false;
        }
        if (read is not null)
        {
            for (int i = read.Count - 1; i >= 0; i--)
            {
                result = new UnaryExpr(read[i].Span.Cover(result.Span), read[i].Op, read[i].Span, result);
            }
        }
        return true;
    }
}

/// <summary>
/// <c>atom (('^' | '**') ('-' | '+')* atom)*</c>, right-associative: <c>a ^ -b ^ c</c> is <c>a ^ (-(b ^ c))</c>.
/// The links are read left to right and folded from the right, without recursion.
/// </summary>
internal sealed class PowerParser(Parser<char, Expr> atom, OperatorTable<BinaryOperator> power, OperatorTable<UnaryOperator> signs) : Parser<char, Expr>
{
    public override bool TryParse(ref ParseState<char> state, ref PooledList<Expected<char>> expecteds, [MaybeNullWhen(false)] out Expr result)
    {
        if (!atom.TryParse(ref state, ref expecteds, out var first))
        {
            result = null;
            return false;
        }
        List<(TextSpan Op, List<(UnaryOperator Op, TextSpan Span)>? Signs, Expr Operand)>? links = null;
        while (power.TryMatch(ref state, out _, out var opSpan))
        {
            List<(UnaryOperator, TextSpan)>? read = null;
            while (signs.TryMatch(ref state, out var sign, out var signSpan))
            {
                (read ??= []).Add((sign, signSpan));
            }
            if (!atom.TryParse(ref state, ref expecteds, out var operand))
            {
                result = null;
                return false;
            }
            (links ??= []).Add((opSpan, read, operand));
        }
        if (links is null)
        {
            result = first;
            return true;
        }
        var accumulated = WithSigns(links[^1].Signs, links[^1].Operand);
        for (int i = links.Count - 2; i >= -1; i--)
        {
            var left = i >= 0 ? links[i].Operand : first;
            Expr raised = new BinaryExpr(left.Span.Cover(accumulated.Span), BinaryOperator.Power, links[i + 1].Op, left, accumulated);
            accumulated = i >= 0 ? WithSigns(links[i].Signs, raised) : raised;
        }
        result = accumulated;
        return true;
    }

    private static Expr WithSigns(List<(UnaryOperator Op, TextSpan Span)>? signs, Expr operand)
    {
        if (signs is null) return operand;
        for (int i = signs.Count - 1; i >= 0; i--)
        {
            operand = new UnaryExpr(signs[i].Span.Cover(operand.Span), signs[i].Op, signs[i].Span, operand);
        }
        return operand;
    }
}

/// <summary>
/// <c>number | name | name '(' args ')' | '(' expr ')'</c>, chosen by the first character, so nothing is
/// tried and undone. Parentheses and arguments recurse into the whole expression; the recursion checks
/// the stack first and fails with a diagnostic rather than overflow.
/// </summary>
internal sealed class AtomParser(Parser<char, NumberExpr> number, Parser<char, NameExpr> name, Func<Parser<char, Expr>> expression) : Parser<char, Expr>
{
    private static readonly Expected<char> Expected = new("a number, a name or '('");
    private static readonly Expected<char> CloseExpected = new("')'");
    private static readonly Expected<char> CommaOrClose = new("',' or ')'");

    private Parser<char, Expr>? _expression;

    public override bool TryParse(ref ParseState<char> state, ref PooledList<Expected<char>> expecteds, [MaybeNullWhen(false)] out Expr result)
    {
        var next = state.LookAhead(1);
        if (next.Length == 0)
        {
            return Scan.Fail(ref state, ref expecteds, Expected, null, out result);
        }
        char c = next[0];
        if (char.IsAsciiDigit(c))
        {
            bool ok = number.TryParse(ref state, ref expecteds, out var literal);
            result = literal;
            return ok;
        }
        if (Scan.IsNameStart(c))
        {
            if (!name.TryParse(ref state, ref expecteds, out var called))
            {
                result = null;
                return false;
            }
            if (!Peek(ref state, '('))
            {
                result = called;
                return true;
            }
            return Call(ref state, ref expecteds, called, out result);
        }
        if (c == '(')
        {
            int open = (int)state.Location;
            state.Advance();
            Scan.SkipSpaces(ref state);
            if (!Nested(ref state, ref expecteds, out var inner))
            {
                result = null;
                return false;
            }
            if (!Expect(ref state, ref expecteds, ')', CloseExpected))
            {
                result = null;
                return false;
            }
            // A compound expression's span takes in its parentheses (a diagnostic underlines all of "(a+b)");
            // a number or name keeps its own span, which is where its gradient is reported.
            result = inner is NumberExpr or NameExpr ? inner : inner with { Span = TextSpan.FromBounds(open, (int)state.Location) };
            Scan.SkipSpaces(ref state);
            return true;
        }
        return Scan.Fail(ref state, ref expecteds, Expected, null, out result);
    }

    private bool Call(ref ParseState<char> state, ref PooledList<Expected<char>> expecteds, NameExpr function, [MaybeNullWhen(false)] out Expr result)
    {
        state.Advance();
        Scan.SkipSpaces(ref state);
        // Calls take one or two arguments: keep those in locals and only build a list for more.
        Expr? first = null, second = null;
        List<Expr>? more = null;
        int count = 0;
        if (!Peek(ref state, ')'))
        {
            do
            {
                if (!Nested(ref state, ref expecteds, out var argument))
                {
                    result = null;
                    return false;
                }
                switch (count++)
                {
                    case 0: first = argument; break;
                    case 1: second = argument; break;
                    default: (more ??= []).Add(argument); break;
                }
            }
            while (Skip(ref state, ','));
        }
        if (!Expect(ref state, ref expecteds, ')', count > 0 ? CommaOrClose : CloseExpected))
        {
            result = null;
            return false;
        }
        Expr[] arguments = count switch
        {
            0 => [],
            1 => [first!],
            2 => [first!, second!],
            _ => [first!, second!, .. more!],
        };
        result = new CallExpr(TextSpan.FromBounds(function.Span.Start, (int)state.Location), function.Name, function.Span, arguments);
        Scan.SkipSpaces(ref state);
        return true;
    }

    private bool Nested(ref ParseState<char> state, ref PooledList<Expected<char>> expecteds, [MaybeNullWhen(false)] out Expr result)
    {
        if (!System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            return Scan.Fail(ref state, ref expecteds, Expected, Messages.NestedTooDeeply(SyntaxParser.MaxNesting), out result);
        }
        _expression ??= expression();
        return _expression.TryParse(ref state, ref expecteds, out result);
    }

    private static bool Peek(ref ParseState<char> state, char c)
    {
        var next = state.LookAhead(1);
        return next.Length > 0 && next[0] == c;
    }

    private static bool Skip(ref ParseState<char> state, char c)
    {
        if (!Peek(ref state, c)) return false;
        state.Advance();
        Scan.SkipSpaces(ref state);
        return true;
    }

    /// <summary>Consumes <paramref name="c"/> (without the spaces after it), or fails expecting it.</summary>
    private static bool Expect(ref ParseState<char> state, ref PooledList<Expected<char>> expecteds, char c, Expected<char> expected)
    {
        if (Peek(ref state, c))
        {
            state.Advance();
            return true;
        }
        return Scan.Fail(ref state, ref expecteds, expected, null, out Unit _);
    }
}
