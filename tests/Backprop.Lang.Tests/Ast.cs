using System.Globalization;
using Backprop.Lang.Syntax;

namespace Backprop.Lang.Tests;

/// <summary>Builds expected trees without positions (equality ignores spans) and shows trees fully parenthesized.</summary>
internal static class Ast
{
    public static NumberExpr N(double value) => new(default, value, "");
    public static NameExpr V(string name) => new(default, name);
    public static UnaryExpr Neg(Expr operand) => new(default, UnaryOperator.Negate, default, operand);
    public static UnaryExpr Plus(Expr operand) => new(default, UnaryOperator.Plus, default, operand);
    public static BinaryExpr Add(Expr left, Expr right) => Bin(BinaryOperator.Add, left, right);
    public static BinaryExpr Sub(Expr left, Expr right) => Bin(BinaryOperator.Subtract, left, right);
    public static BinaryExpr Mul(Expr left, Expr right) => Bin(BinaryOperator.Multiply, left, right);
    public static BinaryExpr Div(Expr left, Expr right) => Bin(BinaryOperator.Divide, left, right);
    public static BinaryExpr Pow(Expr left, Expr right) => Bin(BinaryOperator.Power, left, right);
    public static BinaryExpr Bin(BinaryOperator op, Expr left, Expr right) => new(default, op, default, left, right);
    public static CallExpr Call(string function, params Expr[] args) => new(default, function, default, args);

    /// <summary>
    /// An S-expression: <c>1-2-3</c> is <c>(- (- 1 2) 3)</c>, <c>-x</c> is <c>(neg x)</c>. An oracle independent of
    /// <see cref="SyntaxPrinter"/>, which prints the fewest parentheses and so cannot show associativity.
    /// Recursive, which is fine for the small trees tests write by hand.
    /// </summary>
    public static string Show(Expr expr) => expr switch
    {
        NumberExpr n => n.Value.ToString("R", CultureInfo.InvariantCulture),
        NameExpr n => n.Name,
        UnaryExpr u => $"({(u.Operator == UnaryOperator.Negate ? "neg" : "pos")} {Show(u.Operand)})",
        BinaryExpr b => $"({Symbol(b.Operator)} {Show(b.Left)} {Show(b.Right)})",
        CallExpr c => $"({c.Function}{string.Concat(c.Arguments.Select(a => " " + Show(a)))})",
        _ => throw new ArgumentException(expr.GetType().Name),
    };

    private static string Symbol(BinaryOperator op) => op switch
    {
        BinaryOperator.Add => "+",
        BinaryOperator.Subtract => "-",
        BinaryOperator.Multiply => "*",
        BinaryOperator.Divide => "/",
        BinaryOperator.Power => "^",
        _ => throw new ArgumentException(op.ToString()),
    };
}
