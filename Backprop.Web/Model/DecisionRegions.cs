using Backprop.Lang.Analysis;
using Backprop.Lang.Tensors;

namespace Backprop.Web.Model;

/// <summary>A run of grid cells in one row that pick the same class with about the same confidence: one rectangle.</summary>
/// <param name="Level">How sure the scores are, 0 (hardly more than a guess) to <see cref="DecisionRegions.Levels"/> - 1.</param>
public readonly record struct RegionRun(int Row, int Column, int Length, int Class, int Level);

/// <summary>A data point in the picture's square (0 to 1 across, 0 to 1 down) and its class (-1 when it has none).</summary>
public readonly record struct RegionPoint(double X, double Y, int Class);

/// <summary>
/// A classifier's decision regions over two-dimensional data, as the TensorFlow Playground draws them: a grid of
/// <see cref="Cells"/>×<see cref="Cells"/> over the data's bounding box (made square, with a margin), each cell coloured
/// by the class its scores pick (argmax) and shaded by how sure the softmax of those scores is; the data points go on
/// top in the colour of their class. Positions are fractions of the square, so the component picks the size.
/// </summary>
public sealed record DecisionRegions(int Classes, IReadOnlyList<RegionRun> Runs, IReadOnlyList<RegionPoint> Points)
{
    public const int Cells = 50;

    /// <summary>Shades of confidence: few enough that neighbouring cells merge into one rectangle.</summary>
    public const int Levels = 4;

    private const double Margin = 0.1;

    /// <summary>Whether <paramref name="run"/> can be drawn so: a classifier (its scores known) on data whose first variable has two columns.</summary>
    public static bool Drawable(Training run, Tensor? points) => run.ScoresNode >= 0 && points is { Rank: 2 } && points.Shape[1] == 2;

    /// <summary>The regions with the parameters as they are now, or null when <paramref name="run"/> is not drawable so.</summary>
    /// <param name="points">The first data variable's value (rows of x, y).</param>
    /// <param name="labels">The second's: class indices, or one-hot rows; null when there is none.</param>
    public static DecisionRegions? Of(Training run, Tensor points, Tensor? labels)
    {
        if (!Drawable(run, points) || points.Shape[0] == 0) return null;
        var (left, bottom, side) = Square(points);
        var grid = new double[Cells * Cells * 2];
        for (int row = 0; row < Cells; row++)
        {
            for (int column = 0; column < Cells; column++)
            {
                int at = (row * Cells + column) * 2;
                grid[at] = left + (column + 0.5) * side / Cells;
                grid[at + 1] = bottom + side - (row + 0.5) * side / Cells;
            }
        }
        if (run.ScoresAt(new Tensor([Cells * Cells, 2], grid)) is not { Rank: 2 } scores) return null;
        int classes = scores.Shape[1];
        var runs = new List<RegionRun>();
        for (int row = 0; row < Cells; row++)
        {
            RegionRun? open = null;
            for (int column = 0; column < Cells; column++)
            {
                var (picked, level) = Pick(scores.Data.AsSpan((row * Cells + column) * classes, classes));
                if (open is { } current && current.Class == picked && current.Level == level)
                {
                    open = current with { Length = current.Length + 1 };
                    continue;
                }
                if (open is { Class: >= 0 } finished) runs.Add(finished);
                open = new RegionRun(row, column, 1, picked, level);
            }
            if (open is { Class: >= 0 } last) runs.Add(last);
        }
        var shown = new RegionPoint[points.Shape[0]];
        for (int r = 0; r < shown.Length; r++)
        {
            double x = points.Data[r * 2], y = points.Data[r * 2 + 1];
            shown[r] = new RegionPoint((x - left) / side, 1 - (y - bottom) / side, ClassOf(labels, r, classes));
        }
        return new DecisionRegions(classes, runs, shown);
    }

    /// <summary>The data's bounding box, widened to a square (so the picture keeps the data's proportions) with a margin.</summary>
    private static (double Left, double Bottom, double Side) Square(Tensor points)
    {
        double minX = double.PositiveInfinity, maxX = double.NegativeInfinity, minY = double.PositiveInfinity, maxY = double.NegativeInfinity;
        for (int r = 0; r < points.Shape[0]; r++)
        {
            double x = points.Data[r * 2], y = points.Data[r * 2 + 1];
            if (!double.IsFinite(x) || !double.IsFinite(y)) continue;
            (minX, maxX, minY, maxY) = (Math.Min(minX, x), Math.Max(maxX, x), Math.Min(minY, y), Math.Max(maxY, y));
        }
        if (minX > maxX) (minX, maxX, minY, maxY) = (-1, 1, -1, 1);
        double side = Math.Max(Math.Max(maxX - minX, maxY - minY), 1e-9) * (1 + 2 * Margin);
        return ((minX + maxX - side) / 2, (minY + maxY - side) / 2, side);
    }

    /// <summary>The class the scores pick and how sure their softmax is: the top probability from 1/classes (0) to 1.</summary>
    private static (int Class, int Level) Pick(ReadOnlySpan<double> scores)
    {
        int best = 0;
        for (int k = 1; k < scores.Length; k++)
        {
            if (scores[k] > scores[best]) best = k;
        }
        if (!double.IsFinite(scores[best])) return (-1, 0);
        double sum = 0;
        foreach (double s in scores) sum += Math.Exp(s - scores[best]);
        double top = 1 / sum, chance = 1.0 / scores.Length;
        double sure = scores.Length == 1 ? 1 : (top - chance) / (1 - chance);
        return (best, Math.Clamp((int)(sure * Levels), 0, Levels - 1));
    }

    /// <summary>A row's class: its index when the labels are one number a row, the largest entry of a one-hot row; -1 otherwise.</summary>
    private static int ClassOf(Tensor? labels, int row, int classes)
    {
        if (labels is null || labels.Rank == 0) return -1;
        int width = labels.Count / labels.Shape[0];
        var values = labels.Data.AsSpan(row * width, width);
        int found;
        if (width == 1)
        {
            double v = values[0];
            found = v == Math.Floor(v) && v >= 0 && v < classes ? (int)v : -1;
        }
        else if (width == classes)
        {
            found = 0;
            for (int k = 1; k < width; k++)
            {
                if (values[k] > values[found]) found = k;
            }
        }
        else
        {
            found = -1;
        }
        return found;
    }
}
