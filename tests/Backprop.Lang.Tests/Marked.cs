using Backprop.Lang.Text;

namespace Backprop.Lang.Tests;

/// <summary>
/// Source text with the expected span marked inside it: <c>"1 + ⟦foo⟧"</c> is the line <c>"1 + foo"</c> with the
/// span of <c>foo</c>; <c>"1+⟦⟧"</c> marks the empty span at the end. The brackets (U+27E6, U+27E7) are neither
/// letters nor operators, so they cannot clash with anything the grammar accepts.
/// </summary>
internal readonly record struct Marked(string Text, TextSpan Span)
{
    public const char Open = '⟦', Close = '⟧';

    public static Marked Parse(string marked)
    {
        int open = marked.IndexOf(Open);
        int close = marked.IndexOf(Close);
        if (open < 0 || close < open || marked.IndexOf(Open, open + 1) >= 0 || marked.IndexOf(Close, close + 1) >= 0)
        {
            throw new ArgumentException($"Mark exactly one span with {Open} and {Close}: {marked}");
        }
        string text = marked[..open] + marked[(open + 1)..close] + marked[(close + 1)..];
        return new Marked(text, TextSpan.FromBounds(open, close - 1));
    }

    /// <summary>The 1-based column of the span's start as an editor counts it: one per Unicode scalar, tabs included.</summary>
    public int Column => Text[..Span.Start].EnumerateRunes().Count() + 1;
}
