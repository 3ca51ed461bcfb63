using Backprop.Lang.Analysis;
using Backprop.Lang.Diagnostics;
using Backprop.Lang.Evaluation;
using Backprop.Lang.Syntax;
using Backprop.Lang.Text;

namespace Backprop.Repl.Output;

/// <summary>Where the results of statements go: tables for people (<see cref="HumanReporter"/>) or JSON lines for tools.</summary>
internal interface IReporter
{
    NumberFormat Numbers { get; set; }

    void Value(ValueOutcome outcome);

    void Assignment(AssignmentOutcome outcome);

    /// <summary>A function definition, <c>f(x) = x^2 + 1</c>.</summary>
    void Function(FunctionOutcome outcome);

    void Gradient(GradientOutcome outcome);

    void Variables(SourceLine source, IReadOnlyList<Variable> variables);

    /// <summary><c>:funcs</c>: the user's functions and their definitions.</summary>
    void Functions(SourceLine source, IReadOnlyList<UserFunction> functions);

    /// <summary><c>:trace</c>: the forward steps, then the backward steps with the rule each layer applied.</summary>
    void Trace(GradientOutcome outcome, Trace trace);

    /// <summary><c>:expand</c>: the tensor expression as the article's scalar layers, and whether each element's gradient agrees.</summary>
    void Expand(GradientOutcome outcome, Expansion expansion);

    /// <summary><c>:graph</c>: the graph from L down to its leaves.</summary>
    void Graph(GradientOutcome outcome);

    /// <summary><c>:dot</c> without a file: the DOT text itself.</summary>
    void Dot(SourceLine source, string dot);

    /// <summary><c>:check</c>: backprop beside central differences, one row per leaf.</summary>
    void Check(GradientOutcome outcome, CheckReport report);

    /// <summary><c>:descend</c>: the loss along the way and where each input variable went.</summary>
    void Descent(DescentOutcome outcome);

    /// <summary><c>:train</c>: the loss per epoch (a chart for people), the report beside it, and the parameters moved.</summary>
    void Train(TrainOutcome outcome);

    /// <summary>
    /// Runs <paramref name="body"/>, showing a progress bar of <paramref name="total"/> ticks while it runs where a person
    /// watches (a terminal); elsewhere it just runs. The body reports with (ticks done, what it is doing).
    /// </summary>
    T WithProgress<T>(string title, long total, Func<Action<long, string>, T> body);

    /// <summary><c>:hessian</c>: the value, the gradient and the matrix of second derivatives.</summary>
    void Hessian(HessianOutcome outcome);

    /// <summary><c>:deriv</c>: the derivative as a formula, and its value now.</summary>
    void Derivative(DerivativeOutcome outcome);
    /// <summary><c>:explain</c>: the passes told in numbered sentences.</summary>
    void Explain(GradientOutcome outcome, Explanation explanation);

    /// <summary><c>:quiz</c>: the expression and its graph with forward values, before the questions (which come as <see cref="Text"/>).</summary>
    void QuizGraph(string expression, GradientOutcome outcome, Trace trace);

    /// <summary>Help and other informational text. Human output only; JSON carries it as a message.</summary>
    void Text(SourceLine source, string text);

    void Diagnostic(Diagnostic diagnostic);

    /// <summary>An error that has no source line to point at, such as a script file that cannot be read.</summary>
    void Error(string message);
}
