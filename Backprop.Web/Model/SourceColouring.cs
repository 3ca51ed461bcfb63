using Backprop.Lang.Evaluation;

namespace Backprop.Web.Model;

/// <summary>A run of the editor's text and its colour class (null for plain text).</summary>
internal readonly record struct ColouredRun(string Text, string? Class);

/// <summary>
/// The editor's highlighting, with the REPL's colours: numbers (and the constants pi and e), operators, function names, <c>:commands</c> and
/// <c># comments</c>. It only colours: what the text means is the parser's business, so it never rejects anything.
/// </summary>
internal static class SourceColouring
{
    private const string Operators = "+-*/^()=,×÷<>@[]";

    /// <summary>Past this many characters the editor is left plain: a run per token of a megabyte would stall the page.</summary>
    public const int MaxColoured = 50_000;

    public static List<ColouredRun> Of(string typed)
    {
        if (typed.Length > MaxColoured) return [new ColouredRun(typed, null)];
        // Coloured as the grammar reads it (１＋２ as 1+2, Backprop.Lang.Syntax.WidthFold), shown as typed: the same length.
        string text = Backprop.Lang.Syntax.WidthFold.Fold(typed);
        var runs = new List<ColouredRun>();
        int i = 0;
        bool lineStart = true;
        while (i < text.Length)
        {
            char c = text[i];
            int start = i;
            if (c == '\n')
            {
                i++;
                lineStart = true;
                runs.Add(new ColouredRun("\n", null));
                continue;
            }
            if (c == '#')
            {
                while (i < text.Length && text[i] != '\n') i++;
                runs.Add(new ColouredRun(typed[start..i], "comment"));
                continue;
            }
            if (c == ':' && lineStart)
            {
                i++;
                while (i < text.Length && char.IsLetter(text[i])) i++;
                runs.Add(new ColouredRun(typed[start..i], "command"));
                lineStart = false;
                continue;
            }
            if (char.IsWhiteSpace(c))
            {
                while (i < text.Length && char.IsWhiteSpace(text[i]) && text[i] != '\n') i++;
                runs.Add(new ColouredRun(typed[start..i], null));
                continue;
            }
            lineStart = false;
            if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.')) i++;
                if (i < text.Length && text[i] is 'e' or 'E')
                {
                    i++;
                    if (i < text.Length && text[i] is '+' or '-') i++;
                    while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
                }
                runs.Add(new ColouredRun(typed[start..i], "number"));
                continue;
            }
            if (char.IsLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_')) i++;
                string word = text[start..i];
                runs.Add(new ColouredRun(typed[start..i], Functions.Names.Contains(word) ? "function" : Constants.Names.Contains(word) ? "number" : null));
                continue;
            }
            i++;
            runs.Add(new ColouredRun(typed[start..i], Operators.Contains(c) ? "operator" : null));
        }
        return runs;
    }
}
