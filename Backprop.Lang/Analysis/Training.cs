using Backprop.Lang.Commands;
using Backprop.Lang.Graph;
using Backprop.Lang.Layers;
using Backprop.Lang.Tensors;

namespace Backprop.Lang.Analysis;

/// <summary>How <c>:train</c> moves the parameters: the book's <c>common/optimizer.py</c>, in our words.</summary>
public enum TrainMethod
{
    /// <summary>W ← W − lr·dW.</summary>
    Sgd,
    /// <summary>v ← momentum·v − lr·dW, W ← W + v.</summary>
    Momentum,
    /// <summary>h ← h + dW², W ← W − lr·dW/(√h + 1e-7).</summary>
    AdaGrad,
    /// <summary>m, v the running means of dW and dW²; W ← W − lr·√(1−β2ᵗ)/(1−β1ᵗ)·m/(√v + 1e-7).</summary>
    Adam,
}

/// <summary>Why training stopped.</summary>
public enum TrainStop
{
    /// <summary>Every epoch asked for ran.</summary>
    Finished,
    /// <summary>A batch's loss or gradient was NaN or infinite: the parameters are those of the last finite loss.</summary>
    Diverged,
    /// <summary>Stopped between batches (Ctrl+C); the parameters are those reached so far.</summary>
    Cancelled,
}

/// <summary>One parameter <c>:train</c> moved: its value before and after (a number is a tensor of shape []).</summary>
public sealed record TrainedParameter(string Name, int[] Shape, Tensor Before, Tensor After);

/// <summary>
/// What a training run did: the mean loss of each epoch (over its batches, weighted by their rows, as DeZero's
/// step 48 sums it), the report's mean per epoch when one was asked for, why it stopped, and where.
/// </summary>
public sealed record TrainReport(
    TrainSettings Settings, int Rows, int Batch, IReadOnlyList<double> Losses, IReadOnlyList<double>? Reported, TrainStop Stop,
    IReadOnlyList<TrainedParameter> Parameters)
{
    /// <summary>Epochs run to the end.</summary>
    public int EpochsRun => Losses.Count;

    /// <summary>Batches per epoch: ⌈rows / batch⌉.</summary>
    public int BatchesPerEpoch => (Rows + Batch - 1) / Batch;

    /// <summary>When it stopped early: the epoch it was in (1-based) and the batches of it that ran.</summary>
    public (int Epoch, int Batches) StoppedAt { get; init; }

    /// <summary>When it diverged: the loss that was not finite.</summary>
    public double DivergedLoss { get; init; } = double.NaN;

    /// <summary>How many data variables the batches bound (none: every epoch was one step on the whole expression).</summary>
    public int DataVariables { get; init; }
}

/// <summary>One graph of the training expression built for a number of rows (the last batch may be shorter).</summary>
/// <param name="Loss">The node of the loss, a number.</param>
/// <param name="Report">The node of the report (<c>report=accuracy(y, t)</c>), a number; -1 without one.</param>
/// <param name="Data">The leaf of each data variable, in the order of <c>data X, t</c>.</param>
/// <param name="Parameters">The leaf of each parameter, in the order of <c>wrt</c>.</param>
public sealed record TrainingGraph(ComputationGraph Graph, int Loss, int Report, int[] Data, int[] Parameters)
{
    internal double[] Gradients { get; } = new double[Loss + 1];
    internal Tensor?[] TensorGradients { get; } = new Tensor?[Loss + 1];

    /// <summary>The nodes that depend on a parameter: backward goes only there (the data's own gradient is never wanted).</summary>
    internal bool[] Wanted { get; } = Graph.DependOn(Parameters);
}

/// <summary>
/// Minibatch training on an expression's own graph, as DeZero's step 48 does it: each epoch shuffles the rows of the
/// data with the session's generator, and for each batch binds the data variables to its rows, runs forward and
/// backward, and moves every parameter with the chosen method. Nothing is parsed or lowered again: a graph is built
/// once for the batch's number of rows (and once more for a shorter last batch), and each batch fills its data leaves.
/// </summary>
/// <remarks>
/// Run it an epoch at a time (<see cref="RunEpoch"/>) so a front end can draw between epochs; <see cref="Report"/> says
/// where it got. The parameters live in arrays of this run until the caller copies them back.
/// </remarks>
public sealed class Training
{
    private readonly TrainSettings _settings;
    private readonly Func<int, TrainingGraph> _build;
    private readonly Dictionary<int, TrainingGraph> _graphs = [];
    private readonly Tensor[] _data;
    private readonly int[] _rowSizes;
    private readonly string[] _names;
    private readonly Tensor[] _before;
    private readonly double[][] _values;
    private readonly double[][] _previous;
    private readonly Optimizer _optimizer;
    private readonly Generator _random;
    private readonly int[] _order;
    private readonly List<double> _losses = [];
    private readonly List<double>? _reported;
    private TrainStop? _stop;
    private (int Epoch, int Batches) _stoppedAt;
    private double _divergedLoss = double.NaN;

    /// <param name="build">Builds the expression's graph for a number of rows; the first call's graph has been run once.</param>
    /// <param name="first">The graph for a full batch, already built (its errors were the caller's to report).</param>
    /// <param name="data">The data variables' whole values, all with the same number of rows.</param>
    /// <param name="parameters">Each parameter's name and value before training.</param>
    public Training(TrainSettings settings, Func<int, TrainingGraph> build, TrainingGraph first, IReadOnlyList<Tensor> data,
        IReadOnlyList<(string Name, Tensor Value)> parameters, Generator random)
    {
        _settings = settings;
        _build = build;
        _data = [.. data];
        Rows = _data.Length == 0 ? 1 : _data[0].Shape[0];
        Batch = Math.Min(settings.Batch ?? Rows, Rows);
        _graphs[Batch] = first;
        _rowSizes = Array.ConvertAll(_data, d => d.Count / Math.Max(1, d.Shape[0]));
        _names = [.. parameters.Select(p => p.Name)];
        _before = [.. parameters.Select(p => p.Value.Copy())];
        _values = [.. parameters.Select(p => (double[])p.Value.Data.Clone())];
        _previous = [.. _values.Select(v => (double[])v.Clone())];
        _optimizer = new Optimizer(settings, _values.Select(v => v.Length).ToArray());
        _random = random;
        _order = Enumerable.Range(0, Rows).ToArray();
        _reported = first.Report >= 0 ? [] : null;
        // The graphs share the parameters' arrays: a tensor leaf holds its array, so one update moves them all.
        Attach(first);
    }

    public int Rows { get; }
    public int Batch { get; }
    public int BatchesPerEpoch => (Rows + Batch - 1) / Batch;
    public int EpochsRun => _losses.Count;
    public bool Done => _stop is not null;
    public IReadOnlyList<double> Losses => _losses;
    public IReadOnlyList<double>? Reported => _reported;

    /// <summary>The parameters as they are now (copies), in the order of <c>wrt</c>.</summary>
    public IReadOnlyList<Tensor> Parameters => [.. _before.Select((b, i) => new Tensor(b.Shape, (double[])_values[i].Clone()))];

    /// <summary>
    /// Runs the next epoch, batch by batch. False when training is over (every epoch ran, the loss diverged, or
    /// <paramref name="cancellation"/> stopped it between batches); the epoch's mean loss is kept only when it ran to its end.
    /// </summary>
    /// <param name="batchDone">Called after each batch with its number in the epoch (1-based): a progress bar's tick.</param>
    public bool RunEpoch(CancellationToken cancellation = default, Action<int>? batchDone = null)
    {
        if (_stop is not null) return false;
        if (_losses.Count >= _settings.Epochs)
        {
            _stop = TrainStop.Finished;
            return false;
        }
        int epoch = _losses.Count + 1;
        if (_settings.Shuffle) Data.Spiral.Shuffle(_order, _random);
        double lossSum = 0, reportSum = 0;
        for (int b = 0, start = 0; start < Rows; b++, start += Batch)
        {
            if (cancellation.IsCancellationRequested)
            {
                (_stop, _stoppedAt) = (TrainStop.Cancelled, (epoch, b));
                return false;
            }
            int rows = Math.Min(Batch, Rows - start);
            var graph = Graph(rows);
            Fill(graph, start, rows);
            graph.Graph.Forward();
            double loss = graph.Graph.Value(graph.Loss);
            if (!double.IsFinite(loss))
            {
                Diverge(epoch, b, loss);
                return false;
            }
            var none = default(NoObserver);
            graph.Graph.Backward(graph.Loss, graph.Gradients, graph.TensorGradients, ref none, graph.Wanted);
            if (!Update(graph))
            {
                Diverge(epoch, b, loss);
                return false;
            }
            lossSum += loss * rows;
            if (graph.Report >= 0) reportSum += graph.Graph.Value(graph.Report) * rows;
            batchDone?.Invoke(b + 1);
        }
        _losses.Add(lossSum / Rows);
        _reported?.Add(reportSum / Rows);
        if (_losses.Count >= _settings.Epochs) _stop = TrainStop.Finished;
        return _stop is null;
    }

    /// <summary>Runs every epoch left (or until stopped), calling <paramref name="epochDone"/> after each.</summary>
    public TrainReport Run(CancellationToken cancellation = default, Action<int>? epochDone = null)
    {
        while (RunEpoch(cancellation))
        {
            epochDone?.Invoke(_losses.Count);
        }
        if (_stop == TrainStop.Finished) epochDone?.Invoke(_losses.Count);
        return Report();
    }

    public TrainReport Report() => new(_settings, Rows, Batch, [.. _losses], _reported is null ? null : [.. _reported], _stop ?? TrainStop.Cancelled,
        [.. _before.Select((b, i) => new TrainedParameter(_names[i], b.Shape, b, new Tensor(b.Shape, (double[])_values[i].Clone())))])
    {
        StoppedAt = _stoppedAt,
        DivergedLoss = _divergedLoss,
        DataVariables = _data.Length,
    };

    /// <summary>
    /// The graph's value at node <paramref name="node"/> of the full-batch graph, with the first data variable set to
    /// <paramref name="points"/> (the others zero) and the parameters as they are now: what a page shades its
    /// decision regions with. Null when the points do not fit the data's columns.
    /// </summary>
    public Tensor? ValueAt(int node, Tensor points)
    {
        if (_data.Length == 0 || points.Rank == 0 || points.Count / points.Shape[0] != _rowSizes[0]) return null;
        int rows = points.Shape[0];
        var graph = Graph(rows);
        points.Data.CopyTo(graph.Graph.TensorValue(graph.Data[0]).Data, 0);
        for (int d = 1; d < _data.Length; d++) Array.Clear(graph.Graph.TensorValue(graph.Data[d]).Data);
        SetScalars(graph);
        graph.Graph.Forward();
        return graph.Graph.IsTensor(node) ? graph.Graph.TensorValue(node) : Tensor.Scalar(graph.Graph.Value(node));
    }

    /// <summary>
    /// The node of the scores a classifier's loss starts from (the first input of its softmax_with_loss or, through a
    /// softmax, of cross_entropy_error), or -1: what a page colours decision regions by.
    /// </summary>
    public int ScoresNode
    {
        get
        {
            var graph = FullGraph.Graph;
            for (int node = FullGraph.Loss; node >= 0; node--)
            {
                switch (graph.Layer(node))
                {
                    case SoftmaxWithLossLayer:
                        return graph.Inputs(node)[0];
                    case CrossEntropyErrorLayer when graph.Layer(graph.Inputs(node)[0]) is SoftmaxLayer:
                        return graph.Inputs(graph.Inputs(node)[0])[0];
                }
            }
            return -1;
        }
    }

    /// <summary>The classifier's scores at <paramref name="points"/> (rows like the first data variable's), or null.</summary>
    public Tensor? ScoresAt(Tensor points) => ScoresNode is >= 0 and var node ? ValueAt(node, points) : null;

    /// <summary>The full-batch graph (its nodes are what <see cref="ValueAt"/> reads).</summary>
    public TrainingGraph FullGraph => _graphs[Batch];

    private TrainingGraph Graph(int rows)
    {
        if (!_graphs.TryGetValue(rows, out var graph))
        {
            graph = _build(rows);
            Attach(graph);
            _graphs[rows] = graph;
        }
        return graph;
    }

    // The parameters' leaves hold this run's arrays, so an update in place is seen by every graph.
    private void Attach(TrainingGraph graph)
    {
        for (int p = 0; p < _values.Length; p++)
        {
            int leaf = graph.Parameters[p];
            if (graph.Graph.IsTensor(leaf)) graph.Graph.SetTensorValue(leaf, new Tensor(_before[p].Shape, _values[p]));
        }
    }

    private void SetScalars(TrainingGraph graph)
    {
        for (int p = 0; p < _values.Length; p++)
        {
            if (!graph.Graph.IsTensor(graph.Parameters[p])) graph.Graph.SetValue(graph.Parameters[p], _values[p][0]);
        }
    }

    // The batch's rows, in this epoch's order, into the graph's data leaves.
    private void Fill(TrainingGraph graph, int start, int rows)
    {
        for (int d = 0; d < _data.Length; d++)
        {
            var source = _data[d].Data;
            var target = graph.Graph.TensorValue(graph.Data[d]).Data;
            int size = _rowSizes[d];
            for (int r = 0; r < rows; r++)
            {
                Array.Copy(source, _order[start + r] * size, target, r * size, size);
            }
        }
        SetScalars(graph);
    }

    // Every parameter moved by the method; false (and nothing moved) when a gradient or a new value is not finite.
    private bool Update(TrainingGraph graph)
    {
        for (int p = 0; p < _values.Length; p++)
        {
            _values[p].CopyTo(_previous[p], 0);
        }
        _optimizer.Step();
        for (int p = 0; p < _values.Length; p++)
        {
            int leaf = graph.Parameters[p];
            ReadOnlySpan<double> gradient = graph.Graph.IsTensor(leaf)
                ? graph.TensorGradients[leaf]?.Data ?? new double[_values[p].Length]
                : [graph.Gradients[leaf]];
            if (!_optimizer.Update(p, _values[p], gradient))
            {
                for (int q = 0; q <= p; q++) _previous[q].CopyTo(_values[q], 0);
                return false;
            }
        }
        return true;
    }

    private void Diverge(int epoch, int batch, double loss)
    {
        // The parameters that gave this loss came from the last update: back to those before it, whose loss was finite.
        if (_losses.Count > 0 || batch > 0)
        {
            for (int p = 0; p < _values.Length; p++) _previous[p].CopyTo(_values[p], 0);
        }
        (_stop, _stoppedAt, _divergedLoss) = (TrainStop.Diverged, (epoch, batch), loss);
    }
}

/// <summary>The book's optimizers, element by element over each parameter's array, with their state.</summary>
internal sealed class Optimizer
{
    private const double Epsilon = 1e-7;
    private readonly TrainSettings _settings;
    private readonly double[][]? _first;
    private readonly double[][]? _second;
    private long _steps;
    private double _rate;

    public Optimizer(TrainSettings settings, int[] sizes)
    {
        _settings = settings;
        if (settings.Method != TrainMethod.Sgd) _first = [.. sizes.Select(n => new double[n])];
        if (settings.Method == TrainMethod.Adam) _second = [.. sizes.Select(n => new double[n])];
        _rate = settings.LearningRate;
    }

    /// <summary>Before each batch's updates: Adam's bias-corrected rate for this step.</summary>
    public void Step()
    {
        _steps++;
        if (_settings.Method == TrainMethod.Adam)
        {
            _rate = _settings.LearningRate * Math.Sqrt(1 - Math.Pow(_settings.Beta2, _steps)) / (1 - Math.Pow(_settings.Beta1, _steps));
        }
    }

    /// <summary>Moves <paramref name="value"/> by its gradient; false when a gradient or a new value is not finite.</summary>
    public bool Update(int parameter, Span<double> value, ReadOnlySpan<double> gradient)
    {
        double lr = _settings.LearningRate;
        bool finite = true;
        switch (_settings.Method)
        {
            case TrainMethod.Sgd:
                for (int i = 0; i < value.Length; i++)
                {
                    value[i] -= lr * gradient[i];
                    finite &= double.IsFinite(value[i]);
                }
                break;
            case TrainMethod.Momentum:
            {
                var v = _first![parameter];
                double momentum = _settings.Momentum;
                for (int i = 0; i < value.Length; i++)
                {
                    v[i] = momentum * v[i] - lr * gradient[i];
                    value[i] += v[i];
                    finite &= double.IsFinite(value[i]);
                }
                break;
            }
            case TrainMethod.AdaGrad:
            {
                var h = _first![parameter];
                for (int i = 0; i < value.Length; i++)
                {
                    h[i] += gradient[i] * gradient[i];
                    value[i] -= lr * gradient[i] / (Math.Sqrt(h[i]) + Epsilon);
                    finite &= double.IsFinite(value[i]);
                }
                break;
            }
            case TrainMethod.Adam:
            {
                var (m, v) = (_first![parameter], _second![parameter]);
                double beta1 = _settings.Beta1, beta2 = _settings.Beta2;
                for (int i = 0; i < value.Length; i++)
                {
                    double g = gradient[i];
                    m[i] += (1 - beta1) * (g - m[i]);
                    v[i] += (1 - beta2) * (g * g - v[i]);
                    value[i] -= _rate * m[i] / (Math.Sqrt(v[i]) + Epsilon);
                    finite &= double.IsFinite(value[i]);
                }
                break;
            }
        }
        return finite;
    }
}
