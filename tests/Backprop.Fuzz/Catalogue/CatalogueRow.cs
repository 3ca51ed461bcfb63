using Backprop.Lang.Text;

namespace Backprop.Fuzz.Catalogue;

/// <summary>How a catalogue row's input reaches backprop.</summary>
public enum InputKind
{
    /// <summary>One line typed at the REPL (no line breaks).</summary>
    Line,

    /// <summary>The text of a script file, run with <c>backprop eval</c>: line endings, a byte-order mark, several lines.</summary>
    Script,

    /// <summary>The bytes of a script file, written in hex: for what is not valid UTF-8 text.</summary>
    Bytes,
}

/// <summary>What a row must give.</summary>
public enum Expectation
{
    /// <summary>A result: no error; every word appears in what was printed, or nothing is printed when there are no words.</summary>
    Ok,

    /// <summary>An error whose message has every word, at the marked span when one is marked.</summary>
    Error,

    /// <summary>Only the promise (see <see cref="Promise"/>): how a fuzzer's finding is saved until someone decides what it should give.</summary>
    Any,
}

/// <summary>Where a marked span is once the input is split into lines: the 1-based line, the span in that line, its column.</summary>
public readonly record struct MarkedLocation(int Line, TextSpan Span, int Column);

/// <summary>
/// One row of the catalogue of inputs (see Catalogue/README in the tests and <see cref="CatalogueFile"/>).
/// <see cref="Text"/> is the input as backprop reads it; <see cref="Bytes"/> is what a script file holds.
/// </summary>
public sealed record CatalogueRow(
    string Where,
    InputKind Kind,
    string Written,
    string Text,
    byte[] Bytes,
    MarkedLocation? Mark,
    Expectation Expect,
    IReadOnlyList<string> Words,
    string Note)
{
    /// <summary>The row as written, shortened for a test name.</summary>
    public string Shown => Written.Length <= 60 ? Written : Written[..57] + "...";

    public override string ToString() => $"{Where}: {Kind.ToString().ToLowerInvariant()} {Shown}";
}
