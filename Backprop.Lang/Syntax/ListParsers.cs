using Pidgin;

namespace Backprop.Lang.Syntax;

// The grammar's two lists, written out rather than taken from Pidgin's Many() and SeparatedAtLeastOnce(). Those
// make a Parser<char, IEnumerable<T>> from a Parser<char, T> in shared generic code, and Native AOT's compiler,
// which must lay out ahead of time everything such code might look up, then expands
// Parser<char, IEnumerable<IEnumerable<...T>>> for every parser type in the program until it gives up (warning
// IL3054: "an exception will be thrown at runtime if this codepath is ever reached"). The grammar never nests
// lists, so that path is never reached, but without these two classes the warning hides any new one. Each keeps
// Pidgin's own rules for what a failure consumed and which expectations it reports.

/// <summary>
/// <c>item*</c>, as Pidgin's <c>item.Many()</c> reads it: items until one fails without consuming input; an item that
/// fails after consuming input fails the list, with that item's expectations.
/// </summary>
internal sealed class ManyParser<T>(Parser<char, T> item) : Parser<char, T[]>
{
    public override bool TryParse(ref ParseState<char> state, ref PooledList<Expected<char>> expecteds, out T[] result)
    {
        var items = new List<T>();
        var itemExpecteds = new PooledList<Expected<char>>(state.Configuration.ArrayPoolProvider.GetArrayPool<Expected<char>>());
        try
        {
            while (true)
            {
                long start = state.Location;
                if (item.TryParse(ref state, ref itemExpecteds, out var next))
                {
                    if (state.Location <= start)
                    {
                        throw new InvalidOperationException("a list's item matched without consuming input");
                    }
                    items.Add(next);
                    itemExpecteds.Clear();
                    continue;
                }
                if (state.Location > start)
                {
                    expecteds.AddRange(itemExpecteds.AsSpan());
                    result = [];
                    return false;
                }
                result = [.. items];
                return true;
            }
        }
        finally
        {
            itemExpecteds.Dispose();
        }
    }
}

/// <summary>
/// <c>name (',' name)*</c>, as Pidgin's <c>Name.SeparatedAtLeastOnce(Char(',').Then(Spaces))</c> reads it: a comma
/// with no name after it is an error at the name; anything else ends the list.
/// </summary>
internal sealed class NameListParser(Parser<char, NameExpr> name) : Parser<char, NameExpr[]>
{
    public override bool TryParse(ref ParseState<char> state, ref PooledList<Expected<char>> expecteds, out NameExpr[] result)
    {
        var names = new List<NameExpr>();
        while (true)
        {
            if (!name.TryParse(ref state, ref expecteds, out var next))
            {
                result = [];
                return false;
            }
            names.Add(next);
            var rest = state.LookAhead(1);
            if (rest.Length == 0 || rest[0] != ',')
            {
                result = [.. names];
                return true;
            }
            state.Advance(1);
            Scan.SkipSpaces(ref state);
        }
    }
}
