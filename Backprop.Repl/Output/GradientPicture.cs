using System.Text;
using Backprop.Lang.Text;

namespace Backprop.Repl.Output;

/// <summary>
/// The expression with each literal's gradient written under it, like the article's picture of the graph
/// with backward values below the arrows:
/// <code>
/// (1*2)*(10+20)
///  │ │   │  │
///  60│   2  2
///    30
/// </code>
/// Labels that would overlap move down a row, with a stem from the literal to the label.
/// </summary>
internal static class GradientPicture
{
    /// <summary>Longer expressions are not drawn: the table below says the same, and a picture would not fit.</summary>
    public const int MaxWidth = 160;

    /// <param name="expression">The expression text, one line.</param>
    /// <param name="marks">For each literal, its offset in <paramref name="expression"/> and the label to write under it.</param>
    public static IReadOnlyList<string>? Draw(string expression, IReadOnlyList<(int Offset, string Label)> marks)
    {
        // Columns, not characters: a wide character (り, １) takes two, so a label stands under its literal.
        int width = DisplayWidth.Of(expression);
        if (width > MaxWidth || marks.Count == 0)
        {
            return null;
        }
        if (width != expression.Length)
        {
            marks = marks.Select(m => (DisplayWidth.Of(expression[..Math.Clamp(m.Offset, 0, expression.Length)]), m.Label)).ToList();
        }
        // Row of each label: the first row where it does not touch a label already placed to its left.
        var rowEnds = new List<int>();
        var placed = new List<(int Offset, string Label, int Row)>();
        foreach (var (offset, label) in marks.OrderBy(m => m.Offset))
        {
            int row = 0;
            while (row < rowEnds.Count && rowEnds[row] >= offset) row++;
            if (row == rowEnds.Count) rowEnds.Add(-1);
            rowEnds[row] = offset + label.Length;
            placed.Add((offset, label, row));
        }

        var lines = new List<string> { Printable(expression) };
        var stems = new StringBuilder(new string(' ', width));
        foreach (var p in placed) stems[p.Offset] = '│';
        lines.Add(stems.ToString().TrimEnd());
        for (int row = 0; row < rowEnds.Count; row++)
        {
            var line = new StringBuilder(new string(' ', Math.Max(width, rowEnds.Max() + 1)));
            foreach (var p in placed.Where(p => p.Row == row))
            {
                for (int i = 0; i < p.Label.Length; i++) line[p.Offset + i] = p.Label[i];
            }
            foreach (var p in placed.Where(p => p.Row > row && line[p.Offset] == ' '))
            {
                line[p.Offset] = '│';
            }
            lines.Add(line.ToString().TrimEnd());
        }
        return lines;
    }

    private static string Printable(string text) => new(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray());
}
