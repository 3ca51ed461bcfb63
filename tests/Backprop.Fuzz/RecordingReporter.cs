using Backprop.Lang.Analysis;
using Backprop.Lang.Diagnostics;
using Backprop.Lang.Evaluation;
using Backprop.Lang.Text;
using Backprop.Repl.Output;

namespace Backprop.Fuzz;

/// <summary>Passes everything on to a real reporter and keeps the diagnostics and errors, so they can be checked as data.</summary>
internal sealed class RecordingReporter(IReporter inner) : IReporter
{
    public List<Diagnostic> Diagnostics { get; } = [];

    /// <summary>Errors with no line to point at, such as a script file that cannot be read.</summary>
    public List<string> FileErrors { get; } = [];

    /// <summary>How many errors (diagnostics or file errors) have been reported so far.</summary>
    public int ErrorCount => Diagnostics.Count(d => d.IsError) + FileErrors.Count;

    public NumberFormat Numbers
    {
        get => inner.Numbers;
        set => inner.Numbers = value;
    }

    public void Value(ValueOutcome outcome) => inner.Value(outcome);

    public void Assignment(AssignmentOutcome outcome) => inner.Assignment(outcome);

    public void Function(FunctionOutcome outcome) => inner.Function(outcome);

    public void Functions(SourceLine source, IReadOnlyList<UserFunction> functions) => inner.Functions(source, functions);

    public void Gradient(GradientOutcome outcome) => inner.Gradient(outcome);

    public void Variables(SourceLine source, IReadOnlyList<Variable> variables) => inner.Variables(source, variables);

    public void Trace(GradientOutcome outcome, Trace trace) => inner.Trace(outcome, trace);

    public void Graph(GradientOutcome outcome) => inner.Graph(outcome);

    public void Dot(SourceLine source, string dot) => inner.Dot(source, dot);

    public void Check(GradientOutcome outcome, CheckReport report) => inner.Check(outcome, report);

    public void Descent(DescentOutcome outcome) => inner.Descent(outcome);

    public void Train(TrainOutcome outcome) => inner.Train(outcome);

    public T WithProgress<T>(string title, long total, Func<Action<long, string>, T> body) => inner.WithProgress(title, total, body);

    public void Hessian(HessianOutcome outcome) => inner.Hessian(outcome);

    public void Derivative(DerivativeOutcome outcome) => inner.Derivative(outcome);

    public void Text(SourceLine source, string text) => inner.Text(source, text);

    public void Explain(GradientOutcome outcome, Explanation explanation) => inner.Explain(outcome, explanation);

    public void Expand(GradientOutcome outcome, Expansion expansion) => inner.Expand(outcome, expansion);

    public void QuizGraph(string expression, GradientOutcome outcome, Trace trace) => inner.QuizGraph(expression, outcome, trace);

    public void Diagnostic(Diagnostic diagnostic)
    {
        Diagnostics.Add(diagnostic);
        inner.Diagnostic(diagnostic);
    }

    public void Error(string message)
    {
        FileErrors.Add(message);
        inner.Error(message);
    }
}
