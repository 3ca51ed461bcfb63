using System.Text.Encodings.Web;
using System.Text.Json;
using Backprop.Lang.Analysis;
using Backprop.Lang.Diagnostics;
using Backprop.Lang.Evaluation;
using Backprop.Lang.Syntax;
using Backprop.Lang.Text;

namespace Backprop.Repl.Output;

/// <summary>
/// One JSON object per line for each statement that produces output (the contract in README.md).
/// Numbers round-trip to the same double; NaN and the infinities are the strings "NaN", "Infinity", "-Infinity".
/// </summary>
internal sealed class JsonReporter : IReporter
{
    private readonly Stream _stream;
    private readonly TextWriter? _text;

    /// <summary>JSON onto a text writer (tests, or any writer), decoded from UTF-8 in chunks.</summary>
    public JsonReporter(TextWriter output)
    {
        _text = output;
        _stream = new Utf8TextWriterStream(output);
    }

    /// <summary>JSON straight onto a byte stream such as stdout: no detour through UTF-16 and back.</summary>
    public JsonReporter(Stream output) => _stream = new BufferedStream(output, ChunkBytes);

    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Pending JSON is handed to the output in chunks of this size, so a huge :grad never sits in memory whole.</summary>
    private const int ChunkBytes = 1 << 16;


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
            Spill(w);
        }
        foreach (var variable in outcome.Variables)
        {
            w.WriteStartObject();
            w.WriteString("kind", "variable");
            w.WriteString("name", variable.Name);
            Number(w, "value", variable.Value);
            Number(w, "grad", variable.Gradient);
            w.WriteEndObject();
            Spill(w);
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
            Spill(w);
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

    public void Trace(GradientOutcome outcome, Trace trace) => Line(w =>
    {
        w.WriteString("kind", "trace");
        w.WriteNumber("line", outcome.Source.Number);
        Number(w, "value", outcome.Value);
        w.WriteStartArray("forward");
        foreach (var step in trace.Forward)
        {
            w.WriteStartObject();
            w.WriteNumber("node", step.Node);
            w.WriteString("layer", step.Layer);
            w.WriteStartArray("inputs");
            foreach (int input in step.Inputs) w.WriteNumberValue(input);
            w.WriteEndArray();
            w.WriteStartArray("input_values");
            foreach (double value in step.InputValues) NumberValue(w, value);
            w.WriteEndArray();
            Number(w, "output", step.Output);
            w.WriteEndObject();
            Spill(w);
        }
        w.WriteEndArray();
        w.WriteStartArray("backward");
        foreach (var step in trace.Backward)
        {
            w.WriteStartObject();
            w.WriteNumber("node", step.Node);
            w.WriteString("layer", step.Layer);
            Number(w, "dout", step.Dout);
            w.WriteString("rule", step.Rule);
            w.WriteStartArray("sends");
            foreach (var sent in step.Sent)
            {
                w.WriteStartObject();
                w.WriteNumber("to", sent.To);
                Number(w, "grad", sent.Gradient);
                Number(w, "sum", sent.RunningSum);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
            Spill(w);
        }
        w.WriteEndArray();
        Nodes(w, outcome);
    });

    public void Graph(GradientOutcome outcome) => Line(w =>
    {
        w.WriteString("kind", "graph");
        w.WriteNumber("line", outcome.Source.Number);
        Number(w, "value", outcome.Value);
        w.WriteNumber("output", outcome.Output);
        Nodes(w, outcome);
    });

    public void Dot(SourceLine source, string dot) => Line(w =>
    {
        w.WriteString("kind", "dot");
        w.WriteNumber("line", source.Number);
        w.WriteString("dot", dot);
    });

    public void Check(GradientOutcome outcome, CheckReport report) => Line(w =>
    {
        w.WriteString("kind", "check");
        w.WriteNumber("line", outcome.Source.Number);
        Number(w, "value", outcome.Value);
        Number(w, "eps", report.Epsilon);
        Number(w, "tolerance", report.Tolerance);
        w.WriteNumber("agree", report.Agreeing);
        w.WriteNumber("kinks", report.Kinks);
        w.WriteNumber("total", report.Leaves.Count);
        w.WriteStartArray("leaves");
        foreach (var leaf in report.Leaves)
        {
            w.WriteStartObject();
            w.WriteString("kind", LeafNames.Kind(outcome, leaf.Node) == "literal" ? "literal" : "variable");
            w.WriteString("name", LeafNames.Label(outcome, leaf.Node));
            var origin = outcome.Graph.Origin(leaf.Node);
            if (outcome.Graph.Kind(leaf.Node) == Backprop.Lang.Graph.NodeKind.Literal)
            {
                w.WriteNumber("line", origin.Line);
                w.WriteNumber("column", origin.Column);
            }
            Number(w, "value", leaf.Value);
            Number(w, "backprop", leaf.Backprop);
            Number(w, "numerical", leaf.Numerical);
            Number(w, "relative_error", leaf.RelativeError);
            Spill(w);
            w.WriteString("verdict", leaf.Verdict switch { CheckVerdict.Agrees => "ok", CheckVerdict.Kink => "kink", CheckVerdict.Undefined => "undefined", _ => "mismatch" });
            w.WriteEndObject();
        }
        w.WriteEndArray();
    });

    /// <summary>Every node of the expression's graph: id, layer, label, inputs, value and gradient.</summary>
    private static void Nodes(Utf8JsonWriter w, GradientOutcome outcome)
    {
        var graph = outcome.Graph;
        w.WriteStartArray("nodes");
        for (int node = 0; node < graph.Count; node++)
        {
            w.WriteStartObject();
            w.WriteNumber("id", node);
            w.WriteString("layer", NodeLabels.Layer(graph, node));
            w.WriteString("label", NodeLabels.Short(graph, node));
            w.WriteStartArray("inputs");
            foreach (int input in NodeLabels.Inputs(graph, node)) w.WriteNumberValue(input);
            w.WriteEndArray();
            Number(w, "value", graph.Value(node));
            Number(w, "grad", outcome.Gradients[node]);
            w.WriteEndObject();
            Spill(w);
        }
        w.WriteEndArray();
    }

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

    private static void NumberValue(Utf8JsonWriter w, double value)
    {
        if (double.IsFinite(value))
            w.WriteNumberValue(value);
        else
            w.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
    }

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
        using (var writer = new Utf8JsonWriter(_stream, Options))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }
        _stream.WriteByte((byte)'\n');
        _stream.Flush();
        _text?.Flush();
    }

    /// <summary>Called inside long arrays: passes what is pending on to the output once it is a chunk's worth.</summary>
    private static void Spill(Utf8JsonWriter w)
    {
        if (w.BytesPending >= ChunkBytes)
        {
            w.Flush();
        }
    }
}
