using System.Globalization;
using System.Text;
using Backprop.Lang.Drawing;
using Backprop.Lang.Tensors;
using Backprop.Lang.Text;

namespace Backprop.Web.Model;

/// <summary>How a gradient's cell is coloured: its sign, and how strong the colour is (0 white, 1 full).</summary>
internal readonly record struct Heat(string Sign, double Strength)
{
    /// <summary>The background, white mixed with the sign's colour by <see cref="Strength"/> (the library's heatmap colours).</summary>
    public string Background => Sign == "undefined" ? Heatmap.Undefined : Heatmap.Colour(Strength, negative: Sign == "negative");

    /// <summary>Dark text on a light cell, white on a strong one: the number stays readable.</summary>
    public string Ink => Heatmap.InkFor(Strength);
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

    /// <summary>The grid's rows, as the notebook's grid has them (<see cref="Heatmap.Rows"/>).</summary>
    public static IReadOnlyList<int[]?> Rows(Tensor tensor) => Heatmap.Rows(tensor);

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
    public static double Largest(Tensor tensor) => Heatmap.Largest(tensor);

    public static Heat HeatOf(double value, double largest)
    {
        if (double.IsNaN(value)) return new Heat("undefined", 0);
        if (value == 0) return new Heat("zero", 0);
        return new Heat(value < 0 ? "negative" : "positive", Heatmap.Strength(value, largest));
    }
}
