using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using Backprop.Lang.Commands;
using Backprop.Lang.Evaluation;
using Backprop.Lang.Syntax;
using Backprop.Lang.Text;

namespace Backprop.Benchmarks;

/// <summary>
/// Whole <c>:train</c> runs as a user types them, through the session: setting up (the loss's graph built for a batch),
/// every epoch's shuffle, each batch's rows copied into the data leaves, forward, backward and the update. The same
/// trainings in numpy and PyTorch are bench/train/bench.py; the figures side by side are bench/train/README.md. Run
/// with <c>--filter '*TrainBenchmarks*'</c>.
/// </summary>
[Config(typeof(TrainConfig))]
public class TrainBenchmarks
{
    // examples/spiral.bp: DeZero step 48's 2-10-3 sigmoid net, 300 epochs × 10 batches of 30.
    private const string Spiral = """
        data = spiral()
        X = data[:, 0:2]
        t = data[:, 2]
        """;

    private const string SpiralParameters = """
        :set seed 1984
        W1 = randn(2, 10) * sqrt(1/2)
        b1 = zeros(10)
        W2 = randn(10, 3) * sqrt(1/10)
        b2 = zeros(3)
        """;

    private const string SpiralTrainLine =
        ":train softmax_with_loss(affine(sigmoid(affine(X, W1, b1)), W2, b2), t) wrt W1, b1, W2, b2 data X, t batch=30 epochs=300 lr=1";

    // The book's train_neuralnet.py in shape: 784-50-10 with ReLU, batch 100, lr 0.1, on 10,000 synthetic rows; 10 epochs of
    // 100 batches are its 1,000 steps.
    private const string Mnist = """
        :set seed 7
        X = rand(10000, 784)
        t = argmax(rand(10000, 10), axis=1)
        """;

    private const string MnistParameters = """
        :set seed 8
        W1 = 0.01 * randn(784, 50)
        b1 = zeros(50)
        W2 = 0.01 * randn(50, 10)
        b2 = zeros(10)
        """;

    private const string MnistTrainLine =
        ":train softmax_with_loss(affine(relu(affine(X, W1, b1)), W2, b2), t) wrt W1, b1, W2, b2 data X, t batch=100 epochs=10 lr=0.1";

    private Session _spiral = null!, _mnist = null!;

    /// <summary>One run of each, timed with a stopwatch: a quick look while working (BenchmarkDotNet gives the figures quoted).</summary>
    public static void Quick(int repeats)
    {
        var bench = new TrainBenchmarks();
        bench.Setup();
        for (int i = 0; i < repeats; i++)
        {
            bench.ResetSpiral();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            double spiral = bench.SpiralTrain();
            var spiralTime = clock.Elapsed;
            bench.ResetMnist();
            clock.Restart();
            double mnist = bench.MnistShapedTrain();
            Console.WriteLine($"spiral {spiralTime.TotalMilliseconds:F1} ms (loss {spiral:F4})   mnist-shaped {clock.Elapsed.TotalMilliseconds:F1} ms (loss {mnist:F4})");
        }
    }

    [GlobalSetup]
    public void Setup()
    {
        _spiral = Start(Spiral);
        _mnist = Start(Mnist);
    }

    // Every run starts from the same parameters (drawn again from the same seed): the work measured is the same each time.
    [IterationSetup(Target = nameof(SpiralTrain))]
    public void ResetSpiral() => Run(_spiral, SpiralParameters);

    [IterationSetup(Target = nameof(MnistShapedTrain))]
    public void ResetMnist() => Run(_mnist, MnistParameters);

    [Benchmark]
    public double SpiralTrain() => Train(_spiral, SpiralTrainLine);

    [Benchmark]
    public double MnistShapedTrain() => Train(_mnist, MnistTrainLine);

    private static Session Start(string script)
    {
        var session = new Session();
        Run(session, script);
        return session;
    }

    private static void Run(Session session, string script)
    {
        foreach (var line in script.Split('\n'))
        {
            if (line.StartsWith(":set seed ", StringComparison.Ordinal))
            {
                session.Seed(ulong.Parse(line[":set seed ".Length..], System.Globalization.CultureInfo.InvariantCulture));
                continue;
            }
            var outcome = session.Run(line).Single();
            if (!outcome.Succeeded) throw new InvalidOperationException(string.Join("; ", outcome.Errors));
        }
    }

    /// <summary>The training line as the REPL runs it; the last epoch's mean loss, which a check can compare.</summary>
    public static double Train(Session session, string line)
    {
        var source = new SourceLine("<bench>", 1, line);
        var command = (CommandStatement)SyntaxParser.ParseLine(source).Statement!;
        var settings = TrainSettings.Read(command, source, out var error) ?? throw new InvalidOperationException(error!.ToString());
        var outcome = session.Train(command, source, settings);
        if (!outcome.Succeeded) throw new InvalidOperationException(string.Join("; ", outcome.Errors));
        return outcome.Report!.Losses[^1];
    }
}

/// <summary>
/// <see cref="BenchConfig"/>'s columns, with the runtime set as the <c>backprop</c> command sets it (Backprop.Repl.csproj:
/// arrays up to 2 MB stay out of the large-object heap, tier-1 call counting starts at once), so the figures are the
/// command's.
/// </summary>
public sealed class TrainConfig : ManualConfig
{
    // Warm-ups enough for the tiered JIT to have compiled the hot layers fully (a fresh process of 2-5 runs measured
    // 175, 122, 99, 48 ms ... before it settled), and its call counting started at once, as the command sets it.
    public TrainConfig() => Add(new BenchConfig(Job.Default.WithLaunchCount(1).WithWarmupCount(8).WithIterationCount(9)
        .WithEnvironmentVariables(
            new EnvironmentVariable("DOTNET_GCLOHThreshold", "0x200000"),
            new EnvironmentVariable("DOTNET_TC_CallCountingDelayMs", "0"))
        .WithId("Train")));
}
