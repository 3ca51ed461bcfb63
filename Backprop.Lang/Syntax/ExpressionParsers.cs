using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using Backprop.Lang.Text;
using Pidgin;

namespace Backprop.Lang.Syntax;

// The expression grammar as one Pidgin parser written against ParseState directly (Pidgin's documented
// extension point) rather than composed from Many/Map/OneOf or one parser per level calling the next. It
// reads operands and operators left to right and keeps what is still open (operators waiting for their
// right side, parentheses, calls) on explicit stacks: no input, however deeply nested, makes it recurse,
// and a term costs a few calls instead of a few dozen combinator frames. See README for its speed.

/// <summary>
/// One row of the operator-precedence table: the binary operators of one level and which way a chain of them
/// groups, or the prefix signs.
/// </summary>
internal sealed record PrecedenceLevel(bool RightAssociative, (string Text, BinaryOperator Operator)[] Binary, (string Text, UnaryOperator Operator)[] Signs)
{
    public static PrecedenceLevel Left(params (string, BinaryOperator)[] spellings) => new(false, spellings, []);
    public static PrecedenceLevel Right(params (string, BinaryOperator)[] spellings) => new(true, spellings, []);
    public static PrecedenceLevel Prefix(params (string, UnaryOperator)[] spellings) => new(false, [], spellings);
}

/// <summary>A fixed set of operator spellings and what each stands for; the longest spelling that fits wins.</summary>
internal sealed class OperatorTable<T>
{
    // The spellings that start with each ASCII character, longest first; most calls find none (a chain ends
    // at every term), and a '+' need not be tried against "**" first. The few others are tried in turn.
    private readonly (string Text, T Operator)[]?[] _byFirstCharacter = new (string, T)[]?[128];
    private readonly (string Text, T Operator)[] _others;

    // For the binary operators: '+=' and its kin end the expression, as they are the statement's (x += 1), not an
    // operator and a stray '='. Checked on the two characters already looked at, so it costs the hot path nothing.
    private readonly bool _stopsAtCompoundAssignment;

    public OperatorTable(IEnumerable<(string Text, T Operator)> spellings, bool stopsAtCompoundAssignment = false)
    {
        _stopsAtCompoundAssignment = stopsAtCompoundAssignment;
        spellings = spellings.OrderByDescending(s => s.Text.Length).ToArray();
        foreach (var group in spellings.Where(s => s.Text[0] < 128).GroupBy(s => s.Text[0]))
        {
            _byFirstCharacter[group.Key] = [.. group];
        }
        _others = [.. spellings.Where(s => s.Text[0] >= 128)];
    }

    public bool TryMatch(ref ParseState<char> state, out T op, out TextSpan span)
    {
        var rest = state.LookAhead(2);
        var candidates = rest.Length == 0 ? null : rest[0] < 128 ? _byFirstCharacter[rest[0]] : _others;
        if (candidates is not null)
        {
            foreach (var (text, value) in candidates)
            {
                if (rest.StartsWith(text))
                {
                    if (_stopsAtCompoundAssignment && rest.Length == 2 && rest[1] == '=' && CompoundAssignment.IsOperator(rest[0]))
                    {
                        break;
                    }
                    int start = (int)state.Location;
                    state.Advance(text.Length);
                    Scan.SkipSpaces(ref state);
                    op = value;
                    span = new TextSpan(start, text.Length);
                    return true;
                }
            }
        }
        op = default!;
        span = default;
        return false;
    }
}

/// <summary>
/// <code>
/// expr  := term (('+' | '-') term)*            left-associative
/// term  := unary (('*' | '/') unary)*          left-associative
/// unary := ('-' | '+')* power                  so -2^2 = -(2^2)
/// power := atom (('^' | '**') ('-' | '+')* atom)*   right-associative: a ^ -b ^ c = a ^ (-(b ^ c))
/// atom  := number | name | name '(' (expr (',' expr)*)? ')' | '(' expr ')'
/// </code>
/// read by precedence, from the table it is given (loosest level first): each operator waits on the pending
/// stack until one that binds no tighter (looser, after a right-associative one) comes. A parenthesis or a
/// call waits there too, and closes everything opened after it. Every choice is made by the next
/// character, so nothing is tried and undone.
/// </summary>
internal sealed class ExpressionParser(Parser<char, NumberExpr> number, Parser<char, NameExpr> name, IReadOnlyList<PrecedenceLevel> levels)
    : Parser<char, Expr>
{
    private static readonly Expected<char> Expected = new("a number, a name or '('");
    private static readonly Expected<char> ClosingQuote = new("'\"' to close the string");
    private static readonly Expected<char> CloseExpected = new("')'");
    private static readonly Expected<char> CommaOrClose = new("',' or ')'");
    private static readonly Expected<char> CommaOrBracket = new("',' or ']'");
    private static readonly Expected<char> IndexExpected = new("an index (a whole number) or ':'");
    private static readonly Expected<char> TransposeExpected = new("'T' after '.' (X.T is X transposed)");

    // Precedence is the level's place in the table, counted from 1 (0 marks a parenthesis or a call).
    private readonly OperatorTable<(BinaryOperator Operator, byte Precedence, bool RightAssociative)> _operators = new(
        levels.SelectMany((level, i) => level.Binary.Select(s => (s.Text, (s.Operator, (byte)(i + 1), level.RightAssociative)))),
        stopsAtCompoundAssignment: true);

    private readonly OperatorTable<(UnaryOperator Operator, byte Precedence)> _signs = new(
        levels.SelectMany((level, i) => level.Signs.Select(s => (s.Text, (s.Operator, (byte)(i + 1))))));

    // Bracket: a '[' whose elements are being read; Named: 'name =' inside a call, waiting for its value.
    private enum Kind : byte { Binary, Sign, Parenthesis, Call, Bracket, Named }

    /// <summary>Something read whose right side or closing is still to come.</summary>
    /// <param name="Operator">A <see cref="BinaryOperator"/> or a <see cref="UnaryOperator"/>, by <paramref name="Kind"/>.</param>
    /// <param name="Span">The operator or sign; for a parenthesis, the '(' itself.</param>
    /// <param name="FirstArgument">For a call, where its arguments start on the operand stack.</param>
    private readonly record struct Pending(Kind Kind, byte Precedence, byte Operator, TextSpan Span, NameExpr? Function = null, int FirstArgument = 0)
    {
        public bool IsOperator => Kind is Kind.Binary or Kind.Sign;
    }

    public override bool TryParse(ref ParseState<char> state, ref PooledList<Expected<char>> expecteds, [MaybeNullWhen(false)] out Expr result)
    {
        var operands = new List<Expr>();
        var pending = new List<Pending>();
        result = null;
        // True where a call's argument starts, the one place 'name =' is a named argument (sum(X, axis=0)).
        bool argumentStart = false;
        while (true)
        {
            bool atArgument = argumentStart;
            argumentStart = false;
            // An operand, after any signs.
            while (_signs.TryMatch(ref state, out var sign, out var signSpan))
            {
                pending.Add(new Pending(Kind.Sign, sign.Precedence, (byte)sign.Operator, signSpan));
                atArgument = false;
            }
            var next = state.LookAhead(1);
            char c = next.Length > 0 ? next[0] : '\0';   // not a digit, a letter or '(': the end fails below
            if (char.IsAsciiDigit(c))
            {
                if (!number.TryParse(ref state, ref expecteds, out var literal)) return false;
                operands.Add(literal);
            }
            else if (Scan.IsNameStart(c))
            {
                if (!name.TryParse(ref state, ref expecteds, out var called)) return false;
                if (atArgument && IsNamedArgument(ref state))
                {
                    state.Advance();
                    Scan.SkipSpaces(ref state);
                    pending.Add(new Pending(Kind.Named, 0, 0, called.Span, called));
                    continue;
                }
                if (!Peek(ref state, '('))
                {
                    operands.Add(called);
                }
                else
                {
                    state.Advance();
                    Scan.SkipSpaces(ref state);
                    if (!Peek(ref state, ')'))
                    {
                        pending.Add(new Pending(Kind.Call, 0, 0, called.Span, called, operands.Count));
                        argumentStart = true;
                        continue;
                    }
                    state.Advance();
                    operands.Add(new CallExpr(TextSpan.FromBounds(called.Span.Start, (int)state.Location), called.Name, called.Span, []));
                    Scan.SkipSpaces(ref state);
                }
                if (!Postfix(ref state, ref expecteds, operands)) return false;
            }
            else if (c == '[')
            {
                int open = (int)state.Location;
                state.Advance();
                Scan.SkipSpaces(ref state);
                if (Peek(ref state, ']'))
                {
                    state.Advance();
                    operands.Add(new ListExpr(TextSpan.FromBounds(open, (int)state.Location), []));
                    Scan.SkipSpaces(ref state);
                    if (!Postfix(ref state, ref expecteds, operands)) return false;
                }
                else
                {
                    pending.Add(new Pending(Kind.Bracket, 0, 0, new TextSpan(open, 1), null, operands.Count));
                    continue;
                }
            }
            else if (c == '"')
            {
                var text = StringLiteral(ref state);
                if (!text.Closed) return Scan.Fail(ref state, ref expecteds, ClosingQuote, null, out result);
                operands.Add(text);
                Scan.SkipSpaces(ref state);
            }
            else if (c == '(')
            {
                pending.Add(new Pending(Kind.Parenthesis, 0, 0, new TextSpan((int)state.Location, 1)));
                state.Advance();
                Scan.SkipSpaces(ref state);
                continue;
            }
            else
            {
                return Scan.Fail(ref state, ref expecteds, Expected, null, out result);
            }

            // What follows an operand: an operator (then the next operand), or the end of what encloses it.
            while (true)
            {
                if (_operators.TryMatch(ref state, out var op, out var opSpan))
                {
                    while (pending.Count > 0 && Top(pending) is { IsOperator: true } top
                        && (top.Precedence > op.Precedence || (top.Precedence == op.Precedence && !op.RightAssociative)))
                    {
                        Reduce(operands, pending);
                    }
                    pending.Add(new Pending(Kind.Binary, op.Precedence, (byte)op.Operator, opSpan));
                    break;
                }
                while (pending.Count > 0 && Top(pending).IsOperator)
                {
                    Reduce(operands, pending);
                }
                if (pending.Count == 0)
                {
                    result = operands[0];
                    return true;
                }
                var open = Top(pending);
                if (open.Kind == Kind.Named)
                {
                    pending.RemoveAt(pending.Count - 1);
                    var value = operands[^1];
                    operands[^1] = new NamedArgumentExpr(open.Span.Cover(value.Span), open.Function!.Name, open.Span, value);
                    continue;
                }
                if (open.Kind == Kind.Bracket)
                {
                    if (Skip(ref state, ','))
                    {
                        break;
                    }
                    if (!Expect(ref state, ref expecteds, ']', CommaOrBracket)) return false;
                    pending.RemoveAt(pending.Count - 1);
                    var elements = CollectionsMarshal.AsSpan(operands)[open.FirstArgument..].ToArray();
                    operands.RemoveRange(open.FirstArgument, elements.Length);
                    operands.Add(new ListExpr(TextSpan.FromBounds(open.Span.Start, (int)state.Location), elements));
                    Scan.SkipSpaces(ref state);
                    if (!Postfix(ref state, ref expecteds, operands)) return false;
                    continue;
                }
                if (open.Kind == Kind.Parenthesis)
                {
                    if (!Expect(ref state, ref expecteds, ')', CloseExpected)) return false;
                    pending.RemoveAt(pending.Count - 1);
                    // A compound expression's span takes in its parentheses (a diagnostic underlines all of
                    // "(a+b)"); a number or name keeps its own span, which is where its gradient is reported.
                    var inner = operands[^1];
                    if (inner is not (NumberExpr or NameExpr))
                    {
                        operands[^1] = inner with { Span = TextSpan.FromBounds(open.Span.Start, (int)state.Location) };
                    }
                    Scan.SkipSpaces(ref state);
                    if (!Postfix(ref state, ref expecteds, operands)) return false;
                    continue;
                }
                if (Skip(ref state, ','))
                {
                    argumentStart = true;
                    break;
                }
                if (!Expect(ref state, ref expecteds, ')', CommaOrClose)) return false;
                pending.RemoveAt(pending.Count - 1);
                var function = open.Function!;
                var arguments = CollectionsMarshal.AsSpan(operands)[open.FirstArgument..].ToArray();
                operands.RemoveRange(open.FirstArgument, arguments.Length);
                operands.Add(new CallExpr(TextSpan.FromBounds(function.Span.Start, (int)state.Location), function.Name, function.Span, arguments));
                Scan.SkipSpaces(ref state);
                if (!Postfix(ref state, ref expecteds, operands)) return false;
            }
        }
    }

    // "..." up to the next quote or the end of the line (then it is not Closed: lowering says so, at the string).
    private static StringExpr StringLiteral(ref ParseState<char> state)
    {
        int open = (int)state.Location;
        state.Advance();
        var text = new System.Text.StringBuilder();
        while (true)
        {
            var next = state.LookAhead(1);
            if (next.Length == 0 || next[0] is '\n' or '\r')
            {
                return new StringExpr(TextSpan.FromBounds(open, (int)state.Location), text.ToString(), Closed: false);
            }
            state.Advance();
            if (next[0] == '"')
            {
                return new StringExpr(TextSpan.FromBounds(open, (int)state.Location), text.ToString());
            }
            text.Append(next[0]);
        }
    }

    // 'name =' but not 'name ==' (the name and its spaces are already read).
    private static bool IsNamedArgument(ref ParseState<char> state)
    {
        var next = state.LookAhead(2);
        return next.Length > 0 && next[0] == '=' && (next.Length == 1 || next[1] != '=');
    }

    /// <summary>
    /// What may follow an operand and binds tighter than anything: <c>[index]</c> and <c>.T</c>, any number of them
    /// (<c>X.T[0]</c>). Each wraps the operand on top of the stack; a loop, as deep as the postfixes written.
    /// </summary>
    private static bool Postfix(ref ParseState<char> state, ref PooledList<Expected<char>> expecteds, List<Expr> operands)
    {
        while (true)
        {
            var next = state.LookAhead(3);
            if (next.Length >= 2 && next[0] == '.' && !char.IsAsciiDigit(next[1]))
            {
                if (next[1] != 'T' || (next.Length == 3 && Scan.IsNamePart(next[2])))
                {
                    return Scan.Fail(ref state, ref expecteds, TransposeExpected, null, out Unit _);
                }
                int start = (int)state.Location;
                state.Advance(2);
                var target = operands[^1];
                operands[^1] = new CallExpr(TextSpan.FromBounds(target.Span.Start, start + 2), "transpose", new TextSpan(start, 2), [target]);
                Scan.SkipSpaces(ref state);
                continue;
            }
            if (next.Length == 0 || next[0] != '[')
            {
                return true;
            }
            state.Advance();
            Scan.SkipSpaces(ref state);
            var items = new List<Layers.IndexItem>();
            var spans = new List<TextSpan>();
            while (true)
            {
                int itemStart = (int)state.Location;
                int? first = ReadInteger(ref state);
                bool slice = Skip(ref state, ':');
                int? stop = slice ? ReadInteger(ref state) : null;
                if (first is null && !slice)
                {
                    return Scan.Fail(ref state, ref expecteds, IndexExpected, null, out Unit _);
                }
                items.Add(new Layers.IndexItem(slice, first, stop));
                spans.Add(TextSpan.FromBounds(itemStart, Math.Max(itemStart + 1, (int)state.Location)));
                if (Skip(ref state, ',')) continue;
                if (!Expect(ref state, ref expecteds, ']', CommaOrBracket)) return false;
                break;
            }
            var indexed = operands[^1];
            operands[^1] = new IndexExpr(TextSpan.FromBounds(indexed.Span.Start, (int)state.Location), indexed, items, spans);
            Scan.SkipSpaces(ref state);
        }
    }

    // An optionally signed whole number, then spaces; null (nothing read) when there is none. Too large for an int
    // reads as int.MaxValue, which every axis is smaller than: out of range, as it should be.
    private static int? ReadInteger(ref ParseState<char> state)
    {
        var rest = state.LookAhead(Scan.Rest);
        int i = 0;
        bool negative = false;
        if (i < rest.Length && rest[i] is '-' or '+' or '−')
        {
            negative = rest[i] != '+';
            i++;
        }
        int digitsStart = i;
        long value = 0;
        while (i < rest.Length && char.IsAsciiDigit(rest[i]))
        {
            value = Math.Min(int.MaxValue, value * 10 + (rest[i] - '0'));
            i++;
        }
        if (i == digitsStart) return null;
        state.Advance(i);
        Scan.SkipSpaces(ref state);
        return (int)(negative ? -value : value);
    }

    private static ref readonly Pending Top(List<Pending> pending) => ref CollectionsMarshal.AsSpan(pending)[^1];

    /// <summary>Applies the operator on top of the pending stack to the operands on top of theirs.</summary>
    private static void Reduce(List<Expr> operands, List<Pending> pending)
    {
        var op = Top(pending);
        pending.RemoveAt(pending.Count - 1);
        var right = operands[^1];
        if (op.Kind == Kind.Sign)
        {
            operands[^1] = new UnaryExpr(op.Span.Cover(right.Span), (UnaryOperator)op.Operator, op.Span, right);
            return;
        }
        operands.RemoveAt(operands.Count - 1);
        var left = operands[^1];
        operands[^1] = new BinaryExpr(left.Span.Cover(right.Span), (BinaryOperator)op.Operator, op.Span, left, right);
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
