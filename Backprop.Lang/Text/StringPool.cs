namespace Backprop.Lang.Text;

/// <summary>
/// Shares one string among equal short pieces of source text, so a million uses of <c>x</c> or of the
/// literal <c>1.0001</c> cost one string, not a million. Per thread and bounded, so it never grows
/// without limit; longer text is not pooled.
/// </summary>
internal static class StringPool
{
    private const int MaxLength = 32;
    private const int MaxEntries = 4096;

    [ThreadStatic] private static Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>>? s_lookup;

    public static string Intern(ReadOnlySpan<char> text)
    {
        if (text.Length > MaxLength)
        {
            return text.ToString();
        }
        s_lookup ??= new Dictionary<string, string>(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        var lookup = s_lookup.Value;
        if (lookup.TryGetValue(text, out var existing))
        {
            return existing;
        }
        if (lookup.Dictionary.Count >= MaxEntries)
        {
            lookup.Dictionary.Clear();
        }
        string created = text.ToString();
        lookup.Dictionary[created] = created;
        return created;
    }
}
