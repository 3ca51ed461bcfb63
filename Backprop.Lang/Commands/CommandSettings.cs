using Backprop.Lang.Analysis;
using Backprop.Lang.Diagnostics;
using Backprop.Lang.Evaluation;
using Backprop.Lang.Syntax;
using Backprop.Lang.Text;

namespace Backprop.Lang.Commands;

/// <summary>
/// What the expression commands accept (options, <c>wrt</c>, <c>&gt; FILE</c>) and what their options mean:
/// one definition that every front end (the REPL, the web page) reads, so a command means the same everywhere.
/// </summary>
public static class CommandSettings
{
    /// <summary>The first part of <paramref name="command"/> that its command does not take, as an error; null when all is well.</summary>
    public static Diagnostic? Unexpected(CommandStatement command, SourceLine source, IReadOnlyList<string> options, bool acceptsWrt, bool acceptsTarget,
        bool acceptsData = false)
    {
        if (command.Data.Count > 0 && !acceptsData)
        {
            return Error(source, command.Data[0].Span.Cover(command.Data[^1].Span), Messages.CommandTakesNoData(command.Name));
        }
        if (command.Wrt.Count > 0 && !acceptsWrt)
        {
            return Error(source, command.Wrt[0].Span.Cover(command.Wrt[^1].Span), Messages.CommandTakesNoWrt(command.Name));
        }
        if (command.Target is { } target && !acceptsTarget)
        {
            return Error(source, target.Span, Messages.CommandTakesNoRedirect(command.Name));
        }
        foreach (var option in command.Options)
        {
            if (!options.Contains(option.Name))
            {
                return Error(source, option.NameSpan, Messages.UnknownOption(command.Name, option.Name, string.Join(", ", options)));
            }
        }
        return null;
    }

    /// <summary>An error when a command that takes nothing after its name (<c>:vars</c>, <c>:reset</c>) got something.</summary>
    public static Diagnostic? NoArgument(CommandStatement command, SourceLine source) =>
        command.Argument.Length == 0 ? null : Error(source, command.ArgumentSpan, Messages.UnexpectedArgument(command.Name));

    internal static double Option(CommandStatement command, string name, double fallback) =>
        command.Options.LastOrDefault(o => o.Name == name)?.Value ?? fallback;

    internal static Diagnostic Error(SourceLine source, TextSpan span, string message) => new(Severity.Error, source, span, message);
}

/// <summary>
/// <c>:check EXPR [eps=1e-6] [tol=1e-6]</c>: the numerical gradient check's settings. Without eps the check chooses
/// the step from the value's magnitude (<see cref="GradientCheck.EpsilonFor"/>).
/// </summary>
public sealed record CheckSettings(double? Epsilon, double Tolerance)
{
    public static readonly IReadOnlyList<string> Options = ["eps", "tol"];

    /// <summary>Node evaluations one check may spend (each leaf re-runs the graph twice): well under a second.</summary>
    public const long Budget = 20_000_000;

    /// <summary>The settings written on the command line, or an error at the first bad value.</summary>
    public static CheckSettings? Read(CommandStatement command, SourceLine source, out Diagnostic? error)
    {
        foreach (var option in command.Options)
        {
            if (option.Word is not null)
            {
                error = CommandSettings.Error(source, option.ValueSpan, Messages.OptionNotANumber(option.Name, option.Word));
                return null;
            }
            if (!(option.Value > 0 && double.IsFinite(option.Value)) || (option.Name == "eps" && option.Value >= 1))
            {
                error = CommandSettings.Error(source, option.ValueSpan,
                    Messages.BadOption(option.Name, option.Name == "eps" ? "between 0 and 1" : "a positive number"));
                return null;
            }
        }
        error = null;
        return new CheckSettings(
            command.Options.LastOrDefault(o => o.Name == "eps")?.Value,
            CommandSettings.Option(command, "tol", GradientCheck.DefaultTolerance));
    }

    /// <summary>The leaves a check covers: the input variables, then the literals (so a capped check still covers the variables).</summary>
    public static IReadOnlyList<int> Leaves(GradientOutcome outcome) =>
        outcome.Variables.Select(v => v.Node).Concat(outcome.Literals.Select(l => l.Node)).ToList();

    /// <summary>Checks as many of the leaves as the budget affords; <see cref="CheckRun.Total"/> says how many there were.</summary>
    public CheckRun Run(GradientOutcome outcome, CancellationToken cancellation = default)
    {
        var leaves = Leaves(outcome);
        int affordable = (int)Math.Clamp(Budget / Math.Max(1, outcome.Graph.Count), 1, int.MaxValue);
        var report = GradientCheck.Run(outcome.Graph, outcome.Gradients, leaves.Take(affordable), Epsilon, Tolerance, cancellation,
            outcome.TensorGradients);
        return new CheckRun(report, leaves.Count);
    }
}

/// <summary>A check's report, and how many leaves there were (more than it checked when the budget ran out).</summary>
public sealed record CheckRun(CheckReport Report, int Total)
{
    public bool Limited => Report.Leaves.Count < Total;
}

/// <summary>
/// <c>:descend EXPR [wrt NAME, ...] [lr=0.1] [steps=100] [method=gradient|newton]</c>: the descent's settings.
/// Newton's method takes whole steps (lr = 1) unless told otherwise.
/// </summary>
public sealed record DescentSettings(double LearningRate, int Steps, DescentMethod Method = DescentMethod.Gradient)
{
    public static readonly IReadOnlyList<string> Options = ["lr", "steps", "method"];
    public const double DefaultLearningRate = 0.1;
    public const double DefaultNewtonRate = 1;
    public const int DefaultSteps = 100;
    public const int MaxSteps = 1_000_000;

    /// <summary>Node evaluations one descent may spend (steps times nodes): about a second.</summary>
    public const long Budget = 50_000_000;

    public static DescentSettings? Read(CommandStatement command, SourceLine source, out Diagnostic? error)
    {
        var method = DescentMethod.Gradient;
        foreach (var option in command.Options.Where(o => o.Name == "method"))
        {
            if (option.Word is not ("gradient" or "newton"))
            {
                error = CommandSettings.Error(source, option.ValueSpan, Messages.BadOption(option.Name, "gradient or newton"));
                return null;
            }
            method = option.Word == "newton" ? DescentMethod.Newton : DescentMethod.Gradient;
        }
        foreach (var option in command.Options.Where(o => o.Name != "method"))
        {
            if (option.Word is not null)
            {
                error = CommandSettings.Error(source, option.ValueSpan, Messages.OptionNotANumber(option.Name, option.Word));
                return null;
            }
            bool valid = option.Name == "lr"
                ? option.Value > 0 && double.IsFinite(option.Value)
                : option.Value >= 1 && option.Value <= MaxSteps && option.Value == Math.Floor(option.Value);
            if (!valid)
            {
                error = CommandSettings.Error(source, option.ValueSpan, Messages.BadOption(option.Name,
                    option.Name == "lr" ? "a positive number" : $"a whole number from 1 to {MaxSteps:N0}"));
                return null;
            }
        }
        error = null;
        return new DescentSettings(
            CommandSettings.Option(command, "lr", method == DescentMethod.Newton ? DefaultNewtonRate : DefaultLearningRate),
            (int)CommandSettings.Option(command, "steps", DefaultSteps),
            method);
    }

    /// <summary>Runs the descent in <paramref name="session"/>: the moved inputs keep their new values there.</summary>
    public DescentOutcome Run(Session session, CommandStatement command, SourceLine source, CancellationToken cancellation = default) =>
        session.Descend(command.Expression!, source, LearningRate, Steps, command.Wrt, Budget, Method, cancellation);
}
