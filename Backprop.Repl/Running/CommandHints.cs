using Backprop.Lang.Diagnostics;
using Backprop.Lang.Syntax;
using Backprop.Lang.Text;
using Backprop.Repl.Commands;

namespace Backprop.Repl.Running;

/// <summary>
/// A command typed without its colon (<c>help</c>, <c>quit</c>, <c>exit</c>, <c>vars</c>, <c>grad x*x</c>): a line that
/// fails and starts with a command's name, which is not a variable, gets "did you mean :help?" instead of
/// "unknown name" or "missing operator".
/// </summary>
internal static class CommandHints
{
    /// <summary>Words people type to leave or ask, mapped to the command that does it.</summary>
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["exit"] = "quit",
        ["q"] = "quit",
    };

    public static Diagnostic? For(SourceLine source, Func<string, bool> isVariable)
    {
        string text = source.Text;
        int start = 0;
        while (start < text.Length && char.IsWhiteSpace(text[start])) start++;
        int end = start;
        while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_')) end++;
        if (end == start || (end < text.Length && text[end] != ' ' && text[end] != '#'))
        {
            return null;
        }
        string word = text[start..end];
        string name = Aliases.GetValueOrDefault(word, word);
        if (isVariable(word) || CommandTable.Find(name) is not { } command)
        {
            return null;
        }
        string rest = text[end..].Split('#')[0].Trim();
        // "grad = 1" is an assignment to the function grad, not the command :grad; its own message says why.
        if (rest.StartsWith('='))
        {
            return null;
        }
        bool takesExpression = CommandSyntax.TakesExpression(name) || CommandSyntax.TakesOptionalExpression(name);
        if (rest.Length > 0 && !takesExpression && name != "help" && name != "set" && name != "load")
        {
            return null;
        }
        string suggestion = rest.Length > 0 ? $":{name} {rest}" : $":{name}";
        return new Diagnostic(Severity.Error, source, new TextSpan(start, end - start), ReplMessages.CommandWithoutColon(word, suggestion));
    }
}
