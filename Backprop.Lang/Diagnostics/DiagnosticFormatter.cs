using System.Text;

namespace Backprop.Lang.Diagnostics;

/// <summary>Renders a diagnostic as compilers do: a header, the source line, and a caret line under the span.</summary>
public static class DiagnosticFormatter
{
    /// <summary>Longer source lines are shown as a window around the span, so a 1 MB line prints a short excerpt.</summary>
    public const int MaxShownWidth = 100;

    public static string Format(Diagnostic diagnostic)
    {
        var builder = new StringBuilder();
        string kind = diagnostic.IsError ? Text.Language.Text("error", "エラー") : Text.Language.Text("warning", "警告");
        builder.Append(diagnostic.Path).Append(':').Append(diagnostic.Line).Append(':').Append(diagnostic.Column)
            .Append(": ").Append(kind).Append(": ").Append(diagnostic.Message).Append('\n');
        var (source, caret) = SourceAndCaret(diagnostic);
        builder.Append("  ").Append(source).Append('\n');
        builder.Append("  ").Append(caret);
        return builder.ToString();
    }

    /// <summary>The (possibly shortened) source line with unprintable characters made visible, and the caret line under it.</summary>
    public static (string Source, string Caret) SourceAndCaret(Diagnostic diagnostic)
    {
        string text = diagnostic.Source.Text;
        int start = Math.Clamp(diagnostic.Span.Start, 0, text.Length);
        int end = Math.Clamp(diagnostic.Span.End, start, text.Length);

        int from = 0, to = text.Length;
        if (to - from > MaxShownWidth)
        {
            from = Math.Max(0, start - MaxShownWidth / 2);
            to = Math.Min(text.Length, from + MaxShownWidth);
        }
        var source = new StringBuilder();
        var caret = new StringBuilder();
        if (from > 0)
        {
            source.Append('…');
            caret.Append(' ');
        }
        for (int i = from; i < to; i++)
        {
            char c = text[i];
            string shown = Visible(c);
            source.Append(shown);
            // Tabs are copied so the caret stays under the span whatever the terminal's tab width.
            char pad = c == '\t' ? '\t' : ' ';
            if (char.IsLowSurrogate(c) && i > from && char.IsHighSurrogate(text[i - 1]))
            {
                continue;
            }
            // A wide character (り, １) takes two columns, so the caret line gives it two.
            int columns = c == '\t' ? 1 : shown.Length == 1 || char.IsHighSurrogate(c) ? Text.DisplayWidth.Of(CharAt(text, i)) : shown.Length;
            if (i < start)
            {
                caret.Append(pad, columns);
            }
            else if (i < end)
            {
                caret.Append('^', Math.Max(1, columns));
            }
        }
        if (to < text.Length)
        {
            source.Append('…');
        }
        if (end == start || start >= to)
        {
            caret.Append('^');
        }
        return (source.ToString(), caret.ToString());
    }

    private static System.Text.Rune CharAt(string text, int i) =>
        System.Text.Rune.TryGetRuneAt(text, i, out var rune) ? rune : System.Text.Rune.ReplacementChar;

    private static string Visible(char c) => Printable.Show(c).ToString();
}
