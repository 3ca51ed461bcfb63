using Backprop.Lang.Analysis;
using Backprop.Lang.Diagnostics;
using Backprop.Lang.Evaluation;
using Backprop.Lang.Syntax;
using Backprop.Lang.Text;
using Spectre.Console;

namespace Backprop.Repl.Output;

/// <summary>Results as text and Spectre.Console tables on stdout; diagnostics as compiler-style messages on stderr.</summary>
internal sealed class HumanReporter(IAnsiConsole console, TextWriter errors) : IReporter
{
    /// <summary>Tables longer than this are cut, with a line saying how many rows were left out.</summary>
    public const int MaxRows = 200;

    public NumberFormat Numbers { get; set; } = NumberFormat.Default;

    // Errors and warnings in colour when they go to a terminal and NO_COLOR is not set.
    private readonly bool _colour = Colours.ForErrors(errors);
    private readonly bool _terminal = Colours.IsTerminal(errors);

    private string N(double value) => Numbers.Format(value);

    public void Value(ValueOutcome outcome)
    {
        if (outcome.Tensor is { } tensor)
        {
            Grid("", tensor);
            return;
        }
        Line(N(outcome.Value));
    }

    public void Assignment(AssignmentOutcome outcome)
    {
        if (outcome.Tensor is { } tensor)
        {
            Grid($"{outcome.Name} = ", tensor);
            return;
        }
        Line($"{outcome.Name} = {N(outcome.Value)}");
    }

    // A tensor after a label, its shape at the end of its first line (numpy prints none; a learner needs it).
    private void Grid(string label, Lang.Tensors.Tensor tensor)
    {
        var lines = Lang.Text.TensorText.Lines(tensor, TensorElement);
        string indent = new(' ', label.Length);
        for (int i = 0; i < lines.Count; i++)
        {
            Line((i == 0 ? label : indent) + lines[i] + (i == lines.Count - 1 ? $"  ({Lang.Tensors.Shapes.Text(tensor.Shape)})" : ""));
        }
    }

    // A value or gradient in a table cell: a number, or a tensor's grid.
    private string V(double value, Lang.Tensors.Tensor? tensor) => tensor is null ? N(value) : Lang.Text.TensorText.Of(tensor, TensorElement);

    // A grid's elements get at most 6 significant digits (numpy shows 8 decimals), fewer if :set precision says so,
    // and every digit with :set precision full.
    private string TensorElement(double value) =>
        Lang.Text.NumberText.Format(value, Numbers.SignificantDigits is { } d ? Math.Min(d, 6) : null);

    private string Brief(Lang.Tensors.Tensor tensor) => Lang.Text.TensorText.Brief(tensor, TensorElement);

    private static string J(string english, string japanese) => Language.Text(english, japanese);

    private static string Kind(string kind, Lang.Tensors.Tensor? tensor) => tensor is null ? kind : $"{kind} {Lang.Tensors.Shapes.Text(tensor.Shape)}";

    public void Function(FunctionOutcome outcome) =>
        Line(outcome.Replaced is int line ? ReplMessages.FunctionReplaced(outcome.Function!.Text, line) : ReplMessages.FunctionDefined(outcome.Function!.Text));

    public void Gradient(GradientOutcome outcome)
    {
        Line($"L = {N(outcome.Value)}");
        // The whole line as written, so the picture's columns are the table's columns.
        var picture = GradientPicture.Draw(outcome.Source.Text.TrimEnd(),
            outcome.Literals.Where(l => l.Source == outcome.Source && l.TensorValue is null).Select(l => (l.Span.Start, LiteralGradient(l.Gradient))).ToList());
        if (picture is not null)
        {
            Line("");
            if (picture.Max(DisplayWidth.Of) + 2 <= console.Profile.Width)
            {
                foreach (var line in picture)
                {
                    Line("  " + line);
                }
            }
            else
            {
                Text(outcome.Source, ReplMessages.PictureTooWide(picture.Max(DisplayWidth.Of) + 2, console.Profile.Width));
            }
        }

        var leaves = NewTable(J("leaf", "葉"), J("kind", "種類"), J("at", "位置"), J("value", "値"), J("dL/d(leaf)", "dL/d(葉)"));
        int rows = 0;
        foreach (var literal in outcome.Literals)
        {
            if (rows++ < MaxRows)
                leaves.AddRow(Cell(literal.Text), Cell(Kind(J("literal", "リテラル"), literal.TensorValue)), Cell($"{literal.Line}:{literal.Column}"),
                    Cell(V(literal.Value, literal.TensorValue)), Cell(literal.TensorGradient is { } g ? V(0, g) : LiteralGradient(literal.Gradient)));
        }
        foreach (var variable in outcome.Variables)
        {
            if (rows++ < MaxRows)
                leaves.AddRow(Cell(variable.Name), Cell(Kind(J("input", "入力"), variable.TensorValue)), Cell(""),
                    Cell(V(variable.Value, variable.TensorValue)), Cell(V(variable.Gradient, variable.TensorGradient)));
        }
        if (rows > 0)
        {
            Line("");
            console.Write(leaves);
            Omitted(rows);
            if (outcome.Literals.Any(l => l.TensorValue is null && double.IsNaN(l.Gradient)))
            {
                Text(outcome.Source, ReplMessages.UndefinedLiteralGradient);
            }
        }

        if (outcome.Intermediates.Count > 0)
        {
            var named = NewTable(J("intermediate", "中間値"), J("value", "値"), J("dL/d(name)", "dL/d(名前)"));
            foreach (var intermediate in outcome.Intermediates.Take(MaxRows))
            {
                named.AddRow(Cell(intermediate.Name + (intermediate.TensorValue is { } t ? $" {Lang.Tensors.Shapes.Text(t.Shape)}" : "")),
                    Cell(V(intermediate.Value, intermediate.TensorValue)), Cell(V(intermediate.Gradient, intermediate.TensorGradient)));
            }
            console.Write(named);
            Omitted(outcome.Intermediates.Count);
        }
    }

    /// <summary>
    /// A literal's own gradient, which is NaN where the derivative does not exist (d(x^y)/dy for x &lt; 0): shown
    /// as "undefined" with a footnote, since a literal is a constant and nothing else depends on it. JSON keeps "NaN".
    /// </summary>
    private string LiteralGradient(double gradient) => double.IsNaN(gradient) ? ReplMessages.Undefined : N(gradient);

    public void Variables(SourceLine source, IReadOnlyList<Variable> variables)
    {
        if (variables.Count == 0)
        {
            Line(ReplMessages.NoVariables);
            return;
        }
        var table = NewTable(J("name", "名前"), J("value", "値"), J("kind", "種類"));
        foreach (var v in variables.Take(MaxRows))
        {
            table.AddRow(Cell(v.Name), Cell(V(v.Value, v.Tensor)), Cell(Kind(v.Kind == VariableKind.Input ? J("input", "入力") : J("intermediate", "中間値"), v.Tensor)));
        }
        console.Write(table);
        Omitted(variables.Count);
    }

    public void Functions(SourceLine source, IReadOnlyList<UserFunction> functions)
    {
        if (functions.Count == 0)
        {
            Line(ReplMessages.NoFunctions);
            return;
        }
        var table = NewTable(J("function", "関数"), J("definition", "定義"), J("line", "行"));
        foreach (var f in functions.Take(MaxRows))
        {
            table.AddRow(Cell($"{f.Name}({string.Join(", ", f.Parameters)})"), Cell(f.Text), Cell(f.Source.Number.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        console.Write(table);
        Omitted(functions.Count);
    }

    public void Trace(GradientOutcome outcome, Trace trace)
    {
        Line($"L = {N(outcome.Value)}");
        ForwardTable(outcome, trace);
        var graph = outcome.Graph;
        var labels = new StepLabels(graph);
        var backward = NewTable(J("node", "ノード"), J("layer", "レイヤ"), "dout", J("rule", "規則"), J("sends", "送るもの"));
        backward.Title = new TableTitle(J("backward, from L = 1 in reverse order", "逆伝播、L = 1 から逆順に"));
        var calls = new OpenCalls(trace);
        foreach (var step in trace.Backward.Take(MaxRows))
        {
            foreach (var (call, depth) in calls.Enter(step.Call))
            {
                string total = string.Join("\n", call.Sent.Select(sent => $"{labels.Of(sent.To)} ← {N(sent.Gradient)}"));
                backward.AddRow(Cell(""), Cell(Indent(depth) + CallName(graph, call)), Cell(N(call.Dout)), Cell(ReplMessages.CompositeRule), Cell(total));
            }
            string sends = string.Join("\n", step.Sent.Select(sent => sent.GradientTensor is { } g
                ? $"{labels.Of(sent.To)} ← {Brief(g)}" + (sent.Accumulated ? $"\n  {J("sum", "和")} {Brief(sent.RunningSumTensor!)}" : "")
                : $"{labels.Of(sent.To)} ← {N(sent.Gradient)}" + (sent.Accumulated ? $", {J("sum", "和")} {N(sent.RunningSum)}" : "")));
            backward.AddRow(Cell(labels.Of(step.Node)), Cell(Indent(calls.Depth) + step.Layer),
                Cell(step.DoutTensor is { } dout ? Brief(dout) : N(step.Dout)), Cell(step.Rule), Cell(sends));
        }
        console.Write(backward);
        Omitted(trace.Backward.Count);
        // The conventions at kinks that gave a step's gradient: beside the textbook's rule, never folded into it.
        foreach (var step in trace.Backward.Take(MaxRows).Where(step => step.Note is not null))
        {
            Line(Lang.Diagnostics.Messages.TraceNote(labels.Of(step.Node), step.Layer, step.Note!));
        }
    }

    /// <summary>The forward half of :trace, which :quiz shows too: each layer node with its inputs and output.</summary>
    private void ForwardTable(GradientOutcome outcome, Trace trace)
    {
        var graph = outcome.Graph;
        var labels = new StepLabels(graph);
        var forward = NewTable(J("node", "ノード"), J("layer", "レイヤ"), J("inputs", "入力"), J("output", "出力"));
        forward.Title = new TableTitle(J("forward, in creation order", "順伝播、作られた順に"));
        var calls = new OpenCalls(trace);
        foreach (var step in trace.Forward.Take(MaxRows))
        {
            foreach (var (call, depth) in calls.Enter(step.Call))
            {
                string arguments = string.Join(", ", call.Inputs.Select((input, i) => Named(labels.Of(input), call.InputValues[i])));
                forward.AddRow(Cell(""), Cell(Indent(depth) + CallName(graph, call)), Cell(arguments), Cell(N(call.OutputValue)));
            }
            if (step.Shapes is { } shapes)
            {
                forward.AddRow(Cell(labels.Of(step.Node)), Cell(Indent(calls.Depth) + step.Layer), Cell(shapes), Cell(Brief(step.OutputTensor!)));
                continue;
            }
            string inputs = string.Join(", ", step.Inputs.Select((input, i) => Named(labels.Of(input), step.InputValues[i])));
            forward.AddRow(Cell(labels.Of(step.Node)), Cell(Indent(calls.Depth) + step.Layer), Cell(inputs), Cell(N(step.Output)));
        }
        console.Write(forward);
        Omitted(trace.Forward.Count);
    }

    public void Expand(GradientOutcome outcome, Expansion expansion)
    {
        Line(ReplMessages.Expanded(expansion.ScalarLayers));
        Trace(expansion.Outcome, Lang.Analysis.Trace.Of(expansion.Outcome.Graph));
        var table = NewTable(J("element", "要素"), J("tensor layers", "テンソルのレイヤ"), J("scalar layers", "スカラーのレイヤ"), J("same?", "同じ？"));
        foreach (var element in expansion.Elements.Take(MaxRows))
        {
            table.AddRow(Cell(element.Label), Cell(N(element.TensorGradient)), Cell(N(element.ScalarGradient)), Cell(element.Agrees ? J("yes", "はい") : J("NO", "いいえ")));
        }
        console.Write(table);
        Omitted(expansion.Elements.Count);
        Line(ReplMessages.ExpandVerdict(expansion.Agrees, expansion.Elements.Count));
    }

    public void Explain(GradientOutcome outcome, Explanation explanation)
    {
        Line($"L = {N(outcome.Value)}");
        int width = explanation.Steps.Count.ToString(System.Globalization.CultureInfo.InvariantCulture).Length + 1;
        for (int i = 0; i < explanation.Steps.Count; i++)
        {
            string number = $"{i + 1}.".PadRight(width);
            Line(Fit.Wrap(number + "  " + explanation.Steps[i].Replace("  ", " "), console.Profile.Width));
        }
    }

    public void QuizGraph(string expression, GradientOutcome outcome, Trace trace)
    {
        Line(ReplMessages.QuizIntro(expression, N(outcome.Value)));
        ForwardTable(outcome, trace);
    }

    // A layer inside a call of the user's function is indented under the call's row, two columns per call (up to
    // 16 calls deep: functions may nest thousands deep, and the table must still fit the terminal).
    private static string Indent(int depth) => new(' ', 2 * Math.Min(depth, 16));

    // The label :dot and :graph give the call too.
    private static string CallName(Backprop.Lang.Graph.ComputationGraph graph, CallStep call) => DotWriter.CallLabel(graph.Calls[call.Call]);

    /// <summary>
    /// Which calls of the user's functions a table is inside, as its rows go by: a row in a call that is not open yet
    /// first opens it (and the calls around it), with a row for the call as one composite layer.
    /// </summary>
    internal sealed class OpenCalls(Trace trace)
    {
        private readonly List<int> _open = [];

        public int Depth => _open.Count;

        public List<(CallStep Call, int Depth)> Enter(int call)
        {
            var chain = new List<int>();
            for (int c = call; c >= 0; c = trace.Calls[c].Parent)
            {
                chain.Add(c);
            }
            chain.Reverse();
            int common = 0;
            while (common < _open.Count && common < chain.Count && _open[common] == chain[common]) common++;
            _open.RemoveRange(common, _open.Count - common);
            var opened = new List<(CallStep, int)>();
            for (int i = common; i < chain.Count; i++)
            {
                opened.Add((trace.Calls[chain[i]], i));
                _open.Add(chain[i]);
            }
            return opened;
        }
    }

    /// <summary><c>x = 3</c>, or just <c>3</c> for a literal whose label is its value.</summary>
    private string Named(string label, double value) => label == N(value) ? label : $"{label} = {N(value)}";

    public void Graph(GradientOutcome outcome)
    {
        Line($"L = {N(outcome.Value)}");
        console.Write(GraphTree.Build(outcome, Numbers, GraphTree.LevelsFor(console.Profile.Width)));
    }

    public void Dot(SourceLine source, string dot) => console.Profile.Out.Writer.Write(dot);

    /// <summary>Below this width :check's seven columns would cut numbers; each leaf is then a sentence of its own.</summary>
    public const int CheckTableWidth = 96;

    public void Check(GradientOutcome outcome, CheckReport report)
    {
        if (console.Profile.Width < CheckTableWidth)
        {
            CheckStacked(outcome, report);
            return;
        }
        var table = NewTable(J("leaf", "葉"), J("at", "位置"), J("value", "値"), J("backprop", "誤差逆伝播法"), J("numerical", "数値微分"), J("rel. error", "相対誤差"), J("verdict", "判定"));
        foreach (var leaf in report.Leaves.Take(MaxRows))
        {
            if (leaf.Shape is { } shape)
            {
                // A tensor leaf: its worst element's numbers, and the book's mean absolute difference over what was checked.
                table.AddRow(Cell(LeafNames.Label(outcome, leaf.Node)), Cell(LeafNames.Position(outcome, leaf.Node)),
                    Cell(ReplMessages.CheckedElements(Lang.Tensors.Shapes.Text(shape), leaf.Checked, leaf.Elements)),
                    Cell(N(leaf.Backprop)), Cell(N(leaf.Numerical)),
                    Cell(Backprop.Lang.Text.NumberText.Format(leaf.RelativeError, 2) + "\n" +
                        ReplMessages.MeanDifference(Backprop.Lang.Text.NumberText.Format(leaf.MeanAbsoluteDifference, 2))),
                    Cell(Verdict(leaf.Verdict)));
                continue;
            }
            table.AddRow(Cell(LeafNames.Label(outcome, leaf.Node)), Cell(LeafNames.Position(outcome, leaf.Node)), Cell(N(leaf.Value)),
                Cell(N(leaf.Backprop)), Cell(N(leaf.Numerical)), Cell(Backprop.Lang.Text.NumberText.Format(leaf.RelativeError, 2)),
                Cell(Verdict(leaf.Verdict)));
        }
        console.Write(table);
        Omitted(report.Leaves.Count);
        Line(ReplMessages.CheckSummary(report.Agreeing, report.Leaves.Count, report.Kinks, report.Undefined, report.Tolerance, report.Epsilon));
        if (report.Inconclusive > 0)
        {
            Line(ReplMessages.CheckInconclusive(report.Inconclusive, N(outcome.Value), report.Epsilon));
        }
    }

    // Narrow terminals: a leaf per line, wrapped between words, so no number loses its digits or its exponent.
    private void CheckStacked(GradientOutcome outcome, CheckReport report)
    {
        foreach (var leaf in report.Leaves.Take(MaxRows))
        {
            string position = LeafNames.Position(outcome, leaf.Node);
            string name = LeafNames.Label(outcome, leaf.Node) + (position.Length > 0 ? $" ({position})" : "");
            string value = leaf.Shape is { } shape
                ? ReplMessages.CheckedElements(Lang.Tensors.Shapes.Text(shape), leaf.Checked, leaf.Elements).Replace('\n', ' ')
                : N(leaf.Value);
            string error = Backprop.Lang.Text.NumberText.Format(leaf.RelativeError, 2)
                + (leaf.Shape is null ? "" : ", " + ReplMessages.MeanDifference(Backprop.Lang.Text.NumberText.Format(leaf.MeanAbsoluteDifference, 2)));
            Line(Fit.Wrap(J($"{name} = {value}: backprop {N(leaf.Backprop)}, numerical {N(leaf.Numerical)}, rel. error {error}: {Verdict(leaf.Verdict)}",
                $"{name} = {value}: 誤差逆伝播法 {N(leaf.Backprop)}、数値微分 {N(leaf.Numerical)}、相対誤差 {error}: {Verdict(leaf.Verdict)}"),
                console.Profile.Width));
        }
        Omitted(report.Leaves.Count);
        Line(Fit.Wrap(ReplMessages.CheckSummary(report.Agreeing, report.Leaves.Count, report.Kinks, report.Undefined, report.Tolerance, report.Epsilon),
            console.Profile.Width));
        if (report.Inconclusive > 0)
        {
            Line(Fit.Wrap(ReplMessages.CheckInconclusive(report.Inconclusive, N(outcome.Value), report.Epsilon), console.Profile.Width));
        }
    }

    internal static string Verdict(CheckVerdict verdict) => verdict switch
    {
        CheckVerdict.Agrees => J("ok", "一致"),
        CheckVerdict.Kink => J("kink (not checked)", "折れ目（確かめない）"),
        CheckVerdict.Undefined => J("undefined (not checked)", "未定義（確かめない）"),
        CheckVerdict.Inconclusive => J("inconclusive", "判定不能"),
        _ => J("MISMATCH", "不一致"),
    };

    public void Descent(DescentOutcome outcome)
    {
        var report = outcome.Report!;
        Line(ReplMessages.DescentSummary(N(report.Losses[0]), N(report.Losses[^1]), report.StepsTaken, N(report.LearningRate),
            report.Method == DescentMethod.Newton));
        // With one or two variables, where they were at each step too (Newton's x = 2, 1.4545, 1.1510, ...).
        var path = report.Path;
        var losses = NewTable([J("step", "ステップ"), "L", .. path is null ? [] : report.Inputs.Select(i => i.Name)]);
        foreach (int step in SampledSteps(report.StepsTaken))
        {
            losses.AddRow([Cell(step.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)), Cell(N(report.Losses[step])),
                .. path is null ? [] : path[step].Select(v => Cell(N(v)))]);
        }
        console.Write(losses);
        var inputs = NewTable(J("input", "入力"), J("before", "前"), J("after", "後"));
        foreach (var input in report.Inputs.Take(MaxRows))
        {
            inputs.AddRow(Cell(input.Name), Cell(V(input.Before, input.TensorBefore)), Cell(V(input.After, input.TensorAfter)));
        }
        console.Write(inputs);
        Omitted(report.Inputs.Count);
        if (ReplMessages.DescentStoppedEarly(report, outcome.Start.Graph.Count) is { } stopped)
        {
            Line(stopped);
        }
        else if (report.Losses[^1] > report.Losses[0])
        {
            Line(ReplMessages.DescentRose);
        }
    }

    public void Train(TrainOutcome outcome)
    {
        var report = outcome.Report!;
        var losses = report.Losses;
        var settings = report.Settings;
        if (losses.Count > 0)
        {
            Line(Lang.Diagnostics.Messages.TrainSummary(report, N));
            foreach (string line in Lang.Text.LineChart.Draw(losses, Math.Min(60, console.Profile.Width)))
            {
                Line(line);
            }
            var table = NewTable([J("epoch", "エポック"), J("loss", "損失"), .. report.Reported is null ? [] : new[] { Lang.Syntax.SyntaxPrinter.Print(settings.Report!) }]);
            foreach (int step in SampledSteps(losses.Count - 1))
            {
                table.AddRow([Cell((step + 1).ToString("N0", System.Globalization.CultureInfo.InvariantCulture)), Cell(N(losses[step])),
                    .. report.Reported is null ? [] : new[] { Cell(N(report.Reported[step])) }]);
            }
            console.Write(table);
        }
        // Numbers are shown before and after, as :descend shows them; a tensor by its shape and how far it moved.
        bool numbers = report.Parameters.All(p => p.Shape.Length == 0);
        var parameters = numbers ? NewTable(J("parameter", "パラメータ"), J("before", "前"), J("after", "後")) : NewTable(J("parameter", "パラメータ"), J("shape", "形"), J("largest change", "最大の変化"));
        foreach (var p in report.Parameters.Take(MaxRows))
        {
            double change = 0;
            for (int i = 0; i < p.After.Count; i++) change = Math.Max(change, Math.Abs(p.After.Data[i] - p.Before.Data[i]));
            parameters.AddRow(numbers
                ? [Cell(p.Name), Cell(N(p.Before.Data[0])), Cell(N(p.After.Data[0]))]
                : [Cell(p.Name), Cell(p.Shape.Length == 0 ? J("number", "数") : Lang.Tensors.Shapes.Text(p.Shape)), Cell(N(change))]);
        }
        console.Write(parameters);
        Omitted(report.Parameters.Count);
        switch (report.Stop)
        {
            case TrainStop.Diverged:
                Line(Lang.Diagnostics.Messages.TrainDiverged(report.StoppedAt.Epoch, report.StoppedAt.Batches, report.DivergedLoss));
                break;
            case TrainStop.Cancelled:
                Line(Lang.Diagnostics.Messages.TrainCancelled(report.StoppedAt.Epoch, report.StoppedAt.Batches, report.BatchesPerEpoch));
                break;
        }
    }

    /// <summary>A progress bar with the time left, on a terminal only: in a pipe or a file the result says enough.</summary>
    public T WithProgress<T>(string title, long total, Func<Action<long, string>, T> body)
    {
        if (!console.Profile.Capabilities.Interactive || !console.Profile.Capabilities.Ansi)
        {
            return body(static (_, _) => { });
        }
        return console.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(title, maxValue: Math.Max(1, total));
                return body((done, description) =>
                {
                    task.Value = done;
                    task.Description = description;
                });
            });
    }

    public void Hessian(HessianOutcome outcome)
    {
        var report = outcome.Report!;
        Line($"L = {N(report.Value)}");
        Line(ReplMessages.HessianTitle);
        var table = NewTable(["", J("dL/d(row)", "dL/d(行)"), .. report.Variables]);
        for (int i = 0; i < report.Variables.Count && i < MaxRows; i++)
        {
            table.AddRow([Cell(report.Variables[i]), Cell(N(report.Gradient[i])), .. report.Matrix[i].Select(h => Cell(N(h)))]);
        }
        console.Write(table);
        Omitted(report.Variables.Count);
    }

    public void Derivative(DerivativeOutcome outcome)
    {
        var report = outcome.Report!;
        Line($"d/d{report.Wrt} = {report.Text}");
        Line($"      = {N(report.Value)}");
    }

    /// <summary>Step 0, about ten steps evenly spread, and the last one.</summary>
    internal static IEnumerable<int> SampledSteps(int taken)
    {
        int stride = Math.Max(1, (taken + 9) / 10);
        for (int step = 0; step < taken; step += stride)
        {
            yield return step;
        }
        yield return taken;
    }

    /// <summary>Wrapped to the console's width between words.</summary>
    public void Text(SourceLine source, string text) => Line(Fit.Wrap(text, console.Profile.Width));

    /// <summary>Plain text straight to the output, so a long message is not wrapped at the console width.</summary>
    private void Line(string text) => console.Profile.Out.Writer.WriteLine(text);

    public void Diagnostic(Diagnostic diagnostic)
    {
        console.Profile.Out.Writer.Flush();
        string text = DiagnosticFormatter.Format(diagnostic);
        if (_terminal)
        {
            // On a terminal the message line is wrapped between words; the source and caret lines stay as they are.
            int end = text.IndexOf('\n');
            text = Fit.Wrap(text[..end], console.Profile.Width) + text[end..];
        }
        errors.WriteLine(_colour ? Colours.Paint(text, diagnostic.IsError) : text);
        errors.Flush();
    }

    public void Error(string message)
    {
        console.Profile.Out.Writer.Flush();
        errors.WriteLine($"backprop: {J("error", "エラー")}: {message}");
        errors.Flush();
    }

    internal static Table NewTable(params string[] headers)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn(new Text(header)));
        }
        return table;
    }

    /// <summary>Plain text in a cell: user text may contain '[' which markup would misread.</summary>
    internal static Text Cell(string text) => Fit.Cell(text);

    private void Omitted(int rows)
    {
        if (rows > MaxRows)
        {
            Line(ReplMessages.RowsOmitted(rows - MaxRows));
        }
    }
}
