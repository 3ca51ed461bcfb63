using System.Text;
using Backprop.Lang.Tensors;

namespace Backprop.Lang.Text;

/// <summary>
/// A tensor written for people as numpy prints one: <c>[1, 2, 3]</c>, a matrix one row a line with its columns
/// aligned, and past <see cref="EdgeItems"/> on each side of an axis an ellipsis (<c>…</c>) for what is left out. Numbers
/// are never split: each is formatted whole by the caller's formatter, then padded.
/// </summary>
public static class TensorText
{
    /// <summary>Elements shown at each end of a long axis (numpy's edgeitems).</summary>
    public const int EdgeItems = 3;

    /// <summary>An axis longer than this is shown with an ellipsis.</summary>
    public const int Threshold = 8;

    public static IReadOnlyList<string> Lines(Tensor tensor, Func<double, string> format)
    {
        if (tensor.Rank == 0) return [format(tensor.Data[0])];
        if (tensor.Count == 0) return [new string('[', tensor.Rank) + new string(']', tensor.Rank)];
        if (tensor.Rank == 1) return ["[" + string.Join(", ", Shown(tensor.Shape[0]).Select(i => i < 0 ? "…" : format(tensor.Data[i]))) + "]"];

        // Rank 2 and up: the leading axes flattened to rows, each row's shown columns formatted, then aligned.
        var (rows, columns) = tensor.Matrix;
        var shownColumns = Shown(columns).ToArray();
        var cells = new List<string[]?>();
        foreach (int r in Shown(rows))
        {
            cells.Add(r < 0 ? null : shownColumns.Select(c => c < 0 ? "…" : format(tensor.Data[r * columns + c])).ToArray());
        }
        var widths = new int[shownColumns.Length];
        foreach (var row in cells.OfType<string[]>())
        {
            for (int c = 0; c < row.Length; c++) widths[c] = Math.Max(widths[c], row[c].Length);
        }
        string open = new('[', tensor.Rank), close = new(']', tensor.Rank);
        var lines = new List<string>(cells.Count);
        for (int i = 0; i < cells.Count; i++)
        {
            var text = new StringBuilder(i == 0 ? open : new string(' ', tensor.Rank - 1) + "[");
            if (cells[i] is not { } row)
            {
                text.Clear().Append(new string(' ', tensor.Rank)).Append('…');
            }
            else
            {
                for (int c = 0; c < row.Length; c++)
                {
                    if (c > 0) text.Append(", ");
                    text.Append(row[c].PadLeft(widths[c]));
                }
                text.Append(i == cells.Count - 1 ? close : "],");
            }
            lines.Add(text.ToString());
        }
        return lines;
    }

    public static string Of(Tensor tensor, Func<double, string> format) => string.Join("\n", Lines(tensor, format));

    /// <summary>
    /// A tensor in a few characters, for a trace's cell: small ones (up to <see cref="BriefElements"/>) whole, larger
    /// ones as their shape and first elements, <c>2×50 [0.12, -0.3, 0.05, …]</c>.
    /// </summary>
    public static string Brief(Tensor tensor, Func<double, string> format)
    {
        if (tensor.Count <= BriefElements) return Of(tensor, format);
        return $"{Shapes.Text(tensor.Shape)} [{string.Join(", ", tensor.Data.Take(3).Select(format))}, …]";
    }

    /// <summary>Tensors up to this many elements are shown whole in a trace.</summary>
    public const int BriefElements = 12;

    // The indices shown along an axis of `size`: all of them, or the first and last few with -1 for the ellipsis.
    private static IEnumerable<int> Shown(int size)
    {
        if (size <= Threshold)
        {
            for (int i = 0; i < size; i++) yield return i;
            yield break;
        }
        for (int i = 0; i < EdgeItems; i++) yield return i;
        yield return -1;
        for (int i = size - EdgeItems; i < size; i++) yield return i;
    }
}
