using Backprop.Lang.Text;

namespace Backprop.Lang.Syntax;

/// <summary>
/// <c>x += e</c>, <c>-=</c>, <c>*=</c>, <c>/=</c>: read as the ordinary assignment <c>x = x + (e)</c>, whose right side is
/// one operand (<c>x *= a + b</c> is x·(a + b)). The operator's span is the <c>+</c> of <c>+=</c>, so a warning and
/// <c>:trace</c> point at it, and the <c>x</c> on the right is the one on the left, with its span: an unbound x gets the
/// ordinary unknown-name error there.
/// </summary>
internal static class CompoundAssignment
{
    public static bool IsOperator(char c) => c is '+' or '-' or '*' or '/';

    /// <summary>The value assigned: <paramref name="right"/> itself for '=', or <c>name op right</c>.</summary>
    /// <param name="assign">The '=' or compound token; its symbol is '=' or the operator.</param>
    public static Expr Value(NameExpr name, OperatorToken assign, Expr right)
    {
        if (assign.Symbol == '=')
        {
            return right;
        }
        var op = assign.Symbol switch
        {
            '+' => BinaryOperator.Add,
            '-' => BinaryOperator.Subtract,
            '*' => BinaryOperator.Multiply,
            '/' => BinaryOperator.Divide,
            _ => throw new System.Diagnostics.UnreachableException($"Unknown compound assignment '{assign.Symbol}='"),
        };
        return new BinaryExpr(name.Span.Cover(right.Span), op, new TextSpan(assign.Span.Start, 1), name, right);
    }
}
