using Backprop.Lang.Text;

namespace Backprop.Lang.Syntax;

public enum BinaryOperator { Add, Subtract, Multiply, Divide, Power, MatMul }

public enum UnaryOperator { Negate, Plus }

// The whole tree on one screen. Equality is structural and ignores spans (so tests can compare trees
// written without positions); equality, hashing and printing are iterative, because a user's expression
// may nest 100,000 deep and the records' generated members would recurse.

public abstract record Expr(TextSpan Span)
{
    public sealed override string ToString() => SyntaxPrinter.Print(this);
}

public sealed record NumberExpr(TextSpan Span, double Value, string Text) : Expr(Span)
{
    public bool Equals(NumberExpr? other) => SyntaxEquality.AreEqual(this, other);
    public override int GetHashCode() => SyntaxEquality.Hash(this);
}

public sealed record NameExpr(TextSpan Span, string Name) : Expr(Span)
{
    public bool Equals(NameExpr? other) => SyntaxEquality.AreEqual(this, other);
    public override int GetHashCode() => SyntaxEquality.Hash(this);
}

public sealed record UnaryExpr(TextSpan Span, UnaryOperator Operator, TextSpan OperatorSpan, Expr Operand) : Expr(Span)
{
    public bool Equals(UnaryExpr? other) => SyntaxEquality.AreEqual(this, other);
    public override int GetHashCode() => SyntaxEquality.Hash(this);
}

public sealed record BinaryExpr(TextSpan Span, BinaryOperator Operator, TextSpan OperatorSpan, Expr Left, Expr Right) : Expr(Span)
{
    public bool Equals(BinaryExpr? other) => SyntaxEquality.AreEqual(this, other);
    public override int GetHashCode() => SyntaxEquality.Hash(this);
}

public sealed record CallExpr(TextSpan Span, string Function, TextSpan NameSpan, IReadOnlyList<Expr> Arguments) : Expr(Span)
{
    public bool Equals(CallExpr? other) => SyntaxEquality.AreEqual(this, other);
    public override int GetHashCode() => SyntaxEquality.Hash(this);
}

/// <summary>
/// <c>[1, 2, 3]</c>, <c>[[1, 2], [3, 4]]</c>, <c>[x, 2*x]</c>: a bracket. Made only of numbers (signs allowed) it is one
/// tensor literal; otherwise it stacks its elements.
/// </summary>
public sealed record ListExpr(TextSpan Span, IReadOnlyList<Expr> Elements) : Expr(Span)
{
    public bool Equals(ListExpr? other) => SyntaxEquality.AreEqual(this, other);
    public override int GetHashCode() => SyntaxEquality.Hash(this);
}

/// <summary>
/// <c>X[0]</c>, <c>X[1, -1]</c>, <c>X[:, 0:2]</c>: indexing after any operand; <see cref="ItemSpans"/> are where each
/// index was written (an index out of range is reported there).
/// </summary>
public sealed record IndexExpr(TextSpan Span, Expr Target, IReadOnlyList<Layers.IndexItem> Items, IReadOnlyList<TextSpan> ItemSpans) : Expr(Span)
{
    public bool Equals(IndexExpr? other) => SyntaxEquality.AreEqual(this, other);
    public override int GetHashCode() => SyntaxEquality.Hash(this);
}

/// <summary>
/// <c>"points.csv"</c>: a string, which only names a file (<c>load_csv("points.csv")</c>). Everything up to the next
/// <c>"</c> on the line, without escapes; <see cref="Closed"/> is false when the line ended first.
/// </summary>
public sealed record StringExpr(TextSpan Span, string Value, bool Closed = true) : Expr(Span)
{
    public bool Equals(StringExpr? other) => SyntaxEquality.AreEqual(this, other);
    public override int GetHashCode() => SyntaxEquality.Hash(this);
}

/// <summary><c>axis=0</c> inside a call's parentheses: an argument given by name.</summary>
public sealed record NamedArgumentExpr(TextSpan Span, string Name, TextSpan NameSpan, Expr Value) : Expr(Span)
{
    public bool Equals(NamedArgumentExpr? other) => SyntaxEquality.AreEqual(this, other);
    public override int GetHashCode() => SyntaxEquality.Hash(this);
}

public abstract record Statement(TextSpan Span);

/// <summary>A bare expression: its value is printed.</summary>
public sealed record ExprStatement(Expr Expr) : Statement(Expr.Span);

/// <summary><c>name = expr</c>: evaluates now and binds the name to the resulting graph node.</summary>
public sealed record AssignmentStatement(TextSpan Span, string Name, TextSpan NameSpan, Expr Value) : Statement(Span);

/// <summary>
/// <c>f(x, y) = expr</c>: defines a function. Its parameters are local to <see cref="Body"/>; other names in the body
/// are the session's variables, looked up when the function is called.
/// </summary>
public sealed record FunctionDefinition(TextSpan Span, string Name, TextSpan NameSpan, IReadOnlyList<NameExpr> Parameters, Expr Body)
    : Statement(Span);

/// <summary>
/// <c>:name argument</c>. For the commands that take an expression (<see cref="CommandSyntax"/>) the
/// argument is parsed here, so its columns are those of the line as written; the others keep it as text.
/// </summary>
public sealed record CommandStatement(TextSpan Span, string Name, TextSpan NameSpan, string Argument, TextSpan ArgumentSpan)
    : Statement(Span)
{
    public Expr? Expression { get; init; }
    public IReadOnlyList<CommandOption> Options { get; init; } = [];
    /// <summary>The names after <c>wrt</c>, as in <c>:descend loss wrt w, b</c>: the variables it may move.</summary>
    public IReadOnlyList<NameExpr> Wrt { get; init; } = [];
    /// <summary>The names after <c>data</c>, as in <c>:train L wrt W data X, t</c>: the variables bound to each minibatch.</summary>
    public IReadOnlyList<NameExpr> Data { get; init; } = [];
    /// <summary>The file after <c>&gt;</c>, as in <c>:dot x*y &gt; graph.svg</c>.</summary>
    public CommandTarget? Target { get; init; }
}

/// <summary>
/// <c>name=value</c> after a command's expression, as in <c>:check x*y eps=1e-6</c>; the value is a number, or a
/// word as in <c>method=newton</c> (then <see cref="Word"/> holds it and <see cref="Value"/> is NaN), or an expression
/// as in <c>report=accuracy(y, t)</c> (<see cref="Word"/> is its text, so a command that wants a number says it is not one).
/// </summary>
public sealed record CommandOption(string Name, TextSpan NameSpan, double Value, TextSpan ValueSpan)
{
    public string? Word { get; init; }
    /// <summary>The value as written, parsed: what an option that takes an expression reads.</summary>
    public Expr? Expression { get; init; }
}

public sealed record CommandTarget(string Path, TextSpan Span);
