using Backprop.Lang.Diagnostics;
using Backprop.Lang.Evaluation;
using Backprop.Lang.Text;
using Pidgin;

namespace Backprop.Lang.Syntax;

/// <summary>A line after parsing: a statement (none for a blank or comment line) or the diagnostics that stopped it.</summary>
public sealed record ParsedLine(SourceLine Source, Statement? Statement, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}

/// <summary>
/// The one entry point to the grammar. Nothing in it recurses, so depth is limited only by
/// <see cref="MaxNesting"/>, checked before parsing: beyond it a diagnostic, without parsing. Pidgin's
/// errors become diagnostics here and nowhere else.
/// </summary>
public static class SyntaxParser
{
    /// <summary>The deepest nesting of parentheses (and function calls) a line may have.</summary>
    public const int MaxNesting = 200_000;

    public static IEnumerable<ParsedLine> ParseScript(string text, string path = "<input>", int firstLine = 1) =>
        SourceLine.Split(text, path, firstLine).Select(ParseLine);

    public static ParsedLine ParseLine(string text, string path = "<input>", int number = 1) =>
        ParseLine(new SourceLine(path, number, text));

    public static ParsedLine ParseLine(SourceLine line)
    {
        // The grammar reads full-width characters as ASCII (１＋２ is 1+2); spans are the same in both texts.
        string read = WidthFold.Fold(line.Text);
        int tooDeepAt = FirstTooDeep(read);
        if (tooDeepAt >= 0)
        {
            return Failed(line, new TextSpan(tooDeepAt, 1), Messages.NestedTooDeeply(MaxNesting));
        }
        var result = Grammar.Line.Parse(read);
        if (!result.Success)
        {
            return new ParsedLine(line, null, [ParseErrors.ToDiagnostic(line, read, result.Error!)]);
        }
        return result.Value.HasValue ? Check(line, result.Value.Value) : new ParsedLine(line, null, []);
    }

    /// <summary>Parses a bare expression (no statement or command around it), as the API's convenience calls do.</summary>
    public static (Expr? Expr, IReadOnlyList<Diagnostic> Diagnostics) ParseExpression(SourceLine line)
    {
        var parsed = ParseLine(line);
        return parsed.Statement switch
        {
            _ when parsed.HasErrors => (null, parsed.Diagnostics),
            ExprStatement e => (e.Expr, parsed.Diagnostics),
            null => (null, [new Diagnostic(Severity.Error, line, new TextSpan(line.Text.Length, 0), Messages.ExpectedExpression)]),
            var other => (null, [new Diagnostic(Severity.Error, line, other.Span, Messages.NotAnExpression)]),
        };
    }

    private static ParsedLine Check(SourceLine line, LineSyntax syntax)
    {
        if (syntax.Command is { } command)
        {
            return new ParsedLine(line, command, []);
        }
        var left = syntax.Left!;
        if (syntax.Assigned is not { } assigned)
        {
            return new ParsedLine(line, new ExprStatement(left), []);
        }
        if (left is CallExpr call && assigned.Equal.Symbol == '=')
        {
            return Define(line, call, assigned.Right);
        }
        if (left is not NameExpr name)
        {
            return Failed(line, left.Span, Messages.AssignToNonName(line.ToString(left.Span)));
        }
        if (Functions.IsFunction(name.Name))
        {
            return Failed(line, name.Span, Messages.AssignToFunction(name.Name));
        }
        var span = name.Span.Cover(assigned.Right.Span);
        return new ParsedLine(line, new AssignmentStatement(span, name.Name, name.Span, CompoundAssignment.Value(name, assigned.Equal, assigned.Right)), []);
    }

    // f(x, y) = body: the parameters must be distinct names, and neither the function nor a parameter may take a
    // built-in function's name (which user functions and names share the table of).
    private static ParsedLine Define(SourceLine line, CallExpr call, Expr body)
    {
        if (Functions.IsFunction(call.Function))
        {
            return Failed(line, call.NameSpan, Messages.RedefineBuiltIn(call.Function));
        }
        var parameters = new List<NameExpr>(call.Arguments.Count);
        foreach (var argument in call.Arguments)
        {
            if (argument is not NameExpr parameter)
            {
                return Failed(line, argument.Span, Messages.ParameterNotAName(line.ToString(argument.Span)));
            }
            if (Functions.IsFunction(parameter.Name))
            {
                return Failed(line, parameter.Span, Messages.ParameterIsBuiltIn(parameter.Name));
            }
            if (parameters.Any(p => p.Name == parameter.Name))
            {
                return Failed(line, parameter.Span, Messages.ParameterTwice(parameter.Name));
            }
            parameters.Add(parameter);
        }
        return new ParsedLine(line, new FunctionDefinition(call.Span.Cover(body.Span), call.Function, call.NameSpan, parameters, body), []);
    }

    private static ParsedLine Failed(SourceLine line, TextSpan span, string message) =>
        new(line, null, [new Diagnostic(Severity.Error, line, span, message)]);

    /// <summary>Where the line's nesting of '(' (comments excluded) first passes <see cref="MaxNesting"/>, or -1.</summary>
    internal static int FirstTooDeep(string text)
    {
        int depth = 0;
        // Jumps from bracket to bracket with a vectorised search: most of a long line is neither.
        for (int i = text.AsSpan().IndexOfAny(NestingCharacters); i >= 0; i = NextNesting(text, i + 1))
        {
            char c = text[i];
            if (c == '#')
            {
                return -1;
            }
            if (c == '(')
            {
                if (++depth > MaxNesting) return i;
            }
            else if (depth > 0)
            {
                depth--;
            }
        }
        return -1;
    }

    private static readonly System.Buffers.SearchValues<char> NestingCharacters = System.Buffers.SearchValues.Create("()#");

    private static int NextNesting(string text, int from) => text.AsSpan(from).IndexOfAny(NestingCharacters) is var found and >= 0 ? from + found : -1;
}
