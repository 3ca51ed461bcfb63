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
    private readonly FormattedNumbers _numbers = new();

    /// <summary>JSON onto a text writer (tests, or any writer), decoded from UTF-8 in chunks.</summary>
    public JsonReporter(TextWriter output)
    {
        _text = output;
        _stream = new Utf8TextWriterStream(output);
    }

    /// <summary>JSON straight onto a byte stream such as stdout: no detour through UTF-16 and back.</summary>
    public JsonReporter(Stream output) => _stream = new BufferedStream(output, ChunkBytes);

    // Validation only re-checks what this class writes, and every test parses every line it writes; skipping it
    // is a sixth of the time of a million-node :grad (bench/results.md).
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    /// <summary>Property names (and the two leaf kinds) encoded once: a :grad over a million nodes writes each of them a million times.</summary>
    private static class Key
    {
        public static readonly JsonEncodedText After = JsonEncodedText.Encode("after");
        public static readonly JsonEncodedText Agree = JsonEncodedText.Encode("agree");
        public static readonly JsonEncodedText Backprop = JsonEncodedText.Encode("backprop");
        public static readonly JsonEncodedText Backward = JsonEncodedText.Encode("backward");
        public static readonly JsonEncodedText Before = JsonEncodedText.Encode("before");
        public static readonly JsonEncodedText Column = JsonEncodedText.Encode("column");
        public static readonly JsonEncodedText Dot = JsonEncodedText.Encode("dot");
        public static readonly JsonEncodedText Dout = JsonEncodedText.Encode("dout");
        public static readonly JsonEncodedText Eps = JsonEncodedText.Encode("eps");
        public static readonly JsonEncodedText Forward = JsonEncodedText.Encode("forward");
        public static readonly JsonEncodedText Grad = JsonEncodedText.Encode("grad");
        public static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
        public static readonly JsonEncodedText InputValues = JsonEncodedText.Encode("input_values");
        public static readonly JsonEncodedText Inputs = JsonEncodedText.Encode("inputs");
        public static readonly JsonEncodedText Intermediates = JsonEncodedText.Encode("intermediates");
        public static readonly JsonEncodedText Kind = JsonEncodedText.Encode("kind");
        public static readonly JsonEncodedText Kinks = JsonEncodedText.Encode("kinks");
        public static readonly JsonEncodedText Label = JsonEncodedText.Encode("label");
        public static readonly JsonEncodedText Layer = JsonEncodedText.Encode("layer");
        public static readonly JsonEncodedText Leaves = JsonEncodedText.Encode("leaves");
        public static readonly JsonEncodedText Line = JsonEncodedText.Encode("line");
        public static readonly JsonEncodedText Literal = JsonEncodedText.Encode("literal");
        public static readonly JsonEncodedText Loss = JsonEncodedText.Encode("loss");
        public static readonly JsonEncodedText Lr = JsonEncodedText.Encode("lr");
        public static readonly JsonEncodedText Message = JsonEncodedText.Encode("message");
        public static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
        public static readonly JsonEncodedText Node = JsonEncodedText.Encode("node");
        public static readonly JsonEncodedText Nodes = JsonEncodedText.Encode("nodes");
        public static readonly JsonEncodedText Numerical = JsonEncodedText.Encode("numerical");
        public static readonly JsonEncodedText Output = JsonEncodedText.Encode("output");
        public static readonly JsonEncodedText RelativeError = JsonEncodedText.Encode("relative_error");
        public static readonly JsonEncodedText Rule = JsonEncodedText.Encode("rule");
        public static readonly JsonEncodedText Sends = JsonEncodedText.Encode("sends");
        public static readonly JsonEncodedText Steps = JsonEncodedText.Encode("steps");
        public static readonly JsonEncodedText Stop = JsonEncodedText.Encode("stop");
        public static readonly JsonEncodedText Method = JsonEncodedText.Encode("method");
        public static readonly JsonEncodedText Gradient = JsonEncodedText.Encode("gradient");
        public static readonly JsonEncodedText Matrix = JsonEncodedText.Encode("matrix");
        public static readonly JsonEncodedText Wrt = JsonEncodedText.Encode("wrt");
        public static readonly JsonEncodedText Formula = JsonEncodedText.Encode("formula");
        public static readonly JsonEncodedText Sum = JsonEncodedText.Encode("sum");
        public static readonly JsonEncodedText Taken = JsonEncodedText.Encode("taken");
        public static readonly JsonEncodedText Text = JsonEncodedText.Encode("text");
        public static readonly JsonEncodedText To = JsonEncodedText.Encode("to");
        public static readonly JsonEncodedText Tolerance = JsonEncodedText.Encode("tolerance");
        public static readonly JsonEncodedText Total = JsonEncodedText.Encode("total");
        public static readonly JsonEncodedText Value = JsonEncodedText.Encode("value");
        public static readonly JsonEncodedText Variable = JsonEncodedText.Encode("variable");
        public static readonly JsonEncodedText Variables = JsonEncodedText.Encode("variables");
        public static readonly JsonEncodedText Verdict = JsonEncodedText.Encode("verdict");
    }

    /// <summary>Pending JSON is handed to the output in chunks of this size, so a huge :grad never sits in memory whole.</summary>
    private const int ChunkBytes = 1 << 16;


    /// <summary>JSON numbers always round-trip; the setting only exists for human output.</summary>
    public NumberFormat Numbers { get; set; } = NumberFormat.Full;

    public void Value(ValueOutcome outcome) => Line(w =>
    {
        w.WriteString(Key.Kind, "value");
        w.WriteNumber(Key.Line, outcome.Source.Number);
        Shaped(w, Key.Value, outcome.Value, outcome.Tensor);
    });

    public void Assignment(AssignmentOutcome outcome) => Line(w =>
    {
        w.WriteString(Key.Kind, "assign");
        w.WriteNumber(Key.Line, outcome.Source.Number);
        w.WriteString(Key.Name, outcome.Name);
        Shaped(w, Key.Value, outcome.Value, outcome.Tensor);
    });

    public void Function(FunctionOutcome outcome) => Line(w =>
    {
        w.WriteString(Key.Kind, "function");
        w.WriteNumber(Key.Line, outcome.Source.Number);
        w.WriteString(Key.Name, outcome.Function!.Name);
        w.WriteStartArray("parameters");
        foreach (string parameter in outcome.Function.Parameters)
        {
            w.WriteStringValue(parameter);
        }
        w.WriteEndArray();
    });

    public void Gradient(GradientOutcome outcome) => Line(w =>
    {
        w.WriteString(Key.Kind, "grad");
        w.WriteNumber(Key.Line, outcome.Source.Number);
        Number(w, Key.Value, outcome.Value);
        w.WriteStartArray(Key.Leaves);
        foreach (var literal in outcome.Literals)
        {
            w.WriteStartObject();
            w.WriteString(Key.Kind, Key.Literal);
            w.WriteString(Key.Name, literal.Text);
            w.WriteNumber(Key.Line, literal.Line);
            w.WriteNumber(Key.Column, literal.Column);
            Shaped(w, Key.Value, literal.Value, literal.TensorValue);
            Tensor(w, Key.Grad, literal.Gradient, literal.TensorGradient);
            w.WriteEndObject();
            Spill(w);
        }
        foreach (var variable in outcome.Variables)
        {
            w.WriteStartObject();
            w.WriteString(Key.Kind, Key.Variable);
            w.WriteString(Key.Name, variable.Name);
            Shaped(w, Key.Value, variable.Value, variable.TensorValue);
            Tensor(w, Key.Grad, variable.Gradient, variable.TensorGradient);
            w.WriteEndObject();
            Spill(w);
        }
        w.WriteEndArray();
        w.WriteStartArray(Key.Intermediates);
        foreach (var intermediate in outcome.Intermediates)
        {
            w.WriteStartObject();
            w.WriteString(Key.Name, intermediate.Name);
            Shaped(w, Key.Value, intermediate.Value, intermediate.TensorValue);
            Tensor(w, Key.Grad, intermediate.Gradient, intermediate.TensorGradient);
            w.WriteEndObject();
            Spill(w);
        }
        w.WriteEndArray();
    });

    public void Variables(SourceLine source, IReadOnlyList<Variable> variables) => Line(w =>
    {
        w.WriteString(Key.Kind, "vars");
        w.WriteNumber(Key.Line, source.Number);
        w.WriteStartArray(Key.Variables);
        foreach (var v in variables)
        {
            w.WriteStartObject();
            w.WriteString(Key.Name, v.Name);
            Shaped(w, Key.Value, v.Value, v.Tensor);
            w.WriteString(Key.Kind, v.Kind == VariableKind.Input ? "input" : "intermediate");
            w.WriteEndObject();
        }
        w.WriteEndArray();
    });

    public void Functions(SourceLine source, IReadOnlyList<UserFunction> functions) => Line(w =>
    {
        w.WriteString(Key.Kind, "funcs");
        w.WriteNumber(Key.Line, source.Number);
        w.WriteStartArray("functions");
        foreach (var f in functions)
        {
            w.WriteStartObject();
            w.WriteString(Key.Name, f.Name);
            w.WriteStartArray("parameters");
            foreach (string parameter in f.Parameters) w.WriteStringValue(parameter);
            w.WriteEndArray();
            w.WriteString("definition", f.Text);
            w.WriteNumber(Key.Line, f.Source.Number);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    });

    public void Trace(GradientOutcome outcome, Trace trace) => Line(w =>
    {
        w.WriteString(Key.Kind, "trace");
        w.WriteNumber(Key.Line, outcome.Source.Number);
        Number(w, Key.Value, outcome.Value);
        w.WriteStartArray(Key.Forward);
        foreach (var step in trace.Forward)
        {
            w.WriteStartObject();
            w.WriteNumber(Key.Node, step.Node);
            w.WriteString(Key.Layer, step.Layer);
            w.WriteStartArray(Key.Inputs);
            foreach (int input in step.Inputs) w.WriteNumberValue(input);
            w.WriteEndArray();
            if (step.InputTensors is { } inputTensors)
            {
                // A tensor layer: its inputs' shapes and values, its output's shape and value.
                w.WriteStartArray("input_shapes");
                foreach (var t in inputTensors)
                {
                    w.WriteStartArray();
                    foreach (int n in t.Shape) w.WriteNumberValue(n);
                    w.WriteEndArray();
                }
                w.WriteEndArray();
                w.WriteStartArray(Key.InputValues);
                foreach (var t in inputTensors) TensorValue(w, t);
                w.WriteEndArray();
                Shaped(w, Key.Output, double.NaN, step.OutputTensor!.Rank == 0 ? null : step.OutputTensor);
                if (step.OutputTensor.Rank == 0) Number(w, Key.Output, step.OutputTensor.Data[0]);
            }
            else
            {
                w.WriteStartArray(Key.InputValues);
                foreach (double value in step.InputValues) NumberValue(w, value);
                w.WriteEndArray();
                Number(w, Key.Output, step.Output);
            }
            w.WriteEndObject();
            Spill(w);
        }
        w.WriteEndArray();
        w.WriteStartArray(Key.Backward);
        foreach (var step in trace.Backward)
        {
            w.WriteStartObject();
            w.WriteNumber(Key.Node, step.Node);
            w.WriteString(Key.Layer, step.Layer);
            Tensor(w, Key.Dout, step.Dout, step.DoutTensor);
            w.WriteString(Key.Rule, step.Rule);
            if (step.Note is { } note)
            {
                // The convention at a kink that gave this step's gradient, beside the textbook's rule.
                w.WriteString("note", note);
            }
            w.WriteStartArray(Key.Sends);
            foreach (var sent in step.Sent)
            {
                w.WriteStartObject();
                w.WriteNumber(Key.To, sent.To);
                Tensor(w, Key.Grad, sent.Gradient, sent.GradientTensor);
                Tensor(w, Key.Sum, sent.RunningSum, sent.RunningSumTensor);
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
        w.WriteString(Key.Kind, "graph");
        w.WriteNumber(Key.Line, outcome.Source.Number);
        Number(w, Key.Value, outcome.Value);
        w.WriteNumber(Key.Output, outcome.Output);
        Nodes(w, outcome);
    });

    public void Dot(SourceLine source, string dot) => Line(w =>
    {
        w.WriteString(Key.Kind, "dot");
        w.WriteNumber(Key.Line, source.Number);
        w.WritePropertyName(Key.Dot);
        LongString(w, dot);
    });

    /// <summary>Characters of a long string handed to the writer at a time.</summary>
    private const int SegmentChars = 1 << 15;

    /// <summary>
    /// A string of any length, written in segments and passed on as it goes: Utf8JsonWriter refuses a single string
    /// over 166 million characters (the DOT of about 270,000 terms), which once left a truncated line and a stack trace.
    /// </summary>
    private static void LongString(Utf8JsonWriter w, string text)
    {
        var rest = text.AsSpan();
        while (rest.Length > SegmentChars)
        {
            int length = char.IsHighSurrogate(rest[SegmentChars - 1]) ? SegmentChars - 1 : SegmentChars;
            w.WriteStringValueSegment(rest[..length], isFinalSegment: false);
            Spill(w);
            rest = rest[length..];
        }
        w.WriteStringValueSegment(rest, isFinalSegment: true);
    }

    public void Check(GradientOutcome outcome, CheckReport report) => Line(w =>
    {
        w.WriteString(Key.Kind, "check");
        w.WriteNumber(Key.Line, outcome.Source.Number);
        Number(w, Key.Value, outcome.Value);
        Number(w, Key.Eps, report.Epsilon);
        Number(w, Key.Tolerance, report.Tolerance);
        w.WriteNumber(Key.Agree, report.Agreeing);
        w.WriteNumber(Key.Kinks, report.Kinks);
        w.WriteNumber(Key.Total, report.Leaves.Count);
        w.WriteStartArray(Key.Leaves);
        foreach (var leaf in report.Leaves)
        {
            w.WriteStartObject();
            w.WriteString(Key.Kind, LeafNames.Kind(outcome, leaf.Node) == "literal" ? Key.Literal : Key.Variable);
            w.WriteString(Key.Name, LeafNames.Label(outcome, leaf.Node));
            var origin = outcome.Graph.Origin(leaf.Node);
            if (outcome.Graph.Kind(leaf.Node) == Backprop.Lang.Graph.NodeKind.Literal)
            {
                w.WriteNumber(Key.Line, origin.Line);
                w.WriteNumber(Key.Column, origin.Column);
            }
            Number(w, Key.Value, leaf.Value);
            Number(w, Key.Backprop, leaf.Backprop);
            Number(w, Key.Numerical, leaf.Numerical);
            Number(w, Key.RelativeError, leaf.RelativeError);
            if (leaf.Shape is { } shape)
            {
                // A tensor leaf: the numbers above are its worst element's; how many were checked, and the book's mean.
                w.WriteStartArray(ShapeKey);
                foreach (int n in shape) w.WriteNumberValue(n);
                w.WriteEndArray();
                w.WriteNumber("elements", leaf.Elements);
                w.WriteNumber("checked", leaf.Checked);
                Number(w, JsonEncodedText.Encode("max_abs_difference"), leaf.MaxAbsoluteDifference);
                Number(w, JsonEncodedText.Encode("mean_abs_difference"), leaf.MeanAbsoluteDifference);
            }
            Spill(w);
            w.WriteString(Key.Verdict, leaf.Verdict switch { CheckVerdict.Agrees => "ok", CheckVerdict.Kink => "kink", CheckVerdict.Undefined => "undefined", CheckVerdict.Inconclusive => "inconclusive", _ => "mismatch" });
            w.WriteEndObject();
        }
        w.WriteEndArray();
    });

    public void Descent(DescentOutcome outcome) => Line(w =>
    {
        var report = outcome.Report!;
        w.WriteString(Key.Kind, "descend");
        w.WriteNumber(Key.Line, outcome.Source.Number);
        Number(w, Key.Lr, report.LearningRate);
        w.WriteNumber(Key.Steps, report.StepsAsked);
        w.WriteNumber(Key.Taken, report.StepsTaken);
        if (report.Method == DescentMethod.Newton)
        {
            w.WriteString(Key.Method, "newton");
        }
        w.WriteString(Key.Stop, report.Stop switch
        {
            DescentStop.Finished => "finished",
            DescentStop.Diverged => "diverged",
            DescentStop.GradientNotFinite => "gradient_not_finite",
            DescentStop.OutOfBudget => "budget",
            DescentStop.SecondDerivativeSingular => "singular",
            _ => throw new System.Diagnostics.UnreachableException($"Unknown stop {report.Stop}"),
        });
        NumberArray(w, Key.Loss, report.Losses);
        if (report.Path is { } path)
        {
            // One or two variables: their values at each step, in the order of "inputs".
            w.WriteStartArray("path");
            foreach (var values in path)
            {
                w.WriteStartArray();
                foreach (double v in values) NumberValue(w, v);
                w.WriteEndArray();
                Spill(w);
            }
            w.WriteEndArray();
        }
        w.WriteStartArray(Key.Inputs);
        foreach (var input in report.Inputs)
        {
            w.WriteStartObject();
            w.WriteString(Key.Name, input.Name);
            Shaped(w, Key.Before, input.Before, input.TensorBefore);
            Tensor(w, Key.After, input.After, input.TensorAfter);
            w.WriteEndObject();
            Spill(w);
        }
        w.WriteEndArray();
    });

    public void Train(TrainOutcome outcome) => Line(w =>
    {
        var report = outcome.Report!;
        w.WriteString(Key.Kind, "train");
        w.WriteNumber(Key.Line, outcome.Source.Number);
        w.WriteString(Key.Method, Lang.Commands.TrainSettings.MethodName(report.Settings.Method));
        w.WriteNumber("epochs", report.Settings.Epochs);
        w.WriteNumber("batch", report.Batch);
        NumberArray(w, Key.Loss, report.Losses);
        if (report.Reported is { } reported)
        {
            NumberArray(w, JsonEncodedText.Encode("accuracy"), reported);
        }
        w.WriteString(Key.Stop, report.Stop switch
        {
            TrainStop.Finished => "finished",
            TrainStop.Diverged => "diverged",
            _ => "cancelled",
        });
        w.WriteStartArray("parameters");
        foreach (var parameter in report.Parameters)
        {
            w.WriteStartObject();
            w.WriteString(Key.Name, parameter.Name);
            w.WriteStartArray("shape");
            foreach (int n in parameter.Shape) w.WriteNumberValue(n);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    });

    // A long array of numbers (a loss per step or epoch), flushed as it goes.
    private void NumberArray(Utf8JsonWriter w, JsonEncodedText name, IReadOnlyList<double> values)
    {
        w.WriteStartArray(name);
        foreach (double value in values)
        {
            NumberValue(w, value);
            Spill(w);
        }
        w.WriteEndArray();
    }

    /// <summary>JSON is for tools: nothing is drawn while the body runs.</summary>
    public T WithProgress<T>(string title, long total, Func<Action<long, string>, T> body) => body(static (_, _) => { });

    public void Hessian(HessianOutcome outcome) => Line(w =>
    {
        var report = outcome.Report!;
        w.WriteString(Key.Kind, "hessian");
        w.WriteNumber(Key.Line, outcome.Source.Number);
        Number(w, Key.Value, report.Value);
        w.WriteStartArray(Key.Variables);
        foreach (string name in report.Variables)
        {
            w.WriteStringValue(name);
        }
        w.WriteEndArray();
        w.WriteStartArray(Key.Gradient);
        foreach (double g in report.Gradient)
        {
            NumberValue(w, g);
        }
        w.WriteEndArray();
        w.WriteStartArray(Key.Matrix);
        foreach (var row in report.Matrix)
        {
            w.WriteStartArray();
            foreach (double h in row)
            {
                NumberValue(w, h);
            }
            w.WriteEndArray();
            Spill(w);
        }
        w.WriteEndArray();
    });

    public void Derivative(DerivativeOutcome outcome) => Line(w =>
    {
        var report = outcome.Report!;
        w.WriteString(Key.Kind, "deriv");
        w.WriteNumber(Key.Line, outcome.Source.Number);
        w.WriteString(Key.Wrt, report.Wrt);
        w.WriteString(Key.Formula, report.Text);
        Number(w, Key.Value, report.Value);
    });

    /// <summary>Every node of the expression's graph: id, layer, label, inputs, value and gradient.</summary>
    private void Nodes(Utf8JsonWriter w, GradientOutcome outcome)
    {
        var graph = outcome.Graph;
        w.WriteStartArray(Key.Nodes);
        for (int node = 0; node < graph.Count; node++)
        {
            w.WriteStartObject();
            w.WriteNumber(Key.Id, node);
            w.WriteString(Key.Layer, NodeLabels.Layer(graph, node));
            w.WriteString(Key.Label, NodeLabels.Short(graph, node));
            w.WriteStartArray(Key.Inputs);
            foreach (int input in NodeLabels.Inputs(graph, node)) w.WriteNumberValue(input);
            w.WriteEndArray();
            if (graph.IsTensor(node))
            {
                Shaped(w, Key.Value, double.NaN, graph.TensorValue(node));
                Tensor(w, Key.Grad, double.NaN, outcome.TensorGradientOf(node));
            }
            else
            {
                Number(w, Key.Value, graph.Value(node));
                Number(w, Key.Grad, outcome.Gradients[node]);
            }
            w.WriteEndObject();
            Spill(w);
        }
        w.WriteEndArray();
    }

    public void Expand(GradientOutcome outcome, Expansion expansion) => Line(w =>
    {
        w.WriteString(Key.Kind, "expand");
        w.WriteNumber(Key.Line, outcome.Source.Number);
        Number(w, Key.Value, outcome.Value);
        w.WriteNumber("scalar_layers", expansion.ScalarLayers);
        w.WriteBoolean(Key.Agree, expansion.Agrees);
        w.WriteStartArray("elements");
        foreach (var element in expansion.Elements)
        {
            w.WriteStartObject();
            w.WriteString(Key.Name, element.Label);
            Number(w, JsonEncodedText.Encode("tensor_grad"), element.TensorGradient);
            Number(w, JsonEncodedText.Encode("scalar_grad"), element.ScalarGradient);
            w.WriteBoolean(Key.Agree, element.Agrees);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        Nodes(w, expansion.Outcome);
    });

    public void Explain(GradientOutcome outcome, Explanation explanation) => Line(w =>
    {
        w.WriteString(Key.Kind, "explain");
        w.WriteNumber(Key.Line, outcome.Source.Number);
        w.WriteStartArray("steps");
        foreach (string step in explanation.Steps) w.WriteStringValue(step);
        w.WriteEndArray();
    });

    public void QuizGraph(string expression, GradientOutcome outcome, Trace trace) => Line(w =>
    {
        w.WriteString(Key.Kind, "quiz");
        w.WriteNumber(Key.Line, outcome.Source.Number);
        w.WriteString("expression", expression);
        Number(w, Key.Value, outcome.Value);
    });

    public void Text(SourceLine source, string text) => Line(w =>
    {
        w.WriteString(Key.Kind, "message");
        w.WriteNumber(Key.Line, source.Number);
        w.WriteString(Key.Text, text);
    });

    public void Diagnostic(Diagnostic diagnostic) => Line(w =>
    {
        w.WriteString(Key.Kind, diagnostic.IsError ? "error" : "warning");
        w.WriteNumber(Key.Line, diagnostic.Line);
        w.WriteNumber(Key.Column, diagnostic.Column);
        w.WriteString(Key.Message, diagnostic.Message);
    });

    public void Error(string message) => Line(w =>
    {
        w.WriteString(Key.Kind, "error");
        w.WriteNumber(Key.Line, 0);
        w.WriteNumber(Key.Column, 0);
        w.WriteString(Key.Message, message);
    });

    private void NumberValue(Utf8JsonWriter w, double value)
    {
        if (double.IsFinite(value))
            _numbers.WriteValue(w, value);
        else
            w.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
    }

    private static readonly JsonEncodedText ShapeKey = JsonEncodedText.Encode("shape");

    /// <summary>A number as ever, or a tensor's <c>"shape":[2,3]</c> and then its value as nested arrays (numpy's tolist()).</summary>
    private void Shaped(Utf8JsonWriter w, JsonEncodedText name, double value, Lang.Tensors.Tensor? tensor)
    {
        if (tensor is not null)
        {
            w.WriteStartArray(ShapeKey);
            foreach (int n in tensor.Shape) w.WriteNumberValue(n);
            w.WriteEndArray();
        }
        Tensor(w, name, value, tensor);
    }

    /// <summary>A number, or a tensor as nested arrays, written without recursion over its axes.</summary>
    private void Tensor(Utf8JsonWriter w, JsonEncodedText name, double value, Lang.Tensors.Tensor? tensor)
    {
        if (tensor is null)
        {
            Number(w, name, value);
            return;
        }
        w.WritePropertyName(name);
        TensorValue(w, tensor);
    }

    private void TensorValue(Utf8JsonWriter w, Lang.Tensors.Tensor tensor)
    {
        if (tensor.Rank == 0)
        {
            NumberValue(w, tensor.Data[0]);
            return;
        }
        if (tensor.Count == 0)
        {
            w.WriteStartArray();
            w.WriteEndArray();
            return;
        }
        // Element i opens an array for every axis whose block starts at i and closes one for every block ending there.
        var blocks = new int[tensor.Rank];
        int block = 1;
        for (int axis = tensor.Rank - 1; axis >= 0; axis--) blocks[axis] = block *= tensor.Shape[axis];
        for (int i = 0; i < tensor.Count; i++)
        {
            foreach (int b in blocks) if (i % b == 0) w.WriteStartArray();
            NumberValue(w, tensor.Data[i]);
            for (int axis = blocks.Length - 1; axis >= 0; axis--) if ((i + 1) % blocks[axis] == 0) w.WriteEndArray();
            if ((i & 1023) == 1023) Spill(w);
        }
    }

    private void Number(Utf8JsonWriter w, JsonEncodedText name, double value)
    {
        if (double.IsFinite(value))
            _numbers.Write(w, name, value);
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
