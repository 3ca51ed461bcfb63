using Backprop.Lang.Analysis;
using Backprop.Lang.Commands;
using Backprop.Lang.Diagnostics;
using Backprop.Lang.Evaluation;
using Backprop.Lang.Syntax;
using Backprop.Lang.Tensors;
using Backprop.Lang.Text;

namespace Backprop.Web.Model;

/// <summary>
/// A line the page prints under the script, as the REPL would: a value, an assignment, a message. A tensor's grid
/// takes several; the later ones continue the first (<see cref="Continued"/>), under the same script line.
/// </summary>
internal sealed record OutputLine(int Line, string Text, bool IsWarning = false, bool Continued = false);

/// <summary>A <c>:check</c>'s outcome, for its table.</summary>
public sealed record CheckShown(GradientOutcome Outcome, CheckRun Run);

/// <summary>A <c>:quiz</c> to put to the learner: the expression as written (or made up), its outcome and the questions.</summary>
public sealed record QuizShown(string Expression, GradientOutcome Outcome, IReadOnlyList<QuizQuestion> Questions);

/// <summary>
/// What a whole script did on the page: the printed lines, the gradient to show (the last <c>:grad</c>'s, else the
/// last expression's), the last <c>:trace</c>, <c>:check</c>, <c>:descend</c>, <c>:expand</c> and <c>:dot</c>, and the first
/// error. A tensor is printed as a grid, as the REPL prints it; an expression whose value is a tensor has no gradient
/// (one starts from a number), so the page shows its value instead.
/// A script stops at its first error, as <c>backprop eval</c> does. The library does the work; the meaning of each
/// command's options comes from <see cref="CommandSettings"/>, as in the REPL.
/// </summary>
/// <remarks>
/// A <c>:train</c> takes longer than a page may stand still, so a script pauses at one: <see cref="Start"/> runs the
/// lines up to it and sets <see cref="Training"/> up, the page runs its epochs a slice at a time, drawing between
/// slices, and <see cref="Continue"/> finishes it and runs the lines after it. <see cref="Of"/> does all of that at once.
/// </remarks>
internal sealed class ScriptRun
{
    public const string Path = "script";

    // What the page runs, and what it does not (with the reason it shows), are the library's command table's.
    private static readonly IReadOnlyList<string> Known = CommandCatalog.OnThePage;

    private readonly Session _session = new() { DataFiles = ExampleDataFiles.Instance };
    private readonly List<SourceLine> _lines;
    private int _next;
    private GradientOutcome? _lastGrad;
    private GradientOutcome? _lastOther;
    private Tensor? _lastTensor;

    public List<OutputLine> Output { get; } = [];

    /// <summary>The gradient the value, the table and the graph show.</summary>
    public GradientOutcome? Gradient => _lastGrad ?? _lastOther;

    /// <summary>The last expression's value when it is a tensor and no gradient is shown: the page shows its grid.</summary>
    public Tensor? TensorValue => Gradient is null ? _lastTensor : null;

    /// <summary>The last <c>:expand</c>: the same expression in the article's scalar layers, each leaf element's gradient both ways.</summary>
    public Expansion? Expanded { get; private set; }

    public (GradientOutcome Outcome, Trace Trace)? Ledger { get; private set; }
    public CheckShown? Check { get; private set; }
    public DescentOutcome? Descent { get; private set; }

    /// <summary>The last <c>:quiz</c>: the page asks its questions one at a time, as the REPL does.</summary>
    public QuizShown? Quizzed { get; private set; }
    public string? Dot { get; private set; }
    /// <summary>The last <c>:train</c>: live while the script waits for it, then its outcome.</summary>
    public TrainingRun? Training { get; private set; }

    public Diagnostic? Error { get; private set; }
    public List<Diagnostic> Warnings { get; } = [];

    private ScriptRun(string text) => _lines = [.. SourceLine.Split(text, Path)];

    /// <summary>The whole script, a <c>:train</c> run to its end where it stands.</summary>
    public static ScriptRun Of(string text)
    {
        var run = Start(text);
        while (run.Training is { Live: true } training)
        {
            training.RunToEnd();
            run.Continue();
        }
        return run;
    }

    /// <summary>The script up to its end, its first error, or a <c>:train</c> set up and waiting to be run (<see cref="Training"/> live).</summary>
    public static ScriptRun Start(string text)
    {
        var run = new ScriptRun(text);
        run.Continue();
        return run;
    }

    /// <summary>
    /// Finishes the training the script waits for, where it stands (its parameters into the session), and runs the
    /// lines after it, up to the end, an error or the next <c>:train</c>.
    /// </summary>
    public void Continue()
    {
        if (Training is { Live: true } training)
        {
            Warn(training.Finish().Diagnostics);
        }
        while (_next < _lines.Count)
        {
            if (!RunLine(_session, _lines[_next++]))
            {
                _next = _lines.Count;
                return;
            }
            if (Training is { Live: true }) return;
        }
    }

    private bool RunLine(Session session, SourceLine source)
    {
        var parsed = SyntaxParser.ParseLine(source);
        if (parsed.HasErrors)
        {
            return Fail(parsed.Diagnostics);
        }
        switch (parsed.Statement)
        {
            case ExprStatement e:
                // The value first: a tensor is printed and kept to show. For a number the gradient too: a script
                // without :grad shows its last expression's.
                // One lowering for both, so randn on the line draws once.
                var (value, gradient) = session.ValueAndGradient(e.Expr, source);
                if (!value.Succeeded) return Fail(value.Diagnostics);
                if (value.Tensor is { } tensor)
                {
                    Grid(source.Number, "", tensor);
                    _lastOther = null;
                    _lastTensor = tensor;
                    Warn(value.Diagnostics);
                    return true;
                }
                if (gradient is not { } outcome)
                {
                    Output.Add(new OutputLine(source.Number, Numbers.Format(value.Value)));
                    Warn(value.Diagnostics);
                    return true;
                }
                Show(outcome);
                Output.Add(new OutputLine(source.Number, Numbers.Format(outcome.Value)));
                Warn(outcome.Diagnostics);
                return true;
            case CommandStatement c:
                return RunCommand(session, c, source);
            default:
                var result = session.Execute(parsed);
                if (!result.Succeeded) return Fail(result.Diagnostics);
                if (result is AssignmentOutcome { Tensor: { } assigned } t)
                {
                    Grid(source.Number, WebMessages.Named(t.Name), assigned);
                }
                else if (result is AssignmentOutcome a)
                {
                    Output.Add(new OutputLine(source.Number, WebMessages.Assigned(a.Name, Numbers.Format(a.Value))));
                }
                else if (result is FunctionOutcome f)
                {
                    Output.Add(new OutputLine(source.Number, WebMessages.Defined(f.Function!.Text)));
                }
                Warn(result.Diagnostics);
                return true;
        }
    }

    private bool RunCommand(Session session, CommandStatement command, SourceLine source)
    {
        var nameSpan = command.NameSpan.Cover(new TextSpan(command.Span.Start, 1));
        if (CommandCatalog.Find(command.Name) is { NotOnThePage: { } why })
        {
            return Fail([new Diagnostic(Severity.Error, source, nameSpan, WebMessages.NotOnThePage(command.Name, why()))]);
        }
        if (!Known.Contains(command.Name))
        {
            return Fail([new Diagnostic(Severity.Error, source, nameSpan, WebMessages.UnknownCommand(command.Name, Suggestions.Nearest(command.Name, Known)))]);
        }
        if (command.Name == "dot" && command.Target is { } target)
        {
            return Fail([new Diagnostic(Severity.Error, source, target.Span, WebMessages.NoFilesOnThePage)]);
        }
        var syntax = CommandCatalog.Find(command.Name)!;
        if (CommandSettings.Unexpected(command, source, syntax.Options, syntax.AcceptsWrt, acceptsTarget: false, syntax.AcceptsData) is { } unexpected)
        {
            return Fail([unexpected]);
        }
        if (command.Name is "vars" or "funcs" or "reset" && CommandSettings.NoArgument(command, source) is { } argument)
        {
            return Fail([argument]);
        }
        switch (command.Name)
        {
            case "vars":
                var variables = session.Variables;
                if (variables.Count == 0) Output.Add(new OutputLine(source.Number, WebMessages.NoVariables));
                foreach (var v in variables)
                {
                    bool input = v.Kind == VariableKind.Input;
                    if (v.Tensor is { } grid)
                    {
                        Grid(source.Number, WebMessages.Named(v.Name), grid, input ? "" : WebMessages.IntermediateNote);
                        continue;
                    }
                    Output.Add(new OutputLine(source.Number, WebMessages.Variable(v.Name, Numbers.Format(v.Value), input)));
                }
                return true;
            case "funcs":
                if (session.UserFunctions.Count == 0) Output.Add(new OutputLine(source.Number, WebMessages.NoFunctions));
                foreach (var function in session.UserFunctions.All)
                {
                    Output.Add(new OutputLine(source.Number, function.Text));
                }
                return true;
            case "reset":
                session.Reset();
                Output.Add(new OutputLine(source.Number, WebMessages.ResetDone));
                return true;
            case "help":
                string topic = command.Argument.TrimStart(':');
                if (topic.Length > 0 && !Known.Contains(topic))
                {
                    return Fail([new Diagnostic(Severity.Error, source, command.ArgumentSpan,
                        WebMessages.UnknownCommand(topic, Suggestions.Nearest(topic, Known)))]);
                }
                Output.AddRange(WebMessages.Help.Where(h => topic.Length == 0 || h.StartsWith(":" + topic + " ", StringComparison.Ordinal))
                    .Select(h => new OutputLine(source.Number, h)));
                return true;
            case "set":
                return RunSet(session, command, source);
            case "train":
                if (TrainSettings.Read(command, source, out var trainError) is not { } train) return Fail([trainError!]);
                var start = session.StartTraining(command, source, train);
                if (start.Run is null) return Fail(start.Diagnostics);
                Training = new TrainingRun(session, command, source, train, start);
                Warn(start.Diagnostics);
                return true;
            case "descend":
                if (DescentSettings.Read(command, source, out var descentError) is not { } descent) return Fail([descentError!]);
                var descended = descent.Run(session, command, source);
                if (!descended.Succeeded) return Fail(descended.Diagnostics);
                Descent = descended;
                Warn(descended.Diagnostics);
                return true;
            case "hessian":
                var hessian = session.Hessian(command.Expression!, source, command.Wrt);
                if (!hessian.Succeeded) return Fail(hessian.Diagnostics);
                Show(hessian.Start);
                for (int i = 0; i < hessian.Report!.Variables.Count; i++)
                {
                    Output.Add(new OutputLine(source.Number, WebMessages.HessianRow(hessian.Report.Variables[i],
                        Numbers.Format(hessian.Report.Gradient[i]), hessian.Report.Matrix[i].Select(Numbers.Format))));
                }
                Warn(hessian.Diagnostics);
                return true;
            case "deriv":
                if (command.Wrt.Count != 1)
                {
                    return Fail([new Diagnostic(Severity.Error, source, command.Wrt.Count == 0 ? command.Span : command.Wrt[1].Span, WebMessages.DerivNeedsOneName)]);
                }
                var derived = session.Derive(command.Expression!, source, command.Wrt[0]);
                if (!derived.Succeeded) return Fail(derived.Diagnostics);
                Output.Add(new OutputLine(source.Number, WebMessages.Derivative(derived.Report!.Wrt, derived.Report.Text, Numbers.Format(derived.Report.Value))));
                Warn(derived.Diagnostics);
                return true;
            case "quiz":
                return RunQuiz(session, command, source);
            case "check":
                if (CheckSettings.Read(command, source, out var checkError) is not { } check) return Fail([checkError!]);
                var checkedOutcome = session.Gradient(command.Expression!, source);
                if (!checkedOutcome.Succeeded) return Fail(checkedOutcome.Diagnostics);
                Check = new CheckShown(checkedOutcome, check.Run(checkedOutcome));
                Show(checkedOutcome);
                Warn(checkedOutcome.Diagnostics);
                return true;
        }
        var outcome = session.Gradient(command.Expression!, source);
        if (!outcome.Succeeded) return Fail(outcome.Diagnostics);
        switch (command.Name)
        {
            case "grad":
                _lastGrad = outcome;
                break;
            case "trace":
                Ledger = (outcome, Trace.Of(outcome.Graph));
                Show(outcome);
                break;
            case "dot":
                Dot = DotWriter.Write(outcome.Graph, Numbers.Format);
                Show(outcome);
                break;
            case "explain":
                // The same sentences as the terminal's :explain, numbered, under the script.
                var told = Explanation.Of(outcome, Numbers.Format).Steps;
                for (int i = 0; i < told.Count; i++)
                {
                    Output.Add(new OutputLine(source.Number, $"{i + 1}. {told[i]}"));
                }
                Show(outcome);
                break;
            case "expand":
                var (expansion, count) = Expansion.Of(outcome);
                if (expansion is null)
                {
                    return Fail([new Diagnostic(Severity.Error, source, command.ArgumentSpan, Messages.ExpandTooLarge(count, Expansion.MaxScalarLayers))]);
                }
                // The graph, the stepper and the table show the scalar layers: the article's picture of the same sum.
                Expanded = expansion;
                Show(expansion.Outcome);
                break;
            default:
                Show(outcome);
                break;
        }
        Warn(outcome.Diagnostics);
        return true;
    }

    /// <summary>
    /// <c>:quiz [EXPR]</c> as in the REPL: EXPR in this session (its variables are read, none is changed), or a small
    /// random expression in a session of its own. The gradient is not shown: it holds the answers.
    /// </summary>
    private bool RunQuiz(Session session, CommandStatement command, SourceLine source)
    {
        GradientOutcome outcome;
        string text;
        if (command.Expression is { } expression)
        {
            text = source.Text.Substring(expression.Span.Start, expression.Span.Length).Trim();
            outcome = session.Gradient(expression, source);
        }
        else
        {
            text = Quiz.RandomExpression(Random.Shared);
            var made = new SourceLine(source.Path, source.Number, text);
            var (expr, _) = SyntaxParser.ParseExpression(made);
            outcome = new Session().Gradient(expr!, made);
        }
        if (!outcome.Succeeded) return Fail(outcome.Diagnostics);
        Quizzed = new QuizShown(text, outcome, Quiz.Questions(outcome, Numbers.Format));
        Warn(outcome.Diagnostics);
        return true;
    }

    /// <summary>
    /// <c>:set seed N</c>, as in the terminal: the session's random numbers (randn, rand, the shuffling of <c>:train</c>)
    /// from seed N. The page's one setting; <c>:set precision</c> is the terminal's.
    /// </summary>
    private bool RunSet(Session session, CommandStatement command, SourceLine source)
    {
        var words = command.Argument.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words is not ["seed", ..])
        {
            var span = command.ArgumentSpan.Length > 0 ? command.ArgumentSpan : command.NameSpan.Cover(new TextSpan(command.Span.Start, 1));
            return Fail([new Diagnostic(Severity.Error, source, span, WebMessages.OnlySeedOnThePage)]);
        }
        if (words.Length != 2 || !ulong.TryParse(words[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ulong seed))
        {
            return Fail([new Diagnostic(Severity.Error, source, command.ArgumentSpan, WebMessages.BadSeed(string.Join(' ', words[1..])))]);
        }
        session.Seed(seed);
        Output.Add(new OutputLine(source.Number, WebMessages.SeedSet(seed)));
        return true;
    }

    /// <summary>The gradient to show unless a <c>:grad</c> gives one: it replaces an earlier expression's value or gradient.</summary>
    private void Show(GradientOutcome outcome)
    {
        _lastOther = outcome;
        _lastTensor = null;
    }

    /// <summary>A tensor's lines, as the REPL prints them: after a label, with its shape at the end.</summary>
    private void Grid(int line, string label, Tensor tensor, string after = "")
    {
        var lines = WebMessages.Grid(label, TensorText.Lines(tensor, TensorDisplay.Element), TensorDisplay.Shape(tensor), after).ToList();
        for (int i = 0; i < lines.Count; i++)
        {
            Output.Add(new OutputLine(line, lines[i], Continued: i > 0));
        }
    }

    private bool Fail(IEnumerable<Diagnostic> diagnostics)
    {
        var all = diagnostics.ToList();
        Error = all.FirstOrDefault(d => d.IsError);
        Warnings.AddRange(all.Where(d => !d.IsError));
        return false;
    }

    private void Warn(IEnumerable<Diagnostic> diagnostics) => Warnings.AddRange(diagnostics.Where(d => !d.IsError));
}
