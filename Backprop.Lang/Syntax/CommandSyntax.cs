namespace Backprop.Lang.Syntax;

/// <summary>Which <c>:commands</c> take an expression (parsed with the grammar) rather than free text.</summary>
public static class CommandSyntax
{
    public static readonly IReadOnlySet<string> ExpressionCommands =
        new HashSet<string>(["grad", "trace", "graph", "dot", "check", "descend", "hessian", "deriv", "explain", "expand", "train"], StringComparer.Ordinal);

    /// <summary>Commands whose expression may be left out (<c>:quiz</c> then makes one up).</summary>
    public static readonly IReadOnlySet<string> OptionalExpressionCommands = new HashSet<string>(["quiz"], StringComparer.Ordinal);

    public static bool TakesExpression(string name) => ExpressionCommands.Contains(name);

    public static bool TakesOptionalExpression(string name) => OptionalExpressionCommands.Contains(name);
}
