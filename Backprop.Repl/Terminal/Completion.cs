using Backprop.Lang.Evaluation;
using RadLine;

namespace Backprop.Repl.Terminal;

/// <summary>Tab completion of :commands, function names, the constants pi and e, and the session's variable names.</summary>
/// <remarks>
/// RadLine 0.6.0's <c>word</c> is the whitespace-delimited run under the cursor, such as <c>(1*gr</c>. It
/// replaces the whole run with the candidate it picks, takes the first candidate that starts with the run, and
/// on the next Tab moves on from the candidate equal to the run. So candidates keep the run's head
/// (<c>(1*grad_w</c>), and while the user is cycling the same list is returned again: recomputing it from the
/// completed word would narrow it to that one word. The name completed is the one at the end of the run.
/// </remarks>
internal sealed class Completion : ITextCompletion
{
    private readonly string[] _commands;
    private readonly string[] _functions;
    private readonly Func<IEnumerable<string>> _variables;

    private string? _cyclePrefix;
    private List<string>? _cycle;

    /// <param name="commandNames">Commands with their colon, such as ":grad".</param>
    /// <param name="functionNames">Built-in functions, such as "sin".</param>
    /// <param name="variableNames">The variables defined now; asked again on each completion.</param>
    public Completion(IEnumerable<string> commandNames, IEnumerable<string> functionNames, Func<IEnumerable<string>> variableNames)
    {
        _commands = [.. commandNames.Order(StringComparer.Ordinal)];
        _functions = [.. functionNames];
        _variables = variableNames;
    }

    public IEnumerable<string>? GetCompletions(string prefix, string word, string suffix)
    {
        if (_cycle is not null && _cyclePrefix == prefix && _cycle.Contains(word))
            return _cycle;

        _cyclePrefix = prefix;
        _cycle = Candidates(prefix, word);
        return _cycle.Count == 0 ? null : _cycle;
    }

    private List<string> Candidates(string prefix, string word)
    {
        var atLineStart = string.IsNullOrWhiteSpace(prefix);
        if (word.StartsWith(':'))
            return atLineStart ? [.. _commands.Where(c => c.StartsWith(word, StringComparison.Ordinal))] : [];

        var nameStart = word.Length;
        while (nameStart > 0 && IsNameChar(word[nameStart - 1]))
            nameStart--;
        var head = word[..nameStart];
        var stem = word[nameStart..];
        if (stem.Length > 0 && char.IsDigit(stem[0]))
            return []; // a number, not a name

        var names = _functions.Concat(Constants.Names).Concat(_variables()).Distinct().Order(StringComparer.Ordinal)
            .Where(n => n.StartsWith(stem, StringComparison.Ordinal))
            .Select(n => head + n);
        return word.Length == 0 && atLineStart ? [.. _commands, .. names] : [.. names];
    }

    private static bool IsNameChar(char c) => char.IsLetterOrDigit(c) || c == '_';
}
