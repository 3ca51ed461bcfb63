using Backprop.Lang.Analysis;
using Backprop.Lang.Diagnostics;
using Backprop.Lang.Evaluation;
using Backprop.Lang.Syntax;
using Backprop.Lang.Text;

namespace Backprop.Lang.Commands;

/// <summary>
/// <c>:train L wrt W1, b1 data X, t [batch=N] [epochs=N] [lr=R] [method=sgd|momentum|adagrad|adam] [momentum=0.9]
/// [beta1=0.9] [beta2=0.999] [shuffle=true|false] [report=EXPR]</c>: a training run's settings. Without batch the whole
/// data is one batch; without lr each method takes the book's default (0.01, and 0.001 for Adam).
/// </summary>
public sealed record TrainSettings(
    TrainMethod Method, double LearningRate, int Epochs, int? Batch, double Momentum, double Beta1, double Beta2, bool Shuffle)
{
    public static readonly IReadOnlyList<string> Options = ["batch", "epochs", "lr", "method", "momentum", "beta1", "beta2", "shuffle", "report"];
    public const int DefaultEpochs = 100;
    public const int MaxEpochs = 1_000_000;
    public const double DefaultMomentum = 0.9, DefaultBeta1 = 0.9, DefaultBeta2 = 0.999;

    /// <summary>The expression reported per epoch (<c>report=accuracy(y, t)</c>), or null.</summary>
    public Expr? Report { get; init; }

    public static string MethodName(TrainMethod method) => method switch
    {
        TrainMethod.Momentum => "momentum",
        TrainMethod.AdaGrad => "adagrad",
        TrainMethod.Adam => "adam",
        _ => "sgd",
    };

    /// <summary>The book's learning rate for each method (<c>common/optimizer.py</c>).</summary>
    public static double DefaultLearningRate(TrainMethod method) => method == TrainMethod.Adam ? 0.001 : 0.01;

    /// <summary>The settings written on the command line, or an error at the first bad value (nothing is run).</summary>
    public static TrainSettings? Read(CommandStatement command, SourceLine source, out Diagnostic? error)
    {
        var method = TrainMethod.Sgd;
        bool shuffle = true;
        Expr? report = null;
        foreach (var option in command.Options)
        {
            error = option.Name switch
            {
                "method" => Word(option, source, "sgd, momentum, adagrad or adam", ref method,
                    w => w switch { "sgd" => TrainMethod.Sgd, "momentum" => TrainMethod.Momentum, "adagrad" => TrainMethod.AdaGrad, "adam" => TrainMethod.Adam, _ => null }),
                "shuffle" => Word(option, source, "true or false", ref shuffle, w => w switch { "true" => true, "false" => false, _ => (bool?)null }),
                "report" => null,
                _ => Number(option, source),
            };
            if (error is not null) return null;
            if (option.Name == "report") report = option.Expression;
        }
        error = null;
        double Option(string name, double fallback) => CommandSettings.Option(command, name, fallback);
        return new TrainSettings(
            method,
            Option("lr", DefaultLearningRate(method)),
            (int)Option("epochs", DefaultEpochs),
            command.Options.Any(o => o.Name == "batch") ? (int)Option("batch", 1) : null,
            Option("momentum", DefaultMomentum),
            Option("beta1", DefaultBeta1),
            Option("beta2", DefaultBeta2),
            shuffle)
        {
            Report = report,
        };
    }

    private static Diagnostic? Word<T>(CommandOption option, SourceLine source, string expected, ref T value, Func<string, T?> read) where T : struct
    {
        if (option.Word is { } word && read(word) is { } found)
        {
            value = found;
            return null;
        }
        return CommandSettings.Error(source, option.ValueSpan, Messages.BadOption(option.Name, expected));
    }

    private static Diagnostic? Number(CommandOption option, SourceLine source)
    {
        if (option.Word is not null)
        {
            return CommandSettings.Error(source, option.ValueSpan, Messages.OptionNotANumber(option.Name, option.Word));
        }
        double v = option.Value;
        bool whole = v == Math.Floor(v);
        string? expected = option.Name switch
        {
            "batch" when !(whole && v >= 1 && v <= int.MaxValue) => "a whole number of rows from 1 up",
            "epochs" when !(whole && v >= 1 && v <= MaxEpochs) => $"a whole number from 1 to {MaxEpochs:N0}",
            "lr" when !(v > 0 && double.IsFinite(v)) => "a positive number",
            "momentum" or "beta1" or "beta2" when !(v >= 0 && v < 1) => "at least 0 and less than 1",
            _ => null,
        };
        return expected is null ? null : CommandSettings.Error(source, option.ValueSpan, Messages.BadOption(option.Name, expected));
    }

    /// <summary>Runs the training in <paramref name="session"/>: the parameters keep their new values there.</summary>
    public TrainOutcome Run(Session session, CommandStatement command, SourceLine source, CancellationToken cancellation = default,
        Action<Training>? started = null, Action<Training, int>? epochDone = null) =>
        session.Train(command, source, this, cancellation, started, epochDone);
}
