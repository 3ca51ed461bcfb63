using System.Globalization;
using System.Text;
using Backprop.Lang.Tensors;
using Backprop.Lang.Text;

namespace Backprop.Web.Model;

/// <summary>How a gradient's cell is coloured: its sign, and how strong the colour is (0 white, 1 full).</summary>
internal readonly record struct Heat(string Sign, double Strength)
{
    // The page's gradient red for positive (as on the graph's edges), a blue of the same weight for negative.
    private static readonly (int R, int G, int B) Positive = (0xc0, 0x39, 0x2b);
    private static readonly (int R, int G, int B) Negative = (0x21, 0x66, 0xac);

    /// <summary>The background, white mixed with the sign's colour by <see cref="Strength"/>.</summary>
    public string Background
    {
        get
        {
            if (Sign == "undefined") return "#e0e0e0";
            var (r, g, b) = Sign == "negative" ? Negative : Positive;
            double strength = Strength;
            int Mix(int channel) => (int)Math.Round(255 - (255 - channel) * strength);
            return string.Create(CultureInfo.InvariantCulture, $"#{Mix(r):x2}{Mix(g):x2}{Mix(b):x2}");
        }
    }

    /// <summary>Dark text on a light cell, white on a strong one: the number stays readable.</summary>
    public string Ink => Strength > 0.55 ? "#fff" : "#222";
}

/// <summary>
/// How the page shows a tensor, as the REPL prints one: at most 6 significant digits an element, each axis longer than
/// <see cref="TensorText.Threshold"/> shown as its first and last <see cref="TensorText.EdgeItems"/> around an
/// ellipsis (numpy's rule, so at most 7×7 cells), leading axes stacked as rows, and a gradient's cells coloured by
/// sign and by size relative to the tensor's largest element (a heatmap).
/// </summary>
internal static class TensorDisplay
{
    public static string Element(double value) => NumberText.Format(value, 6);

    public static string Shape(Tensor tensor) => Shapes.Text(tensor.Shape);

    /// <summary>
    /// The tensor on one line, whole when small (<c>[[1, 2], [3, 4]]</c>), else its shape and first elements: the
    /// grid's lines joined, without the spaces that align its columns.
    /// </summary>
    public static string Brief(Tensor tensor)
    {
        string lines = TensorText.Brief(tensor, Element).Replace("\n", "");
        var text = new StringBuilder(lines.Length);
        foreach (char c in lines)
        {
            bool aligning = c == ' ' && text.Length > 0 && (text[^1] == '[' || (text[^1] == ' ' && text.Length > 1 && text[^2] == ','));
            if (!aligning) text.Append(c);
        }
        return text.ToString();
    }

    /// <summary>
    /// A tensor on a graph's edge: its shape, and its elements too when they fit in a few characters
    /// (<c>[1, -1] (2)</c>), as <c>backprop dot</c> labels edges.
    /// </summary>
    public static string Edge(Tensor tensor)
    {
        if (tensor.Rank == 0) return Numbers.Format(tensor.Data[0]);
        string whole = $"{Brief(tensor)} ({Shape(tensor)})";
        return tensor.Count <= 4 && whole.Length <= MaxEdgeText ? whole : Shape(tensor);
    }

    /// <summary>Longer edge labels run into the next column's.</summary>
    public const int MaxEdgeText = 14;

    /// <summary>
    /// The grid's rows, top to bottom: each the flat indices of its shown elements, -1 where the columns' ellipsis
    /// stands; a null row is the rows' ellipsis. A vector is one row; more axes are stacked (the matrix view).
    /// </summary>
    public static IReadOnlyList<int[]?> Rows(Tensor tensor)
    {
        if (tensor.Count == 0) return [];
        var (rows, columns) = tensor.Matrix;
        var shownColumns = Shown(columns).ToArray();
        var grid = new List<int[]?>();
        foreach (int r in Shown(rows))
        {
            grid.Add(r < 0 ? null : Array.ConvertAll(shownColumns, c => c < 0 ? -1 : r * columns + c));
        }
        return grid;
    }

    /// <summary>The indices shown along an axis of <paramref name="size"/>: all, or the first and last few with -1 between.</summary>
    public static IEnumerable<int> Shown(int size)
    {
        if (size <= TensorText.Threshold)
        {
            for (int i = 0; i < size; i++) yield return i;
            yield break;
        }
        for (int i = 0; i < TensorText.EdgeItems; i++) yield return i;
        yield return -1;
        for (int i = size - TensorText.EdgeItems; i < size; i++) yield return i;
    }

    /// <summary>Whether the row holding flat index <paramref name="index"/> starts a new block of a tensor of 3 or more axes.</summary>
    public static bool StartsBlock(Tensor tensor, int index)
    {
        if (tensor.Rank < 3 || index < 0) return false;
        int columns = tensor.Shape[^1], rowsPerBlock = tensor.Shape[^2];
        int row = index / columns;
        return row > 0 && row % rowsPerBlock == 0;
    }

    /// <summary><c>[1, 2]</c>: where element <paramref name="index"/> (flat, row-major) sits.</summary>
    public static string Position(Tensor tensor, int index)
    {
        var at = new int[tensor.Rank];
        for (int axis = tensor.Rank - 1; axis >= 0; axis--)
        {
            at[axis] = index % tensor.Shape[axis];
            index /= tensor.Shape[axis];
        }
        return "[" + string.Join(", ", at) + "]";
    }

    /// <summary>The largest finite |element|: what a full colour stands for.</summary>
    public static double Largest(Tensor tensor)
    {
        double largest = 0;
        foreach (double v in tensor.Data)
        {
            if (double.IsFinite(v)) largest = Math.Max(largest, Math.Abs(v));
        }
        return largest;
    }

    public static Heat HeatOf(double value, double largest)
    {
        if (double.IsNaN(value)) return new Heat("undefined", 0);
        if (value == 0) return new Heat("zero", 0);
        double strength = double.IsInfinity(value) ? 1 : Math.Min(1, Math.Abs(value) / largest);
        return new Heat(value < 0 ? "negative" : "positive", strength);
    }
}
