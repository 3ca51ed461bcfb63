using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Backprop.Lang.Syntax;

/// <summary>
/// Prints a tree back to source text with the fewest parentheses that parse to the same tree.
/// Iterative: a work stack holds either text to emit or a subtree to print.
/// </summary>
public static class SyntaxPrinter
{
    // Binding strength of each form, loosest first; the grammar's levels.
    private const int Additive = 1, Multiplicative = 2, Prefix = 3, Power = 4, Atom = 5;

    public static string Print(Expr root)
    {
        var output = new StringBuilder();
        var work = new Stack<object>();
        work.Push(root);
        while (work.Count > 0)
        {
            object item = work.Pop();
            if (item is string text)
            {
                output.Append(text);
                continue;
            }
            switch ((Expr)item)
            {
                case NumberExpr n:
                    output.Append(n.Text.Length > 0 ? n.Text : n.Value.ToString("R", CultureInfo.InvariantCulture));
                    break;
                case NameExpr n:
                    output.Append(n.Name);
                    break;
                case UnaryExpr u:
                    output.Append(u.Operator == UnaryOperator.Negate ? '-' : '+');
                    PushOperand(work, u.Operand, needsParentheses: Strength(u.Operand) < Prefix);
                    break;
                case BinaryExpr b:
                {
                    int strength = Strength(b);
                    bool rightAssociative = b.Operator == BinaryOperator.Power;
                    bool leftParens = rightAssociative ? Strength(b.Left) <= strength : Strength(b.Left) < strength;
                    // The right side of ^ may start with signs (2^-1), so a prefix form needs no parentheses there.
                    bool rightParens = rightAssociative ? Strength(b.Right) < Prefix : Strength(b.Right) <= strength;
                    PushOperand(work, b.Right, rightParens);
                    work.Push(Symbol(b.Operator));
                    PushOperand(work, b.Left, leftParens);
                    break;
                }
                case CallExpr c:
                    output.Append(c.Function).Append('(');
                    work.Push(")");
                    for (int i = c.Arguments.Count - 1; i >= 0; i--)
                    {
                        work.Push(c.Arguments[i]);
                        if (i > 0) work.Push(", ");
                    }
                    break;
                case ListExpr l:
                    output.Append('[');
                    work.Push("]");
                    for (int i = l.Elements.Count - 1; i >= 0; i--)
                    {
                        work.Push(l.Elements[i]);
                        if (i > 0) work.Push(", ");
                    }
                    break;
                case IndexExpr x:
                    work.Push(IndexText(x.Items));
                    PushOperand(work, x.Target, needsParentheses: Strength(x.Target) < Atom);
                    break;
                case StringExpr s:
                    output.Append('"').Append(s.Value).Append('"');
                    break;
                case NamedArgumentExpr n:
                    output.Append(n.Name).Append('=');
                    work.Push(n.Value);
                    break;
                default:
                    throw new UnreachableException($"Unknown expression type {item.GetType().Name}");
            }
        }
        return output.ToString();
    }

    public static string Symbol(BinaryOperator op) => op switch
    {
        BinaryOperator.Add => " + ",
        BinaryOperator.Subtract => " - ",
        BinaryOperator.Multiply => "*",
        BinaryOperator.Divide => "/",
        BinaryOperator.Power => "^",
        BinaryOperator.MatMul => " @ ",
        _ => throw new UnreachableException(),
    };

    /// <summary><c>[1:3, 0]</c>, as numpy writes an index.</summary>
    public static string IndexText(IReadOnlyList<Layers.IndexItem> items)
    {
        static string Bound(int? b) => b?.ToString(CultureInfo.InvariantCulture) ?? "";
        return "[" + string.Join(", ", items.Select(i => i.IsSlice ? $"{Bound(i.Start)}:{Bound(i.Stop)}" : Bound(i.Start))) + "]";
    }

    private static void PushOperand(Stack<object> work, Expr operand, bool needsParentheses)
    {
        if (needsParentheses)
        {
            work.Push(")");
            work.Push(operand);
            work.Push("(");
        }
        else
        {
            work.Push(operand);
        }
    }

    private static int Strength(Expr e) => e switch
    {
        BinaryExpr { Operator: BinaryOperator.Add or BinaryOperator.Subtract } => Additive,
        BinaryExpr { Operator: BinaryOperator.Multiply or BinaryOperator.Divide or BinaryOperator.MatMul } => Multiplicative,
        BinaryExpr { Operator: BinaryOperator.Power } => Power,
        UnaryExpr => Prefix,
        _ => Atom,
    };
}
