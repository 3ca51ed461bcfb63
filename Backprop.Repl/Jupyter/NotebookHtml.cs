using System.Text;
using Backprop.Lang.Drawing;
using Backprop.Lang.Tensors;

namespace Backprop.Repl.Jupyter;

/// <summary>
/// The HTML a notebook shows beside the text: tables of the same rows the terminal prints, and tensors as grids
/// coloured by sign and size. Styles are inline and few: front ends style tables themselves, and a style element in
/// an output would restyle the whole notebook.
/// </summary>
internal sealed class NotebookHtml
{
    // Front ends style tables themselves; cells only need to read left to right and top down (a grid is tall).
    private const string Cell = "text-align:left;vertical-align:top";
    private const string Mono = "font-family:ui-monospace,'DejaVu Sans Mono',Menlo,Consolas,monospace";

    private readonly StringBuilder _html = new("<div class=\"backprop-output\">");

    public NotebookHtml Paragraph(string text)
    {
        _html.Append("<p>").Append(Text(text)).Append("</p>");
        return this;
    }

    public NotebookHtml Pre(string text)
    {
        _html.Append("<pre>").Append(Escape(text)).Append("</pre>");
        return this;
    }

    /// <summary>Markup that is already HTML (a grid, an SVG picture).</summary>
    public NotebookHtml Raw(string html)
    {
        _html.Append(html);
        return this;
    }

    /// <param name="rows">Each row's cells as HTML (see <see cref="Text"/> and <see cref="Grid"/>).</param>
    public NotebookHtml Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, string? caption = null, int omitted = 0)
    {
        _html.Append("<table style=\"border-collapse:collapse;margin:4px 0\">");
        if (caption is not null) _html.Append("<caption style=\"text-align:left;font-style:italic\">").Append(Text(caption)).Append("</caption>");
        _html.Append("<thead><tr>");
        foreach (var header in headers) _html.Append("<th style=\"").Append(Cell).Append("\">").Append(Text(header)).Append("</th>");
        _html.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            _html.Append("<tr>");
            foreach (var cell in row) _html.Append("<td style=\"").Append(Cell).Append("\">").Append(cell).Append("</td>");
            _html.Append("</tr>");
        }
        _html.Append("</tbody></table>");
        if (omitted > 0) Paragraph(KernelMessages.RowsOmitted(omitted));
        return this;
    }

    public override string ToString() => _html.ToString() + "</div>";

    /// <summary>
    /// The five characters HTML gives a meaning to, as entities; everything else as it is (WebUtility.HtmlEncode would
    /// also turn × and ² into numeric entities, which front ends show the same but people reading the notebook do not).
    /// </summary>
    public static string Escape(string text) =>
        text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;").Replace("'", "&#39;");

    /// <summary>Text for a cell or a paragraph: escaped, line breaks kept.</summary>
    public static string Text(string text) => Escape(text).Replace("\n", "<br>");

    /// <summary>A number in a table, in the monospace the terminal shows it in.</summary>
    public static string Number(string text) => $"<span style=\"{Mono}\">{Escape(text)}</span>";

    /// <summary>
    /// A tensor as a grid, each cell coloured by its sign and size against the largest element (a heatmap), the
    /// shape beneath; elements left out (numpy's rule) are an ellipsis. A tensor of shape [] is its number.
    /// </summary>
    public static string Grid(Tensor tensor, Func<double, string> element, Func<double, string> full)
    {
        if (tensor.Rank == 0) return Number(element(tensor.Data[0]));
        var html = new StringBuilder("<div style=\"display:inline-block\"><table style=\"border-collapse:collapse;").Append(Mono).Append("\"><tbody>");
        double largest = Heatmap.Largest(tensor);
        var rows = Heatmap.Rows(tensor);
        var template = rows.FirstOrDefault(r => r is not null) ?? [];
        foreach (var row in rows)
        {
            html.Append("<tr>");
            if (row is null)
            {
                foreach (int index in template) html.Append("<td style=\"text-align:center;padding:1px 6px\">").Append(index < 0 ? "⋱" : "⋮").Append("</td>");
            }
            else
            {
                foreach (int index in row)
                {
                    if (index < 0)
                    {
                        html.Append("<td style=\"text-align:center;padding:1px 6px\">…</td>");
                        continue;
                    }
                    double value = tensor.Data[index];
                    html.Append("<td style=\"text-align:right;padding:1px 6px;border:1px solid #fff;background-color:")
                        .Append(Heatmap.Background(value, largest)).Append(";color:").Append(Heatmap.Ink(value, largest))
                        .Append("\" title=\"").Append(Escape(full(value))).Append("\">")
                        .Append(Escape(element(value))).Append("</td>");
                }
            }
            html.Append("</tr>");
        }
        html.Append("</tbody></table><div style=\"color:#666;font-size:smaller\">").Append(Escape(Shapes.Text(tensor.Shape)))
            .Append("</div></div>");
        return html.ToString();
    }
}
