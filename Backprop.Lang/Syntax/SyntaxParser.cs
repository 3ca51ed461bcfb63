using System.Runtime.ExceptionServices;
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
/// The one entry point to the grammar. Pidgin recurses once per level of parentheses, so this checks
/// the nesting first: beyond <see cref="MaxNesting"/> it reports a diagnostic without parsing, and deep
/// lines are parsed on a thread whose stack is sized for them. Pidgin's errors become diagnostics here
/// and nowhere else.
/// </summary>
public static class SyntaxParser
{
    /// <summary>The deepest nesting of parentheses (and function calls) a line may have.</summary>
    public const int MaxNesting = 200_000;

    /// <summary>Lines nested deeper than this are parsed on a thread of their own with a large stack.</summary>
    private const int InlineNesting = 48;

    /// <summary>Stack reserved per level of parentheses: several times what the six frames of a level use.</summary>
    private const int StackBytesPerLevel = 4096;

    public static IEnumerable<ParsedLine> ParseScript(string text, string path = "<input>", int firstLine = 1) =>
        SourceLine.Split(text, path, firstLine).Select(ParseLine);

    public static ParsedLine ParseLine(string text, string path = "<input>", int number = 1) =>
        ParseLine(new SourceLine(path, number, text));

    public static ParsedLine ParseLine(SourceLine line)
    {
        var (depth, tooDeepAt) = MeasureNesting(line.Text);
        if (tooDeepAt >= 0)
        {
            return Failed(line, new TextSpan(tooDeepAt, 1), Messages.NestedTooDeeply(MaxNesting));
        }
        var result = depth > InlineNesting ? OnLargeStack(() => Grammar.Line.Parse(line.Text), depth, line.Text.Length)
            : line.Text.Length >= LongLine ? NoCollections.Run(() => Grammar.Line.Parse(line.Text), (long)line.Text.Length * LongLineBytesPerCharacter)
            : Grammar.Line.Parse(line.Text);
        if (!result.Success)
        {
            return new ParsedLine(line, null, [ParseErrors.ToDiagnostic(line, result.Error!)]);
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
        if (left is not NameExpr name)
        {
            return Failed(line, left.Span, Messages.AssignToNonName(line.ToString(left.Span)));
        }
        if (Functions.TryGet(name.Name, out _))
        {
            return Failed(line, name.Span, Messages.AssignToFunction(name.Name));
        }
        var span = name.Span.Cover(assigned.Right.Span);
        return new ParsedLine(line, new AssignmentStatement(span, name.Name, name.Span, assigned.Right), []);
    }

    private static ParsedLine Failed(SourceLine line, TextSpan span, string message) =>
        new(line, null, [new Diagnostic(Severity.Error, line, span, message)]);

    /// <summary>The deepest nesting of '(' in the line (comments excluded), and where it first passes the limit.</summary>
    internal static (int Depth, int TooDeepAt) MeasureNesting(string text)
    {
        int depth = 0, max = 0;
        // Jumps from bracket to bracket with a vectorised search: most of a long line is neither.
        for (int i = text.AsSpan().IndexOfAny(NestingCharacters); i >= 0; i = NextNesting(text, i + 1))
        {
            char c = text[i];
            if (c == '#')
            {
                break;
            }
            if (c == '(')
            {
                if (++depth > MaxNesting)
                {
                    return (depth, i);
                }
                max = Math.Max(max, depth);
            }
            else if (depth > 0)
            {
                depth--;
            }
        }
        return (max, -1);
    }

    private static readonly System.Buffers.SearchValues<char> NestingCharacters = System.Buffers.SearchValues.Create("()#");

    private static int NextNesting(string text, int from) => text.AsSpan(from).IndexOfAny(NestingCharacters) is var found and >= 0 ? from + found : -1;

    /// <summary>
    /// A bound on what parsing allocates per character of a deeply nested line (measured: about 20). Too
    /// generous a bound asks for more than the runtime grants, and then there is no region at all.
    /// </summary>
    private const int AllocatedBytesPerCharacter = 64;

    /// <summary>What parsing a long flat line allocates per character, with room to spare (measured: about 17).</summary>
    private const int LongLineBytesPerCharacter = 48;

    /// <summary>Lines at least this long are parsed without garbage collections.</summary>
    private const int LongLine = 1 << 16;


    private static T OnLargeStack<T>(Func<T> work, int depth, int length)
    {
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        int stackBytes = (int)Math.Min(int.MaxValue, 16L * 1024 * 1024 + (long)depth * StackBytesPerLevel);
        var thread = new Thread(() =>
        {
            // Every garbage collection walks the whole stack, which here is hundreds of thousands of frames
            // deep: collections during the parse made 100,000 parentheses cost 5 s instead of 0.3 s. The
            // parse allocates little (its tree), so ask for none to happen; if the budget runs out, the
            // runtime collects as usual and this only loses its speed-up.
            try
            {
                result = NoCollections.Run(work, (long)length * AllocatedBytesPerCharacter);
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        }, stackBytes);
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }
}
