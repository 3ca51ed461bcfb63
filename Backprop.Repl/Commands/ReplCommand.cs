using Backprop.Lang.Syntax;
using Backprop.Lang.Text;
using Backprop.Repl.Running;

namespace Backprop.Repl.Commands;

internal delegate LineStatus CommandHandler(Interpreter interpreter, CommandStatement command, SourceLine source);

/// <summary>A text a person reads, in English and in Japanese; it reads as the current language's (<see cref="Language"/>).</summary>
internal readonly record struct Localized(string English, string Japanese)
{
    public override string ToString() => Language.Text(English, Japanese);

    public static implicit operator string(Localized text) => text.ToString();
}

/// <summary>A <c>:command</c>: how it is written, what it does, and the code that does it.</summary>
internal sealed record ReplCommand(string Name, string Usage, Localized Summary, Localized Help, CommandHandler Run)
{
    /// <summary>Names accepted as <c>name=value</c> after the expression.</summary>
    public IReadOnlyList<string> Options { get; init; } = [];

    /// <summary>Whether <c>&gt; FILE</c> may follow the expression.</summary>
    public bool AcceptsTarget { get; init; }

    /// <summary>Whether <c>wrt NAME, ...</c> may follow the expression.</summary>
    public bool AcceptsWrt { get; init; }

    /// <summary>Whether <c>data NAME, ...</c> may follow the expression (only <c>:train</c>).</summary>
    public bool AcceptsData { get; init; }
}
