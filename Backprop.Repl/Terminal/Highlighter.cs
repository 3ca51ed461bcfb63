using Backprop.Lang.Evaluation;
using RadLine;
using Spectre.Console;

namespace Backprop.Repl.Terminal;

/// <summary>Colours the line being edited: numbers (and the constants pi and e), operators, function names, :commands and # comments.</summary>
/// <remarks>
/// RadLine 0.6.0 hands over one token at a time (a run of letters and digits, or a single other character;
/// whitespace is never passed), so <c>3.5</c> arrives as <c>3</c>, <c>.</c>, <c>5</c> and <c>:grad</c> as
/// <c>:</c>, <c>grad</c>. To colour what spans tokens (a command after its colon, a comment up to the end of
/// the line, <c>x_1</c>) the highlighter remembers what came before in the line, and <see cref="BeginLine"/>
/// forgets it; <see cref="ReplPrompt"/> calls it before each line is drawn.
/// Limits: a name that starts like a function (<c>sin_x</c>) shows its <c>sin</c> in the function colour, and a
/// <c>#</c> scrolled out of a long line no longer greys the rest.
/// </remarks>
internal sealed class Highlighter : IHighlighter
{
    private const string Operators = "+-*/^()=,×÷@[]";

    private static readonly Style Number = new(Color.Aqua);
    private static readonly Style Operator = new(Color.Yellow);
    private static readonly Style Function = new(Color.Green);
    private static readonly Style Command = new(Color.Fuchsia, decoration: Decoration.Bold);
    private static readonly Style Comment = new(Color.Grey);

    private readonly HashSet<string> _functions;
    private readonly HashSet<string> _commands;

    private string? _previous;
    private bool _inComment;

    /// <param name="functionNames">Built-in functions, such as "sin".</param>
    /// <param name="commandNames">Command names without their colon, such as "grad".</param>
    public Highlighter(IEnumerable<string> functionNames, IEnumerable<string> commandNames)
    {
        _functions = new HashSet<string>(functionNames, StringComparer.Ordinal);
        _commands = new HashSet<string>(commandNames, StringComparer.Ordinal);
    }

    /// <summary>Forgets the tokens seen so far: the next token starts a new line.</summary>
    public void BeginLine()
    {
        _previous = null;
        _inComment = false;
    }

    /// <summary>Whether a name is one of the user's functions now (coloured as the built-ins are); none when null.</summary>
    public Func<string, bool>? IsUserFunction { get; init; }

    /// <summary>No styling at all (NO_COLOR is set): not even the bold of commands.</summary>
    public bool Plain { get; init; } = Output.Colours.NoColor;

    public Style? Highlight(string token)
    {
        if (token.Length == 0 || Plain)
            return null;
        token = Lang.Syntax.WidthFold.Fold(token); // ＊ is an operator and ：grad a command, as the grammar reads them
        if (_inComment)
            return Comment;
        if (token == "#")
        {
            _inComment = true;
            return Comment;
        }

        var previous = _previous;
        _previous = token;

        if (previous == "_")
            return null; // the rest of a name such as x_1 or apple_num
        if (previous == ":" && _commands.Contains(token))
            return Command;
        if (token == ":")
            return Command;
        if (char.IsDigit(token[0]) || token == ".")
            return Number; // 1e, - and 5 in 1e-5 arrive apart: the exponent's sign shows as an operator
        if (token.Length == 1 && Operators.Contains(token[0]))
            return Operator;
        if (_functions.Contains(token) || IsUserFunction?.Invoke(token) == true)
            return Function;
        if (Constants.Names.Contains(token))
            return Number; // pi and e are numbers written by name (a session that binds e as a variable still sees it so)
        return null;
    }
}
