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
/// <remarks>What it takes after its expression (options, wrt, data, a file) is the library's <see cref="Backprop.Lang.Commands.CommandCatalog"/>.</remarks>
internal sealed record ReplCommand(string Name, string Usage, Localized Summary, Localized Help, CommandHandler Run);
