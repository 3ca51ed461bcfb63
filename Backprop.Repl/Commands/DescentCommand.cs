using Backprop.Lang.Analysis;
using Backprop.Repl.Running;

namespace Backprop.Repl.Commands;

/// <summary><c>:descend</c>: what the gradient is for, gradient descent on the session's input variables.</summary>
internal static class DescentCommand
{
    public const double DefaultLearningRate = 0.1;
    public const int DefaultSteps = 100;
    /// <summary>Newton's method takes whole steps unless told otherwise.</summary>
    public const double DefaultNewtonRate = 1;
    public const int MaxSteps = 1_000_000;

    /// <summary>Node evaluations one :descend may spend (steps times nodes): about a second.</summary>
    private const long Budget = 50_000_000;

    public static readonly ReplCommand Descend = new(
        "descend", $":descend EXPR [wrt NAME, ...] [lr={DefaultLearningRate}] [steps={DefaultSteps}] [method=gradient|newton]",
        "gradient descent or Newton's method: move input variables to make EXPR smaller",
        $"""
        Computes dL/dx for the input variables x of EXPR named after 'wrt' (all of them without it), moves
        each one against it, x = x - lr*dL/dx, and repeats 'steps' times on the graph already built (nothing
        is parsed or lowered again). They keep their new values and named intermediates built on them
        follow; other inputs (the data, the target) and literals stay. It stops early, at the last finite
        values, when a step would make L or an input NaN or infinite, or when a gradient is not a finite
        number. steps is at most {MaxSteps:N0}.
        method=newton takes Newton's steps instead, x = x - lr*L'(x)/L''(x) with the second derivative
        (for several variables, the matrix of second derivatives; lr is 1 unless given). It goes to where
        the gradient is 0, a minimum only where L curves upwards.
        Example: w = 0.5 then :descend (3*w - 6)^2 lr=0.05 steps=50   moves w to 2.
        Example: x = 2 then :descend x^4 - 2*x^2 wrt x method=newton steps=10   ends at x = 1.
        """,
        (interpreter, command, source) =>
        {
            var method = DescentMethod.Gradient;
            foreach (var option in command.Options.Where(o => o.Name == "method"))
            {
                if (option.Word is not ("gradient" or "newton"))
                {
                    interpreter.Error(source, option.ValueSpan, ReplMessages.BadOption(option.Name, "gradient or newton"));
                    return LineStatus.Error;
                }
                method = option.Word == "newton" ? DescentMethod.Newton : DescentMethod.Gradient;
            }
            double learningRate = command.Options.LastOrDefault(o => o.Name == "lr")?.Value
                ?? (method == DescentMethod.Newton ? DefaultNewtonRate : DefaultLearningRate);
            double steps = command.Options.LastOrDefault(o => o.Name == "steps")?.Value ?? DefaultSteps;
            foreach (var option in command.Options.Where(o => o.Name != "method"))
            {
                bool valid = option.Name == "lr"
                    ? option.Value > 0 && double.IsFinite(option.Value)
                    : option.Value >= 1 && option.Value <= MaxSteps && option.Value == Math.Floor(option.Value);
                if (!valid)
                {
                    interpreter.Error(source, option.ValueSpan, ReplMessages.BadOption(option.Name,
                        option.Name == "lr" ? "a positive number" : $"a whole number from 1 to {MaxSteps:N0}"));
                    return LineStatus.Error;
                }
            }
            var outcome = interpreter.Session.Descend(command.Expression!, source, learningRate, (int)steps, command.Wrt, Budget, method,
                interpreter.Cancellation);
            return interpreter.Finish(outcome, () =>
            {
                interpreter.Reporter.Descent(outcome);
                return true;
            });
        })
    {
        Options = ["lr", "steps", "method"],
        AcceptsWrt = true,
    };
}
