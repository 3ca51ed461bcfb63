using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Backprop.Lang.Diagnostics;
using Backprop.Lang.Evaluation;
using Backprop.Lang.Syntax;
using Backprop.Lang.Text;

namespace Backprop.Repl.Output;

/// <summary>
/// One JSON object per line for each statement that produces output (the contract in README.md).
/// Numbers round-trip to the same double; NaN and the infinities are the strings "NaN", "Infinity", "-Infinity".
/// </summary>
internal sealed class JsonReporter(TextWriter output) : IReporter
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly MemoryStream _buffer = new();

    /// <summary>JSON numbers always round-trip; the setting only exists for human output.</summary>
    public NumberFormat Numbers { get; set; } = NumberFormat.Full;

    public void Value(ValueOutcome outcome) => Line(w =>
    {
        w.WriteString("kind", "value");
        w.WriteNumber("line", outcome.Source.Number);
        Number(w, "value", outcome.Value);
    });

    public void Assignment(AssignmentOutcome outcome) => Line(w =>
    {
        w.WriteString("kind", "assign");
        w.WriteNumber("line", outcome.Source.Number);
        w.WriteString("name", outcome.Name);
        Number(w, "value", outcome.Value);
    });

    public void Gradient(GradientOutcome outcome) => Line(w =>
    {
        w.WriteString("kind", "grad");
        w.WriteNumber("line", outcome.Source.Number);
        Number(w, "value", outcome.Value);
        w.WriteStartArray("leaves");
        foreach (var literal in outcome.Literals)
        {
            w.WriteStartObject();
            w.WriteString("kind", "literal");
            w.WriteString("name", literal.Text);
            w.WriteNumber("line", literal.Line);
            w.WriteNumber("column", literal.Column);
            Number(w, "value", literal.Value);
            Number(w, "grad", literal.Gradient);
            w.WriteEndObject();
        }
        foreach (var variable in outcome.Variables)
        {
            w.WriteStartObject();
            w.WriteString("kind", "variable");
            w.WriteString("name", variable.Name);
            Number(w, "value", variable.Value);
            Number(w, "grad", variable.Gradient);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("intermediates");
        foreach (var intermediate in outcome.Intermediates)
        {
            w.WriteStartObject();
            w.WriteString("name", intermediate.Name);
            Number(w, "value", intermediate.Value);
            Number(w, "grad", intermediate.Gradient);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    });

    public void Variables(SourceLine source, IReadOnlyList<Variable> variables) => Line(w =>
    {
        w.WriteString("kind", "vars");
        w.WriteNumber("line", source.Number);
        w.WriteStartArray("variables");
        foreach (var v in variables)
        {
            w.WriteStartObject();
            w.WriteString("name", v.Name);
            Number(w, "value", v.Value);
            w.WriteString("kind", v.Kind == VariableKind.Input ? "input" : "intermediate");
            w.WriteEndObject();
        }
        w.WriteEndArray();
    });

    public void Text(SourceLine source, string text) => Line(w =>
    {
        w.WriteString("kind", "message");
        w.WriteNumber("line", source.Number);
        w.WriteString("text", text);
    });

    public void Diagnostic(Diagnostic diagnostic) => Line(w =>
    {
        w.WriteString("kind", diagnostic.IsError ? "error" : "warning");
        w.WriteNumber("line", diagnostic.Line);
        w.WriteNumber("column", diagnostic.Column);
        w.WriteString("message", diagnostic.Message);
    });

    public void Error(string message) => Line(w =>
    {
        w.WriteString("kind", "error");
        w.WriteNumber("line", 0);
        w.WriteNumber("column", 0);
        w.WriteString("message", message);
    });

    internal static void Number(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value))
            w.WriteNumber(name, value);
        else
            w.WriteString(name, double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
    }

    /// <summary>Writes one object as one line; the writer is flushed so a pipe sees each statement as it runs.</summary>
    internal void Line(Action<Utf8JsonWriter> body)
    {
        _buffer.SetLength(0);
        using (var writer = new Utf8JsonWriter(_buffer, Options))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }
        output.WriteLine(Encoding.UTF8.GetString(_buffer.GetBuffer(), 0, (int)_buffer.Length));
        output.Flush();
    }
}
