using System.Text;

namespace Backprop.Lang.Text;

/// <summary>
/// A small line chart in text: the series drawn with Unicode braille dots (each character a 2×4 grid of dots), the
/// largest and smallest value labelled on the left, the first and last x under it. What <c>:train</c> shows of the
/// loss per epoch, in a terminal or as a notebook's text/plain.
/// </summary>
public static class LineChart
{
    /// <summary>The chart as lines, at most <paramref name="width"/> columns wide and <paramref name="height"/> rows of dots high.</summary>
    /// <param name="values">The series; non-finite values are left out.</param>
    /// <param name="first">The x of the first value (epoch 1).</param>
    public static IReadOnlyList<string> Draw(IReadOnlyList<double> values, int width = 60, int height = 8, int first = 1)
    {
        var finite = values.Where(double.IsFinite).ToList();
        if (finite.Count == 0) return [];
        double max = finite.Max(), min = finite.Min();
        string top = NumberText.Format(max, 3), bottom = NumberText.Format(min, 3);
        int label = Math.Max(top.Length, bottom.Length);
        // The plot's columns: what the width leaves after the labels and the axis, and no more than two values a column.
        int columns = Math.Clamp(width - label - 2, 4, Math.Max(4, (values.Count + 1) / 2));
        int dotsWide = columns * 2, dotsHigh = height * 4;
        var dots = new bool[dotsHigh, dotsWide];
        int previous = -1;
        for (int x = 0; x < dotsWide; x++)
        {
            // The value at this dot column: the series sampled evenly (the last value at the last column).
            int index = values.Count == 1 ? 0 : (int)Math.Round((double)x * (values.Count - 1) / (dotsWide - 1));
            double v = values[index];
            if (!double.IsFinite(v))
            {
                previous = -1;
                continue;
            }
            int y = max == min ? dotsHigh / 2 : (int)Math.Round((max - v) / (max - min) * (dotsHigh - 1));
            // Joined to the dot before it, so a steep fall is a line, not scattered dots.
            int from = previous < 0 ? y : previous;
            for (int k = Math.Min(from, y); k <= Math.Max(from, y); k++)
            {
                dots[k, x] = true;
            }
            previous = y;
        }
        var lines = new List<string>(height + 1);
        for (int row = 0; row < height; row++)
        {
            var line = new StringBuilder();
            string axisLabel = row == 0 ? top : row == height - 1 ? bottom : "";
            line.Append(axisLabel.PadLeft(label)).Append(" ┤");
            for (int c = 0; c < columns; c++)
            {
                line.Append(Braille(dots, row * 4, c * 2));
            }
            lines.Add(line.ToString().TrimEnd());
        }
        string last = (first + values.Count - 1).ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
        string start = first.ToString(System.Globalization.CultureInfo.InvariantCulture);
        lines.Add(new string(' ', label + 2) + start + last.PadLeft(Math.Max(1, columns - start.Length)));
        return lines;
    }

    // The braille character whose dots are the 4×2 block at (row, column): dots 1-2-3-7 down the left, 4-5-6-8 down the right.
    private static char Braille(bool[,] dots, int row, int column)
    {
        ReadOnlySpan<int> left = [0x01, 0x02, 0x04, 0x40];
        ReadOnlySpan<int> right = [0x08, 0x10, 0x20, 0x80];
        int bits = 0;
        for (int k = 0; k < 4; k++)
        {
            if (dots[row + k, column]) bits |= left[k];
            if (column + 1 < dots.GetLength(1) && dots[row + k, column + 1]) bits |= right[k];
        }
        return (char)(0x2800 + bits);
    }
}
