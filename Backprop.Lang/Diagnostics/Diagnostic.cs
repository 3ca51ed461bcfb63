using Backprop.Lang.Text;

namespace Backprop.Lang.Diagnostics;

public enum Severity { Error, Warning }

/// <summary>Something the user should hear about, pinned to a span of one source line. Data, never an exception.</summary>
public sealed record Diagnostic(Severity Severity, SourceLine Source, TextSpan Span, string Message)
{
    public bool IsError => Severity == Severity.Error;
    public string Path => Source.Path;
    public int Line => Source.Number;
    public int Column => Source.ColumnOf(Span.Start);

    /// <summary><c>path:line:col: error: message</c>, then the source line and a caret under the span.</summary>
    public override string ToString() => DiagnosticFormatter.Format(this);
}
