using System.Diagnostics;
using Backprop.Lang.Analysis;
using Backprop.Lang.Commands;
using Backprop.Lang.Evaluation;
using Backprop.Lang.Syntax;
using Backprop.Lang.Tensors;
using Backprop.Lang.Text;

namespace Backprop.Web.Model;

/// <summary>
/// A <c>:train</c> on the page: the library's <see cref="Training"/>, run a slice of epochs at a time so the page can
/// draw between slices (the loss so far, the decision regions) and a Stop button can end it between epochs. When it
/// is over (every epoch ran, it diverged, or it was stopped) <see cref="Finish"/> copies the parameters reached into
/// the session, as the terminal does, and the script goes on.
/// </summary>
public sealed class TrainingRun
{
    private readonly Session _session;
    private readonly TrainingStart _start;
    private readonly SourceLine _source;
    private readonly CancellationTokenSource _stop = new();
    private readonly Tensor? _points;
    private readonly Tensor? _labels;

    public TrainingRun(Session session, CommandStatement command, SourceLine source, TrainSettings settings, TrainingStart start)
    {
        _session = session;
        _start = start;
        _source = source;
        Settings = settings;
        Run = start.Run!;
        Line = source.Number;
        ReportName = settings.Report is { } report ? SyntaxPrinter.Print(report) : null;
        EveryInput = command.Wrt.Count == 0;
        _points = DataValue(command, 0);
        _labels = DataValue(command, 1);
        Drawable = DecisionRegions.Drawable(Run, _points);
    }

    public Training Run { get; }
    public TrainSettings Settings { get; }

    /// <summary>The script line of the <c>:train</c>.</summary>
    public int Line { get; }

    /// <summary>The report as written after <c>report=</c>, or null without one.</summary>
    public string? ReportName { get; }

    /// <summary>No <c>wrt</c>: every input of the loss besides the data is trained, and the summary says which.</summary>
    public bool EveryInput { get; }

    /// <summary>Whether the run has decision regions to draw: a classifier on two-dimensional points.</summary>
    public bool Drawable { get; }

    /// <summary>The regions as last drawn (<see cref="Draw"/>), or null before the first drawing or when not drawable.</summary>
    public DecisionRegions? Regions { get; private set; }

    /// <summary>What the run did, once it is over and its parameters are in the session; null while it is live.</summary>
    public TrainOutcome? Outcome { get; private set; }

    public bool Live => Outcome is null;

    public bool Stopping => _stop.IsCancellationRequested;

    /// <summary>The Stop button: the epoch under way ends at its next batch, and the parameters reached are kept.</summary>
    public void Stop() => _stop.Cancel();

    /// <summary>
    /// Runs epochs until <paramref name="budget"/> has been spent (at least one). False when training is over: the page
    /// then calls <see cref="ScriptRun.Continue"/>, which finishes it and runs the rest of the script.
    /// </summary>
    public bool Advance(TimeSpan budget)
    {
        var clock = Stopwatch.StartNew();
        while (Run.RunEpoch(_stop.Token))
        {
            if (clock.Elapsed >= budget) return true;
        }
        return false;
    }

    /// <summary>Every epoch left, at once: a script run without a page to draw on (tests, the catalogue).</summary>
    public void RunToEnd()
    {
        while (Run.RunEpoch(_stop.Token))
        {
        }
    }

    /// <summary>The decision regions with the parameters as they are now.</summary>
    public void Draw()
    {
        if (Drawable) Regions = DecisionRegions.Of(Run, _points!, _labels);
    }

    /// <summary>Ends the run where it is: the parameters into the session (its lines after this one see them), the regions drawn once more.</summary>
    public TrainOutcome Finish()
    {
        if (Outcome is { } done) return done;
        Stop();
        Run.RunEpoch(_stop.Token);
        Outcome = _session.FinishTraining(_start, _source);
        Draw();
        return Outcome;
    }

    private Tensor? DataValue(CommandStatement command, int index) =>
        index < command.Data.Count && _session.TryGetVariable(command.Data[index].Name, out var variable) ? variable.Tensor : null;
}
