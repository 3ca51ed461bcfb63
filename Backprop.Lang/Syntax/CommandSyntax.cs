namespace Backprop.Lang.Syntax;

/// <summary>Which <c>:commands</c> take an expression (parsed with the grammar) rather than free text.</summary>
public static class CommandSyntax
{
    public static readonly IReadOnlySet<string> ExpressionCommands =
        new HashSet<string>(["grad", "trace", "graph", "dot", "check", "descend", "hessian", "deriv"], StringComparer.Ordinal);

    public static bool TakesExpression(string name) => ExpressionCommands.Contains(name);
}
