using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using Backprop.Lang.Diagnostics;
using Backprop.Lang.Text;
using Pidgin;

namespace Backprop.Lang.Syntax;

// Hand-written Pidgin parsers for the tokens. Each scans the input span directly and skips the spaces
// after itself, so the grammar never backtracks and never builds intermediate strings. Written as
// Parser subclasses (Pidgin's documented extension point) because they sit on the hot path: a
// million-term line is mostly numbers, names and operators.

/// <summary>An operator token: which operator, and where it is.</summary>
internal readonly record struct OperatorToken(char Symbol, TextSpan Span);

internal static class Scan
{
    // Looking ahead "to the end" of a span-backed parse state is a slice; this bound only avoids overflow.
    public const int Rest = int.MaxValue / 2;

    public static bool IsSpace(char c) => c is ' ' or '\t' or '\v' or '\f' or '\u00A0' or '\u2009' or '\u3000';

    public static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_' || (c > 127 && char.IsLetter(c));

    public static bool IsNamePart(char c) => IsNameStart(c) || char.IsAsciiDigit(c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SkipSpaces(ref ParseState<char> state)
    {
        var rest = state.LookAhead(Rest);
        int i = 0;
        while (i < rest.Length && IsSpace(rest[i]))
        {
            i++;
        }
        if (i > 0)
        {
            state.Advance(i);
        }
    }

    public static bool Fail<T>(ref ParseState<char> state, ref PooledList<Expected<char>> expecteds, Expected<char> expected, string? message, out T result)
    {
        var rest = state.LookAhead(1);
        state.SetError(rest.Length > 0 ? Maybe.Just(rest[0]) : Maybe.Nothing<char>(), rest.Length == 0, state.Location, message);
        expecteds.Add(expected);
        result = default!;
        return false;
    }
}

/// <summary>Spaces and tabs; always succeeds.</summary>
internal sealed class SpacesParser : Parser<char, Unit>
{
    public override bool TryParse(ref ParseState<char> state, ref PooledList<Expected<char>> expecteds, out Unit result)
    {
        Scan.SkipSpaces(ref state);
        result = Unit.Value;
        return true;
    }
}

/// <summary>
/// An unsigned decimal literal: <c>digits ['.' digits] [('e'|'E') ['+'|'-'] digits]</c>, parsed with the
/// invariant culture. A sign is never part of a literal: <c>-2</c> is negation applied to <c>2</c>.
/// </summary>
internal sealed class NumberParser : Parser<char, NumberExpr>
{
    public static readonly Expected<char> Expected = new("a number");

    public override bool TryParse(ref ParseState<char> state, ref PooledList<Expected<char>> expecteds, [MaybeNullWhen(false)] out NumberExpr result)
    {
        var rest = state.LookAhead(Scan.Rest);
        int i = 0;
        while (i < rest.Length && char.IsAsciiDigit(rest[i])) i++;
        if (i == 0)
        {
            return Scan.Fail(ref state, ref expecteds, Expected, null, out result);
        }
        if (i < rest.Length && rest[i] == '.')
        {
            int afterPoint = ++i;
            while (i < rest.Length && char.IsAsciiDigit(rest[i])) i++;
            if (i == afterPoint)
            {
                return FailAt(ref state, ref expecteds, i, i, Messages.DigitsAfterPoint(rest[..i].ToString()), out result);
            }
        }
        if (i < rest.Length && rest[i] is 'e' or 'E')
        {
            int exponent = ++i;
            if (i < rest.Length && rest[i] is '+' or '-') i++;
            int digits = i;
            while (i < rest.Length && char.IsAsciiDigit(rest[i])) i++;
            if (i == digits)
            {
                return FailAt(ref state, ref expecteds, i, i, Messages.DigitsInExponent(rest[..exponent].ToString()), out result);
            }
        }

        var text = rest[..i];
        double value = DecimalLiteral.Parse(text);
        if (double.IsInfinity(value))
        {
            return FailAt(ref state, ref expecteds, 0, i, Messages.NumberTooLarge(text.ToString()), out result);
        }
        int start = (int)state.Location;
        string literal = StringPool.Intern(text);
        state.Advance(i);
        Scan.SkipSpaces(ref state);
        result = new NumberExpr(new TextSpan(start, i), value, literal);
        return true;
    }

    // The digits before the fault are consumed, so the statement cannot be taken for an empty line and
    // this message is the one reported, at the fault itself.
    private static bool FailAt(ref ParseState<char> state, ref PooledList<Expected<char>> expecteds, int offset, int consumed, string message, out NumberExpr result)
    {
        var rest = state.LookAhead(offset + 1);
        bool eof = rest.Length <= offset;
        long at = state.Location + offset;
        var unexpected = eof ? Maybe.Nothing<char>() : Maybe.Just(rest[offset]);
        state.Advance(consumed);
        state.SetError(unexpected, eof, at, message);
        expecteds.Add(Expected);
        result = null!;
        return false;
    }
}

/// <summary>A name: a letter or <c>_</c>, then letters, digits and <c>_</c>.</summary>
/// <remarks>
/// With <c>acceptsRevision</c> it also reads <c>x@4</c>, the name output gives a variable as it was assigned on line 4
/// before <c>x</c> was bound again, so such a name can be typed back where a command lists it (<c>wrt x@4</c>).
/// </remarks>
internal sealed class NameParser(bool acceptsRevision = false) : Parser<char, NameExpr>
{
    public static readonly Expected<char> Expected = new("a name");

    public override bool TryParse(ref ParseState<char> state, ref PooledList<Expected<char>> expecteds, [MaybeNullWhen(false)] out NameExpr result)
    {
        var rest = state.LookAhead(Scan.Rest);
        if (rest.Length == 0 || !Scan.IsNameStart(rest[0]))
        {
            return Scan.Fail(ref state, ref expecteds, Expected, null, out result);
        }
        int i = 1;
        while (i < rest.Length && Scan.IsNamePart(rest[i])) i++;
        if (acceptsRevision && i + 1 < rest.Length && rest[i] == '@' && char.IsAsciiDigit(rest[i + 1]))
        {
            i++;
            while (i < rest.Length && char.IsAsciiDigit(rest[i])) i++;
        }
        int start = (int)state.Location;
        string name = StringPool.Intern(rest[..i]);
        state.Advance(i);
        Scan.SkipSpaces(ref state);
        result = new NameExpr(new TextSpan(start, i), name);
        return true;
    }
}

/// <summary>One operator out of a fixed set (each entry one or two characters), then spaces.</summary>
internal sealed class OperatorParser : Parser<char, OperatorToken>
{
    private readonly (string Text, char Symbol)[] _operators;
    private readonly Expected<char> _expected;

    /// <param name="operators">Each spelling and the canonical symbol it stands for, longest spellings first.</param>
    public OperatorParser(string label, params (string Text, char Symbol)[] operators)
    {
        _operators = operators;
        _expected = new Expected<char>(label);
    }

    public override bool TryParse(ref ParseState<char> state, ref PooledList<Expected<char>> expecteds, out OperatorToken result)
    {
        var rest = state.LookAhead(2);
        foreach (var (text, symbol) in _operators)
        {
            if (rest.StartsWith(text))
            {
                int start = (int)state.Location;
                state.Advance(text.Length);
                Scan.SkipSpaces(ref state);
                result = new OperatorToken(symbol, new TextSpan(start, text.Length));
                return true;
            }
        }
        return Scan.Fail(ref state, ref expecteds, _expected, null, out result);
    }
}
