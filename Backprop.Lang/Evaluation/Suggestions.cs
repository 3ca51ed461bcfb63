namespace Backprop.Lang.Evaluation;

/// <summary>Finds the known names nearest to a misspelled one (edit distance with transpositions).</summary>
public static class Suggestions
{
    public static IReadOnlyList<string> Near(string name, IEnumerable<string> candidates, int max = 3)
    {
        int limit = Math.Max(1, name.Length / 3);
        return candidates
            .Distinct()
            .Select(c => (Name: c, Distance: Distance(name, c)))
            .Where(c => c.Distance <= limit || (name.Length >= 2 && c.Name.StartsWith(name, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(c => c.Distance).ThenBy(c => c.Name, StringComparer.Ordinal)
            .Take(max)
            .Select(c => c.Name)
            .ToList();
    }

    public static string? Nearest(string name, IEnumerable<string> candidates) => Near(name, candidates, 1).FirstOrDefault();

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours.</summary>
    internal static int Distance(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 8)
        {
            return Math.Abs(a.Length - b.Length);
        }
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }
        return d[a.Length, b.Length];
    }
}
