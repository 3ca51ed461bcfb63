using Backprop.Lang.Text;

namespace Backprop.Lang.Graph;

public enum NodeKind : byte
{
    /// <summary>A number written in the expression: a leaf whose gradient is reported per occurrence.</summary>
    Literal,
    /// <summary>A variable bound to a constant (<c>x = 3</c>): a leaf, reported once, summed over uses.</summary>
    Input,
    /// <summary>A layer applied to earlier nodes.</summary>
    Operation,
    /// <summary>
    /// A number a derivative rule brought in (the 2 of d(sqrt x) = dout/(2z), the 0.5 of a max tie): a leaf like a
    /// literal, but nobody wrote it, so no gradient is reported for it.
    /// </summary>
    Constant,
}

/// <summary>Where a node was written: the literal itself, or the operator or function name of an operation.</summary>
public readonly record struct NodeOrigin(SourceLine? Source, TextSpan Span)
{
    public int Line => Source?.Number ?? 0;
    public int Column => Source?.ColumnOf(Span.Start) ?? 0;
    public string Text => Source is null ? "" : StringPool.Intern(Source.Text.AsSpan(Span.Start, Math.Min(Span.Length, Source.Text.Length - Span.Start)));
}
