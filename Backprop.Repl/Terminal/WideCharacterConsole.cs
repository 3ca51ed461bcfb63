using System.Text;
using System.Text.RegularExpressions;
using Backprop.Lang.Text;
using Spectre.Console;
using Spectre.Console.Advanced;
using Spectre.Console.Rendering;

namespace Backprop.Repl.Terminal;

/// <summary>
/// The console RadLine draws the line through, made to count a wide character (み, 消, １) as two columns.
/// </summary>
/// <remarks>
/// RadLine 0.6.0 counts UTF-16 characters: it pads the line it draws to the terminal's width in characters and puts
/// the cursor at the character's index. A line with Japanese in it is then wider than the terminal, the terminal
/// wraps it, and RadLine's next redraw clears only the wrapped row: typing みかん = 150 left partial prompt lines
/// behind, and the cursor stood left of where the text was. Each line RadLine draws is one control sequence,
/// "clear the row, column 1, prompt, text, padding, cursor to column N"; this rewrites it: the padding goes (the row was
/// cleared), the cursor column is counted in display columns, and a line wider than the terminal is shown as a window
/// around the cursor. Everything else passes through unchanged, so a line of ASCII is drawn exactly as before.
/// </remarks>
internal sealed partial class WideCharacterConsole(IAnsiConsole inner) : IAnsiConsole
{
    public Profile Profile => inner.Profile;
    public IAnsiConsoleCursor Cursor => inner.Cursor;
    public IAnsiConsoleInput Input => inner.Input;
    public IExclusivityMode ExclusivityMode => inner.ExclusivityMode;
    public RenderPipeline Pipeline => inner.Pipeline;

    public void Clear(bool home) => inner.Clear(home);

    public void Write(IRenderable renderable)
    {
        var segments = renderable.GetSegments(inner).ToList();
        if (segments.Count == 0 || !segments.All(s => s.IsControlCode))
        {
            inner.Write(renderable);
            return;
        }
        string sequence = string.Concat(segments.Select(s => s.Text));
        string rewritten = Rewrite(sequence, inner.Profile.Width);
        if (ReferenceEquals(rewritten, sequence))
        {
            inner.Write(renderable);
            return;
        }
        inner.WriteAnsi(rewritten);
    }

    /// <summary>Each drawn line in <paramref name="sequence"/> with its padding dropped and its cursor column counted in columns.</summary>
    internal static string Rewrite(string sequence, int width)
    {
        if (!DrawnLine().IsMatch(sequence))
        {
            return sequence;
        }
        bool wide = false;
        string result = DrawnLine().Replace(sequence, match =>
        {
            string drawn = match.Groups[1].Value;
            string visible = Sgr().Replace(drawn, "");
            if (visible.All(c => c < 0x300))
            {
                return match.Value; // nothing wide: as RadLine drew it
            }
            wide = true;
            int cursorIndex = Math.Clamp(int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) - 1, 0, visible.Length);
            string typed = visible.TrimEnd(' ');
            int cursorColumn = DisplayWidth.Of(visible[..cursorIndex]);
            int room = Math.Max(10, width - 1);
            if (DisplayWidth.Of(typed) <= room && cursorColumn <= room)
            {
                return $"\u001b[2K\u001b[1G{TrimPadding(drawn)}\u001b[{cursorColumn + 1}G";
            }
            // Wider than the terminal: plain text, a window that keeps the cursor in view.
            var (window, column) = Window(typed, Math.Min(cursorIndex, typed.Length), cursorColumn, room);
            return $"\u001b[2K\u001b[1G{window}\u001b[{column + 1}G";
        });
        return wide ? result : sequence;
    }

    private static string TrimPadding(string drawn)
    {
        int end = drawn.Length;
        while (end > 0 && drawn[end - 1] == ' ') end--;
        return drawn[..end];
    }

    private static (string Text, int CursorColumn) Window(string text, int cursorIndex, int cursorColumn, int room)
    {
        int start = 0, skipped = 0;
        while (cursorColumn - skipped > room - 1 && start < cursorIndex)
        {
            skipped += DisplayWidth.Of(new Rune(char.IsSurrogate(text[start]) ? '?' : text[start]));
            start++;
        }
        var shown = new StringBuilder();
        int used = 0;
        for (int i = start; i < text.Length; i++)
        {
            int w = DisplayWidth.Of(new Rune(char.IsSurrogate(text[i]) ? '?' : text[i]));
            if (used + w > room) break;
            shown.Append(text[i]);
            used += w;
        }
        return (shown.ToString(), cursorColumn - skipped);
    }

    // RadLine's drawn line: clear the row, column 1, the prompt and text (with colour codes), then the cursor's column.
    [GeneratedRegex(@"\u001b\[2K\u001b\[1G((?:(?!\u001b\[\d+G).)*)\u001b\[(\d+)G", RegexOptions.Singleline)]
    private static partial Regex DrawnLine();

    [GeneratedRegex(@"\u001b\[[0-9;]*m")]
    private static partial Regex Sgr();
}
