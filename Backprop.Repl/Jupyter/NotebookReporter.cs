using System.Diagnostics;
using Trace = Backprop.Lang.Analysis.Trace;
using System.Globalization;
using System.Text.Json.Nodes;
using Backprop.Lang.Analysis;
using Backprop.Lang.Diagnostics;
using Backprop.Lang.Drawing;
using Backprop.Lang.Evaluation;
using Backprop.Lang.Syntax;
using Backprop.Lang.Tensors;
using Backprop.Lang.Text;
using Backprop.Repl.Output;
using Backprop.Repl.Terminal;

namespace Backprop.Repl.Jupyter;

/// <summary>
/// Results as a notebook shows them. Every output has the terminal's text as <c>text/plain</c>, written by
/// <see cref="HumanReporter"/> itself into a string (no colour, 100 columns), so a notebook says what the REPL says;
/// tables come as <c>text/html</c> beside it, tensors as heatmap grids, graphs and loss curves as
/// <c>image/svg+xml</c> drawn by the library. Plain sentences go to stdout, warnings to stderr, and errors are kept
/// for the cell's <c>error</c> reply. A value is held back: if nothing follows it in the cell, it is the cell's
/// <c>execute_result</c>; otherwise it is shown where it came, as any other output.
/// </summary>
internal sealed class NotebookReporter : IReporter
{
    public const int Width = ConsoleSetup.PlainWidth;

    private readonly StringWriter _text = new(), _errors = new();
    private readonly HumanReporter _human;
    private readonly Session _session;

    private (JsonObject Data, SourceLine Source)? _pendingValue;
    private readonly List<Diagnostic> _cellErrors = [];
    private readonly List<string> _plainErrors = [];

    public NotebookReporter(Session session)
    {
        _session = session;
        _human = new HumanReporter(ConsoleSetup.Plain(_text, Width), _errors);
    }

    /// <summary>Where the running cell's outputs go.</summary>
    public ICellOutput Output { get; set; } = NoCellOutput.Instance;

    /// <summary>The lines of the running cell written <c>:grad --picture EXPR</c>: their gradient comes with the graph's picture.</summary>
    public ISet<SourceLine> PictureLines { get; set; } = new HashSet<SourceLine>();

    public NumberFormat Numbers
    {
        get => _human.Numbers;
        set => _human.Numbers = value;
    }

    private string N(double value) => Numbers.Format(value);

    // A grid's elements get at most 6 significant digits, as the terminal's grids (HumanReporter.TensorElement).
    private string Element(double value) => NumberText.Format(value, Numbers.SignificantDigits is { } d ? Math.Min(d, 6) : null);

    private string V(double value, Tensor? tensor) => tensor is null ? NotebookHtml.Number(N(value)) : NotebookHtml.Grid(tensor, Element, N);

    /// <summary>What <see cref="HumanReporter"/> prints for one call, as a string.</summary>
    private string Plain(Action<HumanReporter> report)
    {
        _text.GetStringBuilder().Clear();
        report(_human);
        _text.Flush();
        string text = _text.ToString().TrimEnd('\n', '\r');
        _text.GetStringBuilder().Clear();
        return text;
    }

    private static JsonObject Bundle(string plain, string? html = null, string? svg = null)
    {
        var data = new JsonObject { ["text/plain"] = plain };
        if (html is not null) data["text/html"] = html;
        if (svg is not null) data["image/svg+xml"] = svg;
        return data;
    }

    private void Show(JsonObject data)
    {
        FlushValue();
        Output.Display(data);
    }

    private void Say(string text)
    {
        FlushValue();
        Output.Stream("stdout", text + "\n");
    }

    // ---- a cell's start and end ----

    /// <summary>A cell starts: nothing is held from the last one.</summary>
    public void BeginCell()
    {
        _pendingValue = null;
        _cellErrors.Clear();
        _plainErrors.Clear();
    }

    /// <summary>The cell ended well: a value still held back is its result.</summary>
    public void EndCell()
    {
        if (_pendingValue is { } value)
        {
            _pendingValue = null;
            Output.Result(value.Data);
        }
    }

    /// <summary>The held value, shown as an ordinary output: something came after it.</summary>
    private void FlushValue()
    {
        if (_pendingValue is { } value)
        {
            _pendingValue = null;
            Output.Display(value.Data);
        }
    }

    /// <summary>
    /// Why the cell failed, for its <c>error</c> reply: the first error's message, and every error as the terminal
    /// prints it (<c>path:line:col: error: ...</c>, the line, the caret under the span) as the traceback.
    /// </summary>
    public (string Value, IReadOnlyList<string> Traceback)? TakeError()
    {
        FlushValue();
        if (_cellErrors.Count == 0 && _plainErrors.Count == 0) return null;
        string value = _cellErrors.Count > 0 ? _cellErrors[0].Message : _plainErrors[0];
        var traceback = new List<string>();
        foreach (var error in _cellErrors) traceback.AddRange(DiagnosticFormatter.Format(error).Split('\n'));
        foreach (var error in _plainErrors) traceback.Add($"error: {error}");
        _cellErrors.Clear();
        _plainErrors.Clear();
        return (value, traceback);
    }

    // ---- statements ----

    public void Value(ValueOutcome outcome)
    {
        FlushValue();
        string plain = Plain(h => h.Value(outcome));
        var data = Bundle(plain, outcome.Tensor is { } tensor ? new NotebookHtml().Raw(V(0, tensor)).ToString() : null);
        _pendingValue = (data, outcome.Source);
    }

    public void Assignment(AssignmentOutcome outcome)
    {
        string plain = Plain(h => h.Assignment(outcome));
        if (outcome.Tensor is { } tensor)
        {
            Show(Bundle(plain, new NotebookHtml().Paragraph($"{outcome.Name} =").Raw(V(0, tensor)).ToString()));
            return;
        }
        Say(plain);
    }

    public void Function(FunctionOutcome outcome) => Say(Plain(h => h.Function(outcome)));

    public void Text(SourceLine source, string text) => Say(Plain(h => h.Text(source, text)));

    // ---- gradients and the ledger ----

    public void Gradient(GradientOutcome outcome)
    {
        string plain = Plain(h => h.Gradient(outcome));
        var html = new NotebookHtml().Paragraph($"L = {N(outcome.Value)}");
        // The picture under the expression alone: a command's name (and a blanked --picture) would only push it right.
        // (A line too long for a picture is not parsed again.)
        int start = outcome.Source.Text.Length <= 2 * GradientPicture.MaxWidth
            && SyntaxParser.ParseLine(outcome.Source).Statement is CommandStatement { Expression: { } expression } ? expression.Span.Start : 0;
        var picture = GradientPicture.Draw(outcome.Source.Text[start..].TrimEnd(),
            outcome.Literals.Where(l => l.Source == outcome.Source && l.TensorValue is null && l.Span.Start >= start)
                .Select(l => (l.Span.Start - start, double.IsNaN(l.Gradient) ? ReplMessages.Undefined : N(l.Gradient))).ToList());
        if (picture is not null) html.Pre(string.Join("\n", picture));

        var leaves = new List<IReadOnlyList<string>>();
        foreach (var literal in outcome.Literals)
        {
            leaves.Add([NotebookHtml.Text(literal.Text), NotebookHtml.Text(Kind("literal", literal.TensorValue)), NotebookHtml.Text($"{literal.Line}:{literal.Column}"),
                V(literal.Value, literal.TensorValue),
                literal.TensorGradient is { } g ? V(0, g) : double.IsNaN(literal.Gradient) ? NotebookHtml.Text(ReplMessages.Undefined) : V(literal.Gradient, null)]);
        }
        foreach (var variable in outcome.Variables)
        {
            leaves.Add([NotebookHtml.Text(variable.Name), NotebookHtml.Text(Kind("input", variable.TensorValue)), "",
                V(variable.Value, variable.TensorValue), V(variable.Gradient, variable.TensorGradient)]);
        }
        if (leaves.Count > 0)
        {
            html.Table(["leaf", "kind", "at", "value", "dL/d(leaf)"], leaves.Take(HumanReporter.MaxRows), omitted: leaves.Count - HumanReporter.MaxRows);
            if (outcome.Literals.Any(l => l.TensorValue is null && double.IsNaN(l.Gradient))) html.Paragraph(ReplMessages.UndefinedLiteralGradient);
        }
        if (outcome.Intermediates.Count > 0)
        {
            html.Table(["intermediate", "value", "dL/d(name)"],
                outcome.Intermediates.Take(HumanReporter.MaxRows).Select(i => (IReadOnlyList<string>)[
                    NotebookHtml.Text(i.Name + (i.TensorValue is { } t ? $" {Shapes.Text(t.Shape)}" : "")),
                    V(i.Value, i.TensorValue), V(i.Gradient, i.TensorGradient)]),
                omitted: outcome.Intermediates.Count - HumanReporter.MaxRows);
        }
        string? svg = null;
        if (PictureLines.Contains(outcome.Source))
        {
            svg = GraphSvg.Write(outcome.Graph, N);
            if (svg is null) html.Paragraph(KernelMessages.GraphTooLarge(outcome.Graph.Count, GraphSvg.MaxDrawn));
            else html.Raw(svg);
        }
        Show(Bundle(plain, html.ToString(), svg));
    }

    private static string Kind(string kind, Tensor? tensor) => tensor is null ? kind : $"{kind} {Shapes.Text(tensor.Shape)}";

    public void Trace(GradientOutcome outcome, Trace trace)
    {
        string plain = Plain(h => h.Trace(outcome, trace));
        var html = new NotebookHtml().Paragraph($"L = {N(outcome.Value)}");
        ForwardTable(html, outcome, trace);
        BackwardTable(html, outcome, trace);
        Show(Bundle(plain, html.ToString()));
    }

    private void ForwardTable(NotebookHtml html, GradientOutcome outcome, Trace trace)
    {
        var graph = outcome.Graph;
        var labels = new StepLabels(graph);
        var calls = new HumanReporter.OpenCalls(trace);
        var rows = new List<IReadOnlyList<string>>();
        foreach (var step in trace.Forward.Take(HumanReporter.MaxRows))
        {
            foreach (var (call, depth) in calls.Enter(step.Call))
            {
                string arguments = string.Join(", ", call.Inputs.Select((input, i) => Named(labels.Of(input), call.InputValues[i])));
                rows.Add(["", Indented(depth, DotWriter.CallLabel(graph.Calls[call.Call])), NotebookHtml.Text(arguments), NotebookHtml.Number(N(call.OutputValue))]);
            }
            if (step.Shapes is { } shapes)
            {
                rows.Add([NotebookHtml.Text(labels.Of(step.Node)), Indented(calls.Depth, step.Layer), NotebookHtml.Text(shapes), V(0, step.OutputTensor!)]);
                continue;
            }
            string inputs = string.Join(", ", step.Inputs.Select((input, i) => Named(labels.Of(input), step.InputValues[i])));
            rows.Add([NotebookHtml.Text(labels.Of(step.Node)), Indented(calls.Depth, step.Layer), NotebookHtml.Text(inputs), NotebookHtml.Number(N(step.Output))]);
        }
        html.Table(["node", "layer", "inputs", "output"], rows, "forward, in creation order", trace.Forward.Count - HumanReporter.MaxRows);
    }

    private void BackwardTable(NotebookHtml html, GradientOutcome outcome, Trace trace)
    {
        var graph = outcome.Graph;
        var labels = new StepLabels(graph);
        var calls = new HumanReporter.OpenCalls(trace);
        var rows = new List<IReadOnlyList<string>>();
        foreach (var step in trace.Backward.Take(HumanReporter.MaxRows))
        {
            foreach (var (call, depth) in calls.Enter(step.Call))
            {
                string total = string.Join("\n", call.Sent.Select(sent => $"{labels.Of(sent.To)} ← {N(sent.Gradient)}"));
                rows.Add(["", Indented(depth, DotWriter.CallLabel(graph.Calls[call.Call])), NotebookHtml.Number(N(call.Dout)),
                    NotebookHtml.Text(ReplMessages.CompositeRule), NotebookHtml.Text(total)]);
            }
            string sends = string.Join("<br>", step.Sent.Select(sent => sent.GradientTensor is { } g
                ? NotebookHtml.Text($"{labels.Of(sent.To)} ←") + V(0, g) + (sent.Accumulated ? NotebookHtml.Text(" sum ") + V(0, sent.RunningSumTensor!) : "")
                : NotebookHtml.Text($"{labels.Of(sent.To)} ← {N(sent.Gradient)}" + (sent.Accumulated ? $", sum {N(sent.RunningSum)}" : ""))));
            rows.Add([NotebookHtml.Text(labels.Of(step.Node)), Indented(calls.Depth, step.Layer), V(step.Dout, step.DoutTensor),
                NotebookHtml.Text(step.Rule), sends]);
        }
        html.Table(["node", "layer", "dout", "rule", "sends"], rows, "backward, from L = 1 in reverse order", trace.Backward.Count - HumanReporter.MaxRows);
    }

    private string Named(string label, double value) => label == N(value) ? label : $"{label} = {N(value)}";

    // A layer inside a call of the user's function is indented under the call's row, as in the terminal (at most 16 deep).
    private static string Indented(int depth, string text) => string.Concat(Enumerable.Repeat("&nbsp;&nbsp;", Math.Min(depth, 16))) + NotebookHtml.Text(text);

    public void Expand(GradientOutcome outcome, Expansion expansion)
    {
        string plain = Plain(h => h.Expand(outcome, expansion));
        var html = new NotebookHtml().Paragraph(ReplMessages.Expanded(expansion.ScalarLayers)).Paragraph($"L = {N(expansion.Outcome.Value)}");
        var trace = Lang.Analysis.Trace.Of(expansion.Outcome.Graph);
        ForwardTable(html, expansion.Outcome, trace);
        BackwardTable(html, expansion.Outcome, trace);
        html.Table(["element", "tensor layers", "scalar layers", "same?"],
            expansion.Elements.Take(HumanReporter.MaxRows).Select(e => (IReadOnlyList<string>)[NotebookHtml.Text(e.Label),
                NotebookHtml.Number(N(e.TensorGradient)), NotebookHtml.Number(N(e.ScalarGradient)), NotebookHtml.Text(e.Agrees ? "yes" : "NO")]),
            omitted: expansion.Elements.Count - HumanReporter.MaxRows);
        html.Paragraph(ReplMessages.ExpandVerdict(expansion.Agrees, expansion.Elements.Count));
        Show(Bundle(plain, html.ToString()));
    }

    public void Explain(GradientOutcome outcome, Explanation explanation)
    {
        string plain = Plain(h => h.Explain(outcome, explanation));
        var html = new NotebookHtml().Paragraph($"L = {N(outcome.Value)}")
            .Raw("<ol>" + string.Concat(explanation.Steps.Select(s => "<li>" + NotebookHtml.Text(s.Replace("  ", " ")) + "</li>")) + "</ol>");
        Show(Bundle(plain, html.ToString()));
    }

    public void QuizGraph(string expression, GradientOutcome outcome, Trace trace)
    {
        string plain = Plain(h => h.QuizGraph(expression, outcome, trace));
        var html = new NotebookHtml().Paragraph(ReplMessages.QuizIntro(expression, N(outcome.Value)));
        ForwardTable(html, outcome, trace);
        Show(Bundle(plain, html.ToString()));
    }

    // ---- pictures ----

    public void Graph(GradientOutcome outcome)
    {
        string plain = Plain(h => h.Graph(outcome));
        Picture(outcome, plain);
    }

    /// <summary><c>:dot</c>: the DOT text as text/plain, and the same graph drawn by the library (no Graphviz needed).</summary>
    public void Dot(SourceLine source, string dot)
    {
        // The command hands over the DOT text only; the graph is the same line's, built again.
        var parsed = SyntaxParser.ParseLine(source);
        if (parsed.Statement is CommandStatement { Expression: { } expression })
        {
            var outcome = _session.Gradient(expression, source);
            if (outcome.Succeeded)
            {
                Picture(outcome, dot.TrimEnd('\n'));
                return;
            }
        }
        Show(Bundle(dot.TrimEnd('\n')));
    }

    private void Picture(GradientOutcome outcome, string plain)
    {
        var svg = GraphSvg.Write(outcome.Graph, N);
        if (svg is null)
        {
            Show(Bundle(plain));
            Say(KernelMessages.GraphTooLarge(outcome.Graph.Count, GraphSvg.MaxDrawn));
            return;
        }
        Show(Bundle(plain, svg: svg));
    }

    // ---- checks, second derivatives, descent and training ----

    public void Check(GradientOutcome outcome, CheckReport report)
    {
        string plain = Plain(h => h.Check(outcome, report));
        var rows = report.Leaves.Take(HumanReporter.MaxRows).Select(leaf => (IReadOnlyList<string>)[
            NotebookHtml.Text(LeafNames.Label(outcome, leaf.Node)), NotebookHtml.Text(LeafNames.Position(outcome, leaf.Node)),
            leaf.Shape is { } shape ? NotebookHtml.Text(ReplMessages.CheckedElements(Shapes.Text(shape), leaf.Checked, leaf.Elements)) : NotebookHtml.Number(N(leaf.Value)),
            NotebookHtml.Number(N(leaf.Backprop)), NotebookHtml.Number(N(leaf.Numerical)),
            NotebookHtml.Number(NumberText.Format(leaf.RelativeError, 2)) +
                (leaf.Shape is null ? "" : "<br>" + NotebookHtml.Text(ReplMessages.MeanDifference(NumberText.Format(leaf.MeanAbsoluteDifference, 2)))),
            Verdict(leaf.Verdict)]);
        var html = new NotebookHtml().Table(["leaf", "at", "value", "backprop", "numerical", "rel. error", "verdict"], rows,
            omitted: report.Leaves.Count - HumanReporter.MaxRows);
        html.Paragraph(ReplMessages.CheckSummary(report.Agreeing, report.Leaves.Count, report.Kinks, report.Undefined, report.Tolerance, report.Epsilon));
        if (report.Inconclusive > 0) html.Paragraph(ReplMessages.CheckInconclusive(report.Inconclusive, N(outcome.Value), report.Epsilon));
        Show(Bundle(plain, html.ToString()));
    }

    // The terminal's verdict words; a mismatch in the gradient's colour.
    private static string Verdict(CheckVerdict verdict) => verdict == CheckVerdict.Disagrees
        ? $"<b style=\"color:{DotWriter.GradientColour}\">{NotebookHtml.Text(HumanReporter.Verdict(verdict))}</b>"
        : NotebookHtml.Text(HumanReporter.Verdict(verdict));

    public void Hessian(HessianOutcome outcome)
    {
        string plain = Plain(h => h.Hessian(outcome));
        var report = outcome.Report!;
        double largest = report.Matrix.SelectMany(r => r).Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max();
        string Heat(double value) =>
            $"<span style=\"display:block;background-color:{Heatmap.Background(value, largest)};color:{Heatmap.Ink(value, largest)};padding:0 4px\">{NotebookHtml.Number(N(value))}</span>";
        var rows = Enumerable.Range(0, Math.Min(report.Variables.Count, HumanReporter.MaxRows)).Select(i => (IReadOnlyList<string>)[
            NotebookHtml.Text(report.Variables[i]), NotebookHtml.Number(N(report.Gradient[i])), .. report.Matrix[i].Select(Heat)]);
        var html = new NotebookHtml().Paragraph($"L = {N(report.Value)}").Paragraph(ReplMessages.HessianTitle)
            .Table(["", "dL/d(row)", .. report.Variables], rows, omitted: report.Variables.Count - HumanReporter.MaxRows);
        Show(Bundle(plain, html.ToString()));
    }

    public void Derivative(DerivativeOutcome outcome) => Show(Bundle(Plain(h => h.Derivative(outcome))));

    public void Descent(DescentOutcome outcome)
    {
        string plain = Plain(h => h.Descent(outcome));
        var report = outcome.Report!;
        var html = new NotebookHtml().Paragraph(plain.Split('\n')[0]);
        string chart = LineChartSvg.Write(report.Losses, "step", "L", first: 0);
        html.Raw(chart);
        var path = report.Path;
        html.Table(["step", "L", .. path is null ? [] : report.Inputs.Select(i => i.Name)],
            HumanReporter.SampledSteps(report.StepsTaken).Select(step => (IReadOnlyList<string>)[NotebookHtml.Number(step.ToString("N0", CultureInfo.InvariantCulture)),
                NotebookHtml.Number(N(report.Losses[step])), .. path is null ? [] : path[step].Select(v => NotebookHtml.Number(N(v)))]));
        html.Table(["input", "before", "after"],
            report.Inputs.Take(HumanReporter.MaxRows).Select(i => (IReadOnlyList<string>)[NotebookHtml.Text(i.Name), V(i.Before, i.TensorBefore), V(i.After, i.TensorAfter)]),
            omitted: report.Inputs.Count - HumanReporter.MaxRows);
        if (ReplMessages.DescentStoppedEarly(report, outcome.Start.Graph.Count) is { } stopped) html.Paragraph(stopped);
        else if (report.Losses[^1] > report.Losses[0]) html.Paragraph(ReplMessages.DescentRose);
        Show(Bundle(plain, html.ToString(), chart));
    }

    public void Train(TrainOutcome outcome)
    {
        string plain = Plain(h => h.Train(outcome));
        var report = outcome.Report!;
        var losses = report.Losses;
        var html = new NotebookHtml();
        string? chart = null;
        if (losses.Count > 0)
        {
            html.Paragraph(plain.Split('\n')[0]);
            chart = LineChartSvg.Write(losses, "epoch", "loss");
            html.Raw(chart);
            var reported = report.Reported;
            html.Table(["epoch", "loss", .. reported is null ? [] : new[] { SyntaxPrinter.Print(report.Settings.Report!) }],
                HumanReporter.SampledSteps(losses.Count - 1).Select(step => (IReadOnlyList<string>)[NotebookHtml.Number((step + 1).ToString("N0", CultureInfo.InvariantCulture)),
                    NotebookHtml.Number(N(losses[step])), .. reported is null ? [] : new[] { NotebookHtml.Number(N(reported[step])) }]));
        }
        html.Table(["parameter", "before", "after"],
            report.Parameters.Take(HumanReporter.MaxRows).Select(p => (IReadOnlyList<string>)[NotebookHtml.Text(p.Name),
                p.Shape.Length == 0 ? NotebookHtml.Number(N(p.Before.Data[0])) : V(0, p.Before),
                p.Shape.Length == 0 ? NotebookHtml.Number(N(p.After.Data[0])) : V(0, p.After)]),
            omitted: report.Parameters.Count - HumanReporter.MaxRows);
        switch (report.Stop)
        {
            case TrainStop.Diverged:
                html.Paragraph(Messages.TrainDiverged(report.StoppedAt.Epoch, report.StoppedAt.Batches, report.DivergedLoss));
                break;
            case TrainStop.Cancelled:
                html.Paragraph(Messages.TrainCancelled(report.StoppedAt.Epoch, report.StoppedAt.Batches, report.BatchesPerEpoch));
                break;
        }
        Show(Bundle(plain, html.ToString(), chart));
    }

    /// <summary>
    /// Runs the body; if it is still running after half a second, a line under the cell says how far it has got,
    /// replaced in place (update_display_data) at most four times a second and once more at the end.
    /// </summary>
    public T WithProgress<T>(string title, long total, Func<Action<long, string>, T> body)
    {
        FlushValue();
        var clock = Stopwatch.StartNew();
        string? display = null;
        long lastShown = 0;
        (long Done, string Doing) latest = (0, "");
        var result = body((done, doing) =>
        {
            latest = (done, doing);
            long now = clock.ElapsedMilliseconds;
            if (now < 500 || now - lastShown < 250) return;
            lastShown = now;
            var data = Bundle(KernelMessages.Progress(title, done, total, doing));
            if (display is null)
            {
                display = Guid.NewGuid().ToString("N");
                Output.Display(data, display);
            }
            else
            {
                Output.UpdateDisplay(data, display);
            }
        });
        if (display is not null) Output.UpdateDisplay(Bundle(KernelMessages.Progress(title, latest.Done, total, latest.Doing)), display);
        return result;
    }

    // ---- the session ----

    public void Variables(SourceLine source, IReadOnlyList<Variable> variables)
    {
        string plain = Plain(h => h.Variables(source, variables));
        if (variables.Count == 0)
        {
            Say(plain);
            return;
        }
        var html = new NotebookHtml().Table(["name", "value", "kind"],
            variables.Take(HumanReporter.MaxRows).Select(v => (IReadOnlyList<string>)[NotebookHtml.Text(v.Name), V(v.Value, v.Tensor),
                NotebookHtml.Text(Kind(v.Kind == VariableKind.Input ? "input" : "intermediate", v.Tensor))]),
            omitted: variables.Count - HumanReporter.MaxRows);
        Show(Bundle(plain, html.ToString()));
    }

    public void Functions(SourceLine source, IReadOnlyList<UserFunction> functions)
    {
        string plain = Plain(h => h.Functions(source, functions));
        if (functions.Count == 0)
        {
            Say(plain);
            return;
        }
        var html = new NotebookHtml().Table(["function", "definition", "line"],
            functions.Take(HumanReporter.MaxRows).Select(f => (IReadOnlyList<string>)[NotebookHtml.Text($"{f.Name}({string.Join(", ", f.Parameters)})"),
                NotebookHtml.Number(f.Text), NotebookHtml.Text(f.Source.Number.ToString(CultureInfo.InvariantCulture))]),
            omitted: functions.Count - HumanReporter.MaxRows);
        Show(Bundle(plain, html.ToString()));
    }

    // ---- diagnostics ----

    /// <summary>An error is kept for the cell's error reply; a warning is shown now, on stderr, as the terminal prints it.</summary>
    public void Diagnostic(Diagnostic diagnostic)
    {
        if (diagnostic.IsError)
        {
            _cellErrors.Add(diagnostic);
            return;
        }
        // A warning about the value held back belongs with it: the value can still be the cell's result.
        if (_pendingValue is not { } pending || pending.Source != diagnostic.Source) FlushValue();
        Output.Stream("stderr", DiagnosticFormatter.Format(diagnostic) + "\n");
    }

    public void Error(string message) => _plainErrors.Add(message);
}
