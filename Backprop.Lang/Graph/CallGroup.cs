namespace Backprop.Lang.Graph;

/// <summary>
/// One call of a user's function, <c>f(3)</c> with <c>f(x) = x^2 + 1</c>: the layers its body appended are its inner
/// layers, and the call is one composite layer from <see cref="Arguments"/> to <see cref="Output"/> (the book's point:
/// a big layer is small layers inside). Calls nest as the bodies do.
/// </summary>
/// <param name="Function">The function's name.</param>
/// <param name="Site">Where it was called: the function name at the call.</param>
/// <param name="Arguments">The node each parameter was bound to, in order (-1 where the graph does not hold it).</param>
/// <param name="Parent">The call whose body made this call, or -1.</param>
public sealed record CallGroup(string Function, NodeOrigin Site, IReadOnlyList<int> Arguments, int Parent)
{
    /// <summary>The node the body's value ended in (-1 while the body is being lowered, or where the graph does not hold it).</summary>
    public int Output { get; internal set; } = -1;

    /// <summary>The first node the call appended (its inner layers are this one on, up to <see cref="Output"/>).</summary>
    public int First { get; internal set; }
}
