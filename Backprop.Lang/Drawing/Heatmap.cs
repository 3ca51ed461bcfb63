using System.Globalization;
using Backprop.Lang.Tensors;
using Backprop.Lang.Text;

namespace Backprop.Lang.Drawing;

/// <summary>
/// A tensor as a grid of cells coloured by sign and by size against its largest element: red for positive, blue for
/// negative, white for zero, grey where the number is undefined. The page's gradient colours, so a notebook and the
/// page read alike. Which elements a grid shows follows numpy's rule (<see cref="TensorText"/>): at most 7×7 cells.
/// </summary>
public static class Heatmap
{
    private static readonly (int R, int G, int B) Positive = (0xc0, 0x39, 0x2b);
    private static readonly (int R, int G, int B) Negative = (0x21, 0x66, 0xac);

    /// <summary>The cell's background for <paramref name="value"/> when the largest |element| is <paramref name="largest"/>.</summary>
    public static string Background(double value, double largest) =>
        double.IsNaN(value) ? Undefined : Colour(Strength(value, largest), negative: value < 0);

    /// <summary>Dark text on a light cell, white on a strong one, so the number stays readable.</summary>
    public static string Ink(double value, double largest) => InkFor(Strength(value, largest));

    /// <summary>The grey of a cell whose number is undefined (NaN).</summary>
    public const string Undefined = "#e0e0e0";

    /// <summary>White mixed with the sign's colour by <paramref name="strength"/> (0 white, 1 full).</summary>
    public static string Colour(double strength, bool negative)
    {
        var (r, g, b) = negative ? Negative : Positive;
        int Mix(int channel) => (int)Math.Round(255 - (255 - channel) * strength);
        return string.Create(CultureInfo.InvariantCulture, $"#{Mix(r):x2}{Mix(g):x2}{Mix(b):x2}");
    }

    /// <summary>The text colour on a cell of <paramref name="strength"/>.</summary>
    public static string InkFor(double strength) => strength > 0.55 ? "#fff" : "#222";

    /// <summary>How strong a cell's colour is: |value| against the largest, 0 for zero or NaN, 1 for an infinity.</summary>
    public static double Strength(double value, double largest) =>
        double.IsNaN(value) || value == 0 ? 0 : double.IsInfinity(value) || largest == 0 ? 1 : Math.Min(1, Math.Abs(value) / largest);

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

    /// <summary>
    /// The grid's rows, top to bottom: each the flat indices of its shown elements, -1 where the columns' ellipsis
    /// stands; a null row is the rows' ellipsis. A vector is one row; leading axes are stacked as rows.
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
}
