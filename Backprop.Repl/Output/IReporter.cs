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

    void Gradient(GradientOutcome outcome);

    void Variables(SourceLine source, IReadOnlyList<Variable> variables);

    /// <summary>Help and other informational text. Human output only; JSON carries it as a message.</summary>
    void Text(SourceLine source, string text);

    void Diagnostic(Diagnostic diagnostic);

    /// <summary>An error that has no source line to point at, such as a script file that cannot be read.</summary>
    void Error(string message);
}
