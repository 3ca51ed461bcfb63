namespace Backprop.Repl.Tests;

/// <summary>Reading what the human reporter printed.</summary>
internal static class Printed
{
    /// <summary>Line endings as '\n', whatever the platform wrote.</summary>
    public static string Normalize(string text) => text.Replace("\r\n", "\n");

    public static string[] Lines(string text) => Normalize(text).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The rows of every table in <paramref name="text"/>, header rows included, as trimmed cells.</summary>
    public static List<string[]> TableRows(string text) =>
        Lines(text)
            .Where(line => line.StartsWith('│'))
            .Select(line => line.Trim('│').Split('│').Select(cell => cell.Trim()).ToArray())
            .ToList();

    /// <summary>The one table row that starts with the cells <paramref name="start"/>; all of its cells.</summary>
    public static string[] Row(string text, params string[] start) =>
        Assert.Single(TableRows(text), row => row.Length >= start.Length && row.Take(start.Length).SequenceEqual(start));
}
