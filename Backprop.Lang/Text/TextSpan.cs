namespace Backprop.Lang.Text;

/// <summary>A run of characters inside one <see cref="SourceLine"/>: offsets are UTF-16 indexes into its text.</summary>
public readonly record struct TextSpan(int Start, int Length)
{
    public int End => Start + Length;

    public static TextSpan FromBounds(int start, int end) => new(start, end - start);

    public TextSpan Cover(TextSpan other) => FromBounds(Math.Min(Start, other.Start), Math.Max(End, other.End));

    public override string ToString() => $"[{Start}..{End})";
}
