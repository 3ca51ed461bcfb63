using System.Globalization;
using System.Text;
using Backprop.Lang.Text;

namespace Backprop.Lang.Drawing;

/// <summary>
/// A series as a standalone SVG line chart: the loss per epoch of <c>:train</c>, or per step of <c>:descend</c>. The
/// largest and smallest values label the y axis and the first and last x the x axis, as <see cref="LineChart"/>
/// does in text. Attributes only, no style sheet (see <see cref="GraphSvg"/>).
/// </summary>
public static class LineChartSvg
{
    /// <summary>Past this many values the series is sampled evenly (the last one kept): a chart has no more pixels.</summary>
    public const int MaxPoints = 1000;

    /// <param name="values">The series; values that are not finite are left out.</param>
    /// <param name="first">The x of the first value (epoch 1, or step 0).</param>
    public static string Write(IReadOnlyList<double> values, string xLabel, string yLabel, int first = 1, int width = 480, int height = 220)
    {
        const double left = 64, right = 16, top = 16, bottom = 40;
        double plotWidth = width - left - right, plotHeight = height - top - bottom;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"11\" role=\"img\" aria-label=\"{GraphSvg.Escape(yLabel)} by {GraphSvg.Escape(xLabel)}\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{width}\" height=\"{height}\" fill=\"#fff\"/>\n");
        svg.Append(CultureInfo.InvariantCulture,
            $"<path d=\"M {Px(left)} {Px(top)} L {Px(left)} {Px(top + plotHeight)} L {Px(left + plotWidth)} {Px(top + plotHeight)}\" fill=\"none\" stroke=\"#999\"/>\n");

        var finite = values.Where(double.IsFinite).ToList();
        if (finite.Count > 0)
        {
            double max = finite.Max(), min = finite.Min();
            double span = max > min ? max - min : 1;
            int count = values.Count;
            double X(int i) => left + (count == 1 ? plotWidth / 2 : plotWidth * i / (count - 1));
            double Y(double v) => top + plotHeight * (max > min ? (max - v) / span : 0.5);
            var path = new StringBuilder();
            int stride = Math.Max(1, (count + MaxPoints - 1) / MaxPoints);
            bool pen = false;
            // Every stride-th value and the last one.
            for (int i = 0; ; i = Math.Min(i + stride, count - 1))
            {
                double v = values[i];
                if (double.IsFinite(v))
                {
                    path.Append(pen ? " L " : " M ").Append(Px(X(i))).Append(' ').Append(Px(Y(v)));
                }
                pen = double.IsFinite(v);
                if (i == count - 1) break;
            }
            svg.Append(CultureInfo.InvariantCulture, $"<path d=\"{path.ToString().Trim()}\" fill=\"none\" stroke=\"{Analysis.DotWriter.GradientColour}\" stroke-width=\"2\"/>\n");
            if (count == 1) svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{Px(X(0))}\" cy=\"{Px(Y(values[0]))}\" r=\"3\" fill=\"{Analysis.DotWriter.GradientColour}\"/>\n");
            Label(svg, left - 6, top + 4, NumberText.Format(max, 4), "end");
            if (max > min) Label(svg, left - 6, top + plotHeight + 4, NumberText.Format(min, 4), "end");
            Label(svg, left, top + plotHeight + 16, first.ToString(CultureInfo.InvariantCulture), "middle");
            if (count > 1) Label(svg, left + plotWidth, top + plotHeight + 16, (first + count - 1).ToString("N0", CultureInfo.InvariantCulture), "middle");
        }
        Label(svg, left + plotWidth / 2, height - 6, xLabel, "middle");
        svg.Append(CultureInfo.InvariantCulture,
            $"<text x=\"14\" y=\"{Px(top + plotHeight / 2)}\" text-anchor=\"middle\" fill=\"#666\" transform=\"rotate(-90 14 {Px(top + plotHeight / 2)})\">{GraphSvg.Escape(yLabel)}</text>\n");
        return svg.Append("</svg>\n").ToString();
    }

    private static void Label(StringBuilder svg, double x, double y, string text, string anchor) =>
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Px(x)}\" y=\"{Px(y)}\" text-anchor=\"{anchor}\" fill=\"#666\">{GraphSvg.Escape(text)}</text>\n");

    private static string Px(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
