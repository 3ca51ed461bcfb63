using System.Diagnostics;

namespace Backprop.Lang.Syntax;

/// <summary>Structural equality and hashing of trees, ignoring spans, with an explicit stack instead of recursion.</summary>
internal static class SyntaxEquality
{
    public static bool AreEqual(Expr? left, Expr? right)
    {
        var pending = new Stack<(Expr, Expr)>();
        pending.Push((left!, right!));
        while (pending.Count > 0)
        {
            var (a, b) = pending.Pop();
            if (ReferenceEquals(a, b))
            {
                continue;
            }
            if (a is null || b is null || a.GetType() != b.GetType())
            {
                return false;
            }
            switch (a, b)
            {
                case (NumberExpr x, NumberExpr y):
                    if (!x.Value.Equals(y.Value)) return false;
                    break;
                case (NameExpr x, NameExpr y):
                    if (x.Name != y.Name) return false;
                    break;
                case (UnaryExpr x, UnaryExpr y):
                    if (x.Operator != y.Operator) return false;
                    pending.Push((x.Operand, y.Operand));
                    break;
                case (BinaryExpr x, BinaryExpr y):
                    if (x.Operator != y.Operator) return false;
                    pending.Push((x.Left, y.Left));
                    pending.Push((x.Right, y.Right));
                    break;
                case (CallExpr x, CallExpr y):
                    if (x.Function != y.Function || x.Arguments.Count != y.Arguments.Count) return false;
                    for (int i = 0; i < x.Arguments.Count; i++)
                    {
                        pending.Push((x.Arguments[i], y.Arguments[i]));
                    }
                    break;
                case (ListExpr x, ListExpr y):
                    if (x.Elements.Count != y.Elements.Count) return false;
                    for (int i = 0; i < x.Elements.Count; i++)
                    {
                        pending.Push((x.Elements[i], y.Elements[i]));
                    }
                    break;
                case (IndexExpr x, IndexExpr y):
                    if (!x.Items.SequenceEqual(y.Items)) return false;
                    pending.Push((x.Target, y.Target));
                    break;
                case (StringExpr x, StringExpr y):
                    if (x.Value != y.Value) return false;
                    break;
                case (NamedArgumentExpr x, NamedArgumentExpr y):
                    if (x.Name != y.Name) return false;
                    pending.Push((x.Value, y.Value));
                    break;
                default:
                    throw new UnreachableException($"Unknown expression type {a.GetType().Name}");
            }
        }
        return true;
    }

    public static int Hash(Expr expr)
    {
        var hash = new HashCode();
        var pending = new Stack<Expr>();
        pending.Push(expr);
        while (pending.Count > 0)
        {
            var e = pending.Pop();
            hash.Add(e.GetType());
            switch (e)
            {
                case NumberExpr n: hash.Add(n.Value); break;
                case NameExpr n: hash.Add(n.Name); break;
                case UnaryExpr u: hash.Add(u.Operator); pending.Push(u.Operand); break;
                case BinaryExpr b: hash.Add(b.Operator); pending.Push(b.Right); pending.Push(b.Left); break;
                case CallExpr c:
                    hash.Add(c.Function);
                    for (int i = c.Arguments.Count - 1; i >= 0; i--) pending.Push(c.Arguments[i]);
                    break;
                case ListExpr l:
                    hash.Add(l.Elements.Count);
                    for (int i = l.Elements.Count - 1; i >= 0; i--) pending.Push(l.Elements[i]);
                    break;
                case IndexExpr x:
                    foreach (var item in x.Items) hash.Add(item);
                    pending.Push(x.Target);
                    break;
                case NamedArgumentExpr n: hash.Add(n.Name); pending.Push(n.Value); break;
                case StringExpr s: hash.Add(s.Value); break;
                default: throw new UnreachableException($"Unknown expression type {e.GetType().Name}");
            }
        }
        return hash.ToHashCode();
    }
}
