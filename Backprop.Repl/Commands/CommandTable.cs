using Backprop.Lang.Evaluation;

namespace Backprop.Repl.Commands;

/// <summary>All <c>:commands</c>, in the order <c>:help</c> lists them.</summary>
internal static class CommandTable
{
    public static readonly IReadOnlyList<ReplCommand> All =
    [
        BasicCommands.Grad,
        GraphCommands.Trace,
        GraphCommands.Graph,
        GraphCommands.Dot,
        GraphCommands.Check,
        GraphCommands.Expand,
        DescentCommand.Descend,
        TrainCommand.Train,
        DerivativeCommands.Hessian,
        DerivativeCommands.Deriv,
        LearningCommands.Explain,
        LearningCommands.QuizCommand,
        BasicCommands.Vars,
        BasicCommands.Funcs,
        BasicCommands.Set,
        BasicCommands.Load,
        BasicCommands.Reset,
        BasicCommands.Help,
        BasicCommands.Quit,
    ];

    public static IEnumerable<string> NamesWithColon => All.Select(c => ":" + c.Name);

    public static ReplCommand? Find(string name) => All.FirstOrDefault(c => c.Name == name);

    public static string? Nearest(string name) => Suggestions.Nearest(name, All.Select(c => c.Name));
}
