using Backprop.Lang.Evaluation;
using Backprop.Lang.Syntax;
using Backprop.Repl.Commands;
using Backprop.Repl.Terminal;

namespace Backprop.Repl.Jupyter;

/// <summary>
/// What a front end asks about code before running it: completions (the REPL's own <see cref="Completion"/>), help
/// on the name under the cursor (a command's help text, a function's layer and local rule, a variable's value), and
/// whether a cell is complete (a <c>(</c> or <c>[</c> still open means the statement goes on).
/// Cursor positions are in Unicode code points, as the protocol counts them since 5.2; strings here are UTF-16.
/// </summary>
internal static class CodeIntrospection
{
    /// <summary>What <c>is_complete</c> tells a console to indent a continuation line with.</summary>
    public const string ContinuationIndent = "    ";

    public sealed record Completions(int CursorStart, int CursorEnd, IReadOnlyList<string> Matches);

    public static Completions Complete(Session session, string code, int cursorPosition)
    {
        int cursor = ToUtf16(code, cursorPosition);
        int lineStart = code.LastIndexOf('\n', Math.Max(0, cursor - 1)) + 1;
        if (cursor == 0) lineStart = 0;
        string before = code[lineStart..cursor];
        int wordStart = before.Length;
        while (wordStart > 0 && !char.IsWhiteSpace(before[wordStart - 1])) wordStart--;
        string word = before[wordStart..];
        int lineEnd = code.IndexOf('\n', cursor);
        string suffix = code[cursor..(lineEnd < 0 ? code.Length : lineEnd)];

        var completion = new Completion(CommandTable.NamesWithColon, Functions.Names,
            () => session.Variables.Select(v => v.Name).Concat(session.UserFunctions.Names));
        var candidates = completion.GetCompletions(before[..wordStart], word, suffix) ?? [];
        // The candidates keep the run's head ("(1*grad" for "(1*gr"); a front end replaces just the name.
        int head = word.StartsWith(':') ? 0 : NameStart(word);
        var matches = candidates.Select(c => c[Math.Min(head, c.Length)..]).Distinct().ToList();
        int start = lineStart + wordStart + head;
        return new Completions(ToCodePoints(code, start), cursorPosition, matches);
    }

    /// <summary>Help on the name at the cursor; null when there is no name there that backprop knows.</summary>
    public static string? Inspect(Session session, string code, int cursorPosition, Output.NumberFormat numbers)
    {
        int cursor = ToUtf16(code, cursorPosition);
        int start = cursor, end = cursor;
        while (start > 0 && IsNameChar(code[start - 1])) start--;
        while (end < code.Length && IsNameChar(code[end])) end++;
        if (start == end) return null;
        string name = code[start..end];
        int lineStart = code.LastIndexOf('\n', Math.Max(0, start - 1)) + 1;
        if (start == 0) lineStart = 0;
        string line = code[lineStart..start].TrimStart();
        bool command = start > 0 && code[start - 1] == ':' || line is ":help " or ":help";
        if (command && CommandTable.Find(name) is { } found)
        {
            return KernelMessages.CommandHelp(found.Usage, found.Summary, found.Help);
        }
        if (session.UserFunctions.TryGet(name, out var function))
        {
            return KernelMessages.UserFunctionHelp(function.Text, function.Source.Number);
        }
        if (Functions.TryGet(name, out var layer))
        {
            return KernelMessages.LayerHelp(name, layer.Name, layer.Arity, layer.Rule);
        }
        if (Functions.IsFunction(name))
        {
            return KernelMessages.BuiltinHelp(name);
        }
        if (session.TryGetVariable(name, out var variable))
        {
            string value = variable.Tensor is { } tensor ? Lang.Text.TensorText.Of(tensor, numbers.Format) : numbers.Format(variable.Value);
            return KernelMessages.VariableHelp(name, value, variable.Kind == VariableKind.Input ? "input" : "intermediate");
        }
        if (Constants.TryGet(name, out double constant))
        {
            return KernelMessages.VariableHelp(name, numbers.Format(constant), KernelMessages.ConstantHelp);
        }
        return CommandTable.Find(name) is { } bare ? KernelMessages.CommandHelp(bare.Usage, bare.Summary, bare.Help) : null;
    }

    /// <summary>
    /// <c>complete</c>, <c>incomplete</c> (a bracket still open: the next line continues the statement) or <c>invalid</c>
    /// (a statement that cannot parse, or brackets left open before a blank line, which ends a statement).
    /// </summary>
    public static string IsComplete(string code)
    {
        if (code.Trim().Length == 0) return "complete";
        var statements = CellRunner.Statements(code, "<cell>");
        for (int i = 0; i < statements.Count; i++)
        {
            int open = CellRunner.OpenBrackets(statements[i].Text);
            if (open > 0)
            {
                bool last = i == statements.Count - 1;
                return last && !EndsWithBlankLine(code) ? "incomplete" : "invalid";
            }
            if (SyntaxParser.ParseLine(statements[i]).Diagnostics.Any(d => d.IsError)) return "invalid";
        }
        return "complete";
    }

    // Enter on an empty continuation line: the statement ends there, as at the REPL's "..>" prompt.
    private static bool EndsWithBlankLine(string code)
    {
        int newline = code.LastIndexOf('\n');
        return newline >= 0 && code[(newline + 1)..].Trim().Length == 0;
    }

    private static int NameStart(string word)
    {
        int start = word.Length;
        while (start > 0 && IsNameChar(word[start - 1])) start--;
        return start;
    }

    private static bool IsNameChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    /// <summary>The UTF-16 index of code point <paramref name="codePoints"/>, clamped to the text.</summary>
    public static int ToUtf16(string text, int codePoints)
    {
        int index = 0;
        for (int n = 0; n < codePoints && index < text.Length; n++)
        {
            index += char.IsHighSurrogate(text[index]) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]) ? 2 : 1;
        }
        return index;
    }

    public static int ToCodePoints(string text, int utf16)
    {
        int count = 0;
        for (int i = 0; i < utf16 && i < text.Length; i++)
        {
            if (!(char.IsLowSurrogate(text[i]) && i > 0 && char.IsHighSurrogate(text[i - 1]))) count++;
        }
        return count;
    }
}
