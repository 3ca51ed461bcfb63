using Backprop.Lang.Diagnostics;
using Backprop.Lang.Text;
using Pidgin;

namespace Backprop.Lang.Syntax;

/// <summary>Turns Pidgin's <see cref="ParseError{TToken}"/> into a diagnostic a newcomer can act on.</summary>
internal static class ParseErrors
{
    /// <param name="read">The line as the grammar read it (full-width characters folded, <see cref="WidthFold"/>).</param>
    public static Diagnostic ToDiagnostic(SourceLine line, string read, ParseError<char> error)
    {
        string text = read;
        int at = Math.Clamp(error.ErrorOffset, 0, text.Length);
        var (span, message) = Explain(text, at, error);
        return new Diagnostic(Severity.Error, line, span, message);
    }

    private static (TextSpan, string) Explain(string text, int at, ParseError<char> error)
    {
        var here = new TextSpan(at, at < text.Length ? TokenLength(text, at) : 0);
        if (error.Message is { } custom && custom != "Failed")
        {
            return (here, custom);
        }

        int before = at - 1;
        while (before >= 0 && Scan.IsSpace(text[before])) before--;
        char? previous = before >= 0 ? text[before] : null;
        char? unexpected = at < text.Length ? text[at] : null;

        if (unexpected is { } c)
        {
            // 2x, 2(x+1), (a)(b), x y: two operands with nothing between them.
            if (previous is { } p && (Scan.IsNamePart(p) || p == ')') && (Scan.IsNamePart(c) || c == '('))
            {
                int leftStart = before;
                while (leftStart > 0 && (Scan.IsNamePart(text[leftStart - 1]) || text[leftStart - 1] == '.')) leftStart--;
                string left = p == ')' ? ")" : text[leftStart..(before + 1)];
                string right = c == '(' ? "(" : text.Substring(at, TokenLength(text, at));
                if (p != ')' && leftStart == 0 && Messages.Keyword(left) is { } keyword)
                {
                    // for i in 1..3, while x > 0, def f(x): a program of another language, not a product.
                    return (here, keyword);
                }
                if (p != ')' && c != '(' && (Evaluation.Functions.TryGet(left, out _) || Evaluation.Builtins.Names.Contains(left)))
                {
                    // sigmoid 0: a call without its parentheses, not a product.
                    return (here, Messages.CallWithoutParentheses(left, right));
                }
                return (here, Messages.MissingOperator(left, right));
            }
            if (c == ',' && previous is { } d && char.IsAsciiDigit(d) && before == at - 1 && at + 1 < text.Length && char.IsAsciiDigit(text[at + 1])
                && OpenParenthesesBefore(text, at) == 0)
            {
                int end = at + 1;
                while (end < text.Length && char.IsAsciiDigit(text[end])) end++;
                int start = before;
                while (start > 0 && char.IsAsciiDigit(text[start - 1])) start--;
                return (TextSpan.FromBounds(start, end), Messages.CommaDecimal(text[start..end]));
            }
            if (c == ')' && OpenParenthesesBefore(text, at) == 0)
            {
                return (here, Messages.UnmatchedClose);
            }
            if (c == '.' && previous is { } q && char.IsAsciiDigit(q) && before == at - 1)
            {
                return (here, Messages.SecondDecimalPoint);
            }
            if (c == '.' && at + 1 < text.Length && char.IsAsciiDigit(text[at + 1]))
            {
                return (here, Messages.LeadingDecimalPoint(text.Substring(at, TokenLength(text, at + 1) + 1)));
            }
            if (c == '=' && at + 1 < text.Length && text[at + 1] == '=')
            {
                return (new TextSpan(at, 2), Messages.DoubleEquals);
            }
            if (c == '=' && at > 0 && text[at - 1] == '=')
            {
                return (new TextSpan(at - 1, 2), Messages.DoubleEquals);
            }
            if (c == '=' && previous is null)
            {
                return (here, Messages.AssignmentWithoutName);
            }
            return (here, Messages.Unexpected(Describe(text, at), Expectations(error)));
        }

        if (MissingCommandExpression(text) is { } command)
        {
            return (new TextSpan(text.IndexOf(':'), command.Length + 1), Messages.MissingCommandExpression(command));
        }
        int open = LastUnclosedParenthesis(text);
        if (open >= 0 && Expectations(error).Contains("')'"))
        {
            return (new TextSpan(open, 1), Messages.UnclosedParenthesis);
        }
        return (here, Messages.UnexpectedEnd(Expectations(error)));
    }

    /// <summary>The name of an expression command written with nothing after it (":grad"), if that is the line.</summary>
    private static string? MissingCommandExpression(string text)
    {
        var line = text.AsSpan();
        int comment = line.IndexOf('#');
        line = (comment >= 0 ? line[..comment] : line).Trim();
        if (line.Length < 2 || line[0] != ':') return null;
        string name = line[1..].ToString();
        return CommandSyntax.TakesExpression(name) ? name : null;
    }

    private static int TokenLength(string text, int at)
    {
        if (at >= text.Length) return 0;
        if (char.IsHighSurrogate(text[at]) && at + 1 < text.Length) return 2;
        if (!Scan.IsNamePart(text[at])) return 1;
        int end = at;
        while (end < text.Length && Scan.IsNamePart(text[end])) end++;
        return end - at;
    }

    private static int OpenParenthesesBefore(string text, int at)
    {
        int depth = 0;
        for (int i = 0; i < at; i++)
        {
            if (text[i] == '(') depth++;
            else if (text[i] == ')' && depth > 0) depth--;
        }
        return depth;
    }

    private static int LastUnclosedParenthesis(string text)
    {
        var open = new Stack<int>();
        for (int i = 0; i < text.Length && text[i] != '#'; i++)
        {
            if (text[i] == '(') open.Push(i);
            else if (text[i] == ')' && open.Count > 0) open.Pop();
        }
        return open.Count > 0 ? open.Peek() : -1;
    }

    /// <summary>How to show a character in a message: quoted when printable, by code point when not.</summary>
    internal static string Describe(string text, int at)
    {
        char c = text[at];
        if (char.IsHighSurrogate(c) && at + 1 < text.Length && char.IsLowSurrogate(text[at + 1]))
        {
            return $"'{text.Substring(at, 2)}' (U+{char.ConvertToUtf32(c, text[at + 1]):X4})";
        }
        return c switch
        {
            '\0' => Messages.NulCharacter,
            '\t' => Messages.Tab,
            < ' ' or '\u007f' => Messages.ControlCharacter((int)c),
            > '\u007e' when Printable.IsInvisible(c) => Messages.InvisibleCharacter((int)c),
            > '\u007e' when char.IsSurrogate(c) || char.IsWhiteSpace(c) => $"U+{(int)c:X4}",
            > '\u007e' => $"'{c}' (U+{(int)c:X4})",
            _ => $"'{c}'",
        };
    }

    private static string Expectations(ParseError<char> error)
    {
        var names = new List<string>();
        foreach (var expected in error.Expected)
        {
            string name = expected.IsEof ? Messages.Expectation("the end of the line")
                : expected.Label is { } label ? Messages.Expectation(label)
                : Messages.OneOf(expected.Tokens.Select(t => $"'{t}'").ToList());
            if (name.Length > 0 && !names.Contains(name)) names.Add(name);
        }
        // "an operator" covers the end of an expression better than listing every symbol.
        return names.Count == 0 ? Messages.SomethingElse : Messages.OneOf(names);
    }
}
