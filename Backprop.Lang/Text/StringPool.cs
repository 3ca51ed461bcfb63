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

    // In front of the dictionary, the last string seen for each (first character, length): the same few
    // names and literals come up again and again, and comparing a few characters is cheaper than hashing.
    private const int RecentSlots = 64;

    [ThreadStatic] private static Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>>? s_lookup;
    [ThreadStatic] private static string?[]? s_recent;

    public static string Intern(ReadOnlySpan<char> text)
    {
        if (text.Length > MaxLength || text.Length == 0)
        {
            return text.ToString();
        }
        var recent = s_recent ??= new string?[RecentSlots];
        int slot = (text[0] * 7 + text.Length) & (RecentSlots - 1);
        if (recent[slot] is { } seen && text.SequenceEqual(seen))
        {
            return seen;
        }
        s_lookup ??= new Dictionary<string, string>(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        var lookup = s_lookup.Value;
        if (!lookup.TryGetValue(text, out var existing))
        {
            if (lookup.Dictionary.Count >= MaxEntries)
            {
                lookup.Dictionary.Clear();
            }
            existing = text.ToString();
            lookup.Dictionary[existing] = existing;
        }
        return recent[slot] = existing;
    }
}
