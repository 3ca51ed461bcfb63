using System.Runtime.CompilerServices;
using Backprop.Lang.Layers;
using Backprop.Lang.Rules;
using Backprop.Lang.Tensors;

namespace Backprop.Lang.Graph;

/// <summary>
/// The computational graph as a tape: nodes in creation order, which is a topological order (a node is
/// appended after its inputs). Forward walks the tape from the front, backward from the back; neither
/// recurses, so a chain of millions of nodes is as safe as a short one. Values live here, not in the
/// layers, as arrays indexed by node.
/// </summary>
public sealed class ComputationGraph
{
    private Layer?[] _layers;
    // Which base class each node's layer has, found once when the node is added, so forward and backward
    // make one virtual call per node and no type test.
    private LayerShape[] _shapes;
    private int[] _x, _y;
    private double[] _values;
    private NodeKind[] _kinds;
    private NodeOrigin[] _origins;
    // Few nodes have names, so they live beside the arrays rather than in one.
    private readonly Dictionary<int, string> _names = [];
    private int _lastNamed = -1;
    // Calls of the user's functions: which call's body appended each node (-1: none). Allocated by the first call,
    // so a graph without calls pays nothing for them.
    private int[]? _calls;
    private List<CallGroup>? _callGroups;
    private int _currentCall = -1;
    // Tensors: a node whose value has a shape keeps it here, and a tensor layer's inputs (any number of them) too.
    // Allocated by the first tensor, so a graph of numbers pays nothing for them (the million-node chain stays as it was).
    private Tensor?[]? _tensors;
    // Each tensor node's shape, known when the node is built (its value only after Forward); null for a number.
    private int[]?[]? _tensorShapes;
    private int[]?[]? _inputs;

    public ComputationGraph(int capacity = 16)
    {
        capacity = Math.Max(capacity, 4);
        _layers = new Layer?[capacity];
        _shapes = new LayerShape[capacity];
        _x = new int[capacity];
        _y = new int[capacity];
        _values = new double[capacity];
        _kinds = new NodeKind[capacity];
        _origins = new NodeOrigin[capacity];
    }

    public int Count { get; private set; }

    public NodeKind Kind(int node) => _kinds[node];
    public Layer? Layer(int node) => _layers[node];
    /// <summary>The first input of an operation, or -1.</summary>
    public int X(int node) => _x[node];
    /// <summary>The second input of a binary operation, or -1.</summary>
    public int Y(int node) => _y[node];
    public double Value(int node) => _values[node];
    public NodeOrigin Origin(int node) => _origins[node];
    /// <summary>The name bound to the node by an assignment, if any.</summary>
    public string? Name(int node) => _names.GetValueOrDefault(node);

    public ReadOnlySpan<double> Values => _values.AsSpan(0, Count);

    /// <summary>True once any node holds a tensor (of one axis or more).</summary>
    public bool HasTensors => _tensors is not null;

    /// <summary>True when the node's value is a tensor of one axis or more; false for a number.</summary>
    public bool IsTensor(int node) => _tensorShapes is not null && _tensorShapes[node] is not null;

    /// <summary>The node's shape: empty for a number.</summary>
    public int[] ShapeOf(int node) => _tensorShapes?[node] ?? Shapes.Scalar;

    /// <summary>The node's value as a tensor (a number as a tensor of shape []).</summary>
    public Tensor TensorValue(int node) => _tensors?[node]
        ?? (IsTensor(node) ? throw new InvalidOperationException($"Node {node}'s tensor is made by the next Forward.") : Tensor.Scalar(_values[node]));

    /// <summary>The node's inputs, in order: for a tensor layer all of them, otherwise x and (for two) y.</summary>
    public int[] Inputs(int node) => _inputs?[node] ?? (_x[node] < 0 ? [] : _y[node] < 0 ? [_x[node]] : [_x[node], _y[node]]);

    /// <summary>The call of a user's function whose body appended <paramref name="node"/> (innermost), or -1.</summary>
    public int CallOf(int node) => _calls is null ? -1 : _calls[node];

    /// <summary>The calls of the user's functions, indexed by <see cref="CallOf"/>; a call's parent comes before it.</summary>
    public IReadOnlyList<CallGroup> Calls => _callGroups ?? (IReadOnlyList<CallGroup>)[];

    /// <summary>Nodes appended from now on belong to a new call of <paramref name="function"/> (inside the current one, if any).</summary>
    internal int BeginCall(string function, NodeOrigin site, int[] arguments)
    {
        EnsureCalls();
        _callGroups!.Add(new CallGroup(function, site, arguments, _currentCall) { First = Count });
        _currentCall = _callGroups.Count - 1;
        return _currentCall;
    }

    /// <summary>Ends call <paramref name="call"/>, whose body's value is node <paramref name="output"/>.</summary>
    internal void EndCall(int call, int output)
    {
        var group = _callGroups![call];
        group.Output = output;
        _currentCall = group.Parent;
    }

    private void EnsureCalls()
    {
        if (_calls is null)
        {
            _calls = new int[_values.Length];
            Array.Fill(_calls, -1);
            _callGroups = [];
        }
    }

    /// <summary>The named nodes, in node order (there are few: one per assignment).</summary>
    public IEnumerable<(int Node, string Name)> NamedNodes => _names.OrderBy(n => n.Key).Select(n => (n.Key, n.Value));

    internal void SetName(int node, string name)
    {
        if (_names.TryAdd(node, name))
        {
            _lastNamed = Math.Max(_lastNamed, node);
        }
    }

    internal void Rename(int node, string name)
    {
        _names[node] = name;
        _lastNamed = Math.Max(_lastNamed, node);
    }

    /// <summary>Makes room for <paramref name="additional"/> more nodes at once, instead of doubling as they come.</summary>
    public void EnsureCapacity(int additional)
    {
        long needed = (long)Count + additional;
        if (needed > _values.Length)
        {
            // At least doubling, so many small statements in a row still cost amortised O(1) each.
            Resize((int)Math.Min(Array.MaxLength, Math.Max(needed, _values.Length * 2L)));
        }
    }

    /// <summary>Sets a leaf's value; run <see cref="Forward"/> afterwards to update what depends on it.</summary>
    public void SetValue(int leaf, double value)
    {
        if (_kinds[leaf] == NodeKind.Operation)
        {
            throw new InvalidOperationException($"Node {leaf} is an operation; only leaves can be set.");
        }
        _values[leaf] = value;
    }

    /// <summary>Sets a tensor leaf's value (of the same shape); run <see cref="Forward"/> afterwards.</summary>
    public void SetTensorValue(int leaf, Tensor value)
    {
        if (_kinds[leaf] == NodeKind.Operation || !IsTensor(leaf) || !Shapes.Equal(ShapeOf(leaf), value.Shape))
        {
            throw new InvalidOperationException($"Node {leaf} is not a tensor leaf of shape {Shapes.Text(value.Shape)}.");
        }
        _tensors![leaf] = value;
    }

    /// <summary>A leaf holding a tensor; a tensor of shape [] is kept as a number.</summary>
    public int AddTensorLeaf(NodeKind kind, Tensor value, NodeOrigin origin = default, string? name = null)
    {
        if (value.Rank == 0)
        {
            return AddLeaf(kind, value.Data[0], origin, name);
        }
        int node = AddLeaf(kind, double.NaN, origin, name);
        EnsureTensors();
        _tensors![node] = value;
        _tensorShapes![node] = value.Shape;
        return node;
    }

    /// <summary>
    /// Appends a tensor layer of <paramref name="inputs"/> whose output has <paramref name="shape"/> (which the caller
    /// got from <see cref="TensorLayer.OutputShape"/>: shapes are checked before a node is built). An output of shape
    /// [] is a number, which the scalar layers after it read as any other.
    /// </summary>
    public int AddTensorOperation(TensorLayer layer, int[] inputs, int[] shape, NodeOrigin origin = default)
    {
        foreach (int input in inputs)
        {
            if ((uint)input >= (uint)Count) throw new ArgumentException("An operation's inputs must already be in the graph.");
        }
        int node = Append(NodeKind.Operation, layer, LayerShape.Tensor, inputs[0], inputs.Length > 1 ? inputs[1] : -1, origin);
        EnsureTensors();
        _inputs![node] = inputs;
        _values[node] = double.NaN;
        // The shape is known now; the value is made by the next Forward (nothing is allocated for it before).
        _tensors![node] = null;
        _tensorShapes![node] = shape.Length == 0 ? null : shape;
        return node;
    }

    private void EnsureTensors()
    {
        if (_tensors is null)
        {
            _tensors = new Tensor?[_values.Length];
            _tensorShapes = new int[]?[_values.Length];
            _inputs = new int[]?[_values.Length];
        }
    }

    public int AddLeaf(NodeKind kind, double value, NodeOrigin origin = default, string? name = null)
    {
        int node = Append(kind, null, LayerShape.None, -1, -1, origin);
        _values[node] = value;
        if (name is not null)
        {
            Rename(node, name);
        }
        return node;
    }

    /// <summary>Appends an operation; its value is computed by the next <see cref="Forward"/>.</summary>
    public int AddOperation(Layer layer, int x, int y, NodeOrigin origin = default)
    {
        if (layer is TensorLayer)
        {
            throw new ArgumentException($"{layer.Name} is a tensor layer: add it with AddTensorOperation.");
        }
        var shape = ShapeOf(layer);
        bool binary = shape is LayerShape.Binary or LayerShape.Add or LayerShape.Multiply || (shape == LayerShape.Other && layer.Arity == 2);
        if ((uint)x >= (uint)Count || (binary && (uint)y >= (uint)Count))
        {
            throw new ArgumentException("An operation's inputs must already be in the graph.");
        }
        return Append(NodeKind.Operation, layer, shape, x, binary ? y : -1, origin);
    }

    /// <summary>Drops every node from <paramref name="count"/> on: the nodes of an expression nothing refers to.</summary>
    public void Truncate(int count)
    {
        if (count < Count)
        {
            Array.Clear(_layers, count, Count - count);
            Array.Clear(_shapes, count, Count - count);
            Array.Clear(_origins, count, Count - count);
            if (_tensors is not null)
            {
                Array.Clear(_tensors, count, Count - count);
                Array.Clear(_tensorShapes!, count, Count - count);
                Array.Clear(_inputs!, count, Count - count);
            }
            if (_names.Count > 0 && _lastNamed >= count)
            {
                foreach (int node in _names.Keys.Where(n => n >= count).ToList())
                {
                    _names.Remove(node);
                }
                _lastNamed = _names.Count == 0 ? -1 : _names.Keys.Max();
            }
            if (_callGroups is { } calls)
            {
                // Calls are made in node order, so the ones the dropped nodes belong to are the last.
                while (calls.Count > 0 && calls[^1].First >= count)
                {
                    calls.RemoveAt(calls.Count - 1);
                }
                _currentCall = -1;
            }
            Count = count;
            // A big expression leaves big arrays behind; give the memory back once it is mostly unused.
            if (_values.Length > 4096 && Count < _values.Length / 4)
            {
                Resize(Math.Max(16, Count * 2));
            }
        }
    }

    /// <summary>Computes the value of every operation from <paramref name="from"/> on, in order.</summary>
    public void Forward(int from = 0)
    {
        var layers = _layers;
        var xs = _x;
        var ys = _y;
        var values = _values;
        var shapes = _shapes;
        for (int i = from; i < Count; i++)
        {
            switch (shapes[i])
            {
                case LayerShape.Unary:
                    values[i] = Unsafe.As<UnaryLayer>(layers[i]!).Forward(values[xs[i]]);
                    break;
                case LayerShape.Binary:
                    values[i] = layers[i]!.Forward(values[xs[i]], values[ys[i]]);
                    break;
                case LayerShape.Add:
                    values[i] = AddLayer.Rules.Forward<double, Real>(default, values[xs[i]], values[ys[i]]);
                    break;
                case LayerShape.Multiply:
                    values[i] = MulLayer.Rules.Forward<double, Real>(default, values[xs[i]], values[ys[i]]);
                    break;
                case LayerShape.Other:
                    int y = ys[i];
                    values[i] = layers[i]!.Forward(values[xs[i]], y >= 0 ? values[y] : 0);
                    break;
                case LayerShape.Tensor:
                    ForwardTensor(i);
                    break;
            }
        }
    }

    private void ForwardTensor(int node)
    {
        var inputs = _inputs![node]!;
        var values = new Tensor[inputs.Length];
        for (int j = 0; j < inputs.Length; j++) values[j] = TensorValue(inputs[j]);
        var result = Unsafe.As<TensorLayer>(_layers[node]!).Forward(values);
        if (result.Rank == 0)
        {
            _values[node] = result.Data[0];
        }
        else
        {
            _values[node] = double.NaN;
            _tensors![node] = result;
        }
    }

    /// <summary>
    /// Backpropagation from <paramref name="output"/>: seeds dL/dL = 1 and walks the tape backwards,
    /// adding each layer's local gradients into its inputs (a node used twice receives both). Every call
    /// starts from fresh zeros, so asking twice gives the same answer.
    /// </summary>
    /// <returns>dL/d(node) for every node up to <paramref name="output"/> (zero where L does not depend on it).</returns>
    public double[] Backward(int output)
    {
        var grads = new double[output + 1];
        Backward(output, grads);
        return grads;
    }

    /// <summary>Backward into a caller's buffer (at least <paramref name="output"/> + 1 long), for graphs run many times.</summary>
    public void Backward(int output, Span<double> grads)
    {
        var none = default(NoObserver);
        Backward(output, grads, ref none);
    }

    /// <summary>
    /// The backward walk, the only one: the gradient sums, the trace's ledger and the warnings all come from it.
    /// <paramref name="observer"/> sees every operation node after it has sent its gradients (a struct, so an
    /// observer that does nothing costs nothing).
    /// </summary>
    /// <remarks>
    /// A node that receives no gradient (dout = 0: a switched-off relu, the smaller input of a max, a node the
    /// output does not depend on) sends nothing back. Multiplying its local derivative by 0 would give the same
    /// zeros, except where that derivative is infinite: 0·∞ would leak NaN into an input that does not matter.
    /// </remarks>
    public void Backward<TObserver>(int output, Span<double> grads, ref TObserver observer) where TObserver : struct, IBackwardObserver =>
        Backward(output, grads, null, ref observer);

    /// <summary>
    /// The backward walk, with the gradients of tensor nodes going into <paramref name="tensorGrads"/> (null where
    /// nothing arrived; the gradient of a number stays in <paramref name="grads"/>). The output must be a number.
    /// </summary>
    public void Backward<TObserver>(int output, Span<double> grads, Tensor?[]? tensorGrads, ref TObserver observer) where TObserver : struct, IBackwardObserver =>
        Backward(output, grads, tensorGrads, ref observer, null);

    /// <summary>
    /// The backward walk, sending gradients only towards the nodes <paramref name="wanted"/> marks (those that depend on
    /// something being trained; see <see cref="DependOn"/>): the others, the data and what is computed from it alone,
    /// get none, and a tensor layer skips the products that would give them one. Null: every node.
    /// </summary>
    public void Backward<TObserver>(int output, Span<double> grads, Tensor?[]? tensorGrads, ref TObserver observer, bool[]? wanted)
        where TObserver : struct, IBackwardObserver
    {
        if (IsTensor(output))
        {
            throw new InvalidOperationException("Backward starts from a number; the output is a tensor.");
        }
        if (_tensors is not null)
        {
            tensorGrads ??= new Tensor?[output + 1];
            Array.Clear(tensorGrads, 0, output + 1);
        }
        grads[..(output + 1)].Clear();
        grads[output] = 1;
        var layers = _layers;
        var shapes = _shapes;
        var xs = _x;
        var ys = _y;
        var values = _values;
        for (int i = output; i >= 0; i--)
        {
            var shape = shapes[i];
            if (shape == LayerShape.None)
            {
                continue;
            }
            if (wanted is not null && !wanted[i])
            {
                continue;
            }
            if (shape == LayerShape.Tensor)
            {
                BackwardTensor(i, grads, tensorGrads!, ref observer, wanted);
                continue;
            }
            double dout = grads[i];
            if (dout == 0)
            {
                observer.Visit(i, 0, 0, 0);
                continue;
            }
            int x = xs[i], y = ys[i];
            double dx, dy = 0;
            switch (shape)
            {
                case LayerShape.Binary:
                    (dx, dy) = Unsafe.As<BinaryLayer>(layers[i]!).Backward(dout, values[x], values[y], values[i]);
                    grads[x] += dx;
                    grads[y] += dy;
                    break;
                case LayerShape.Add:
                    dx = AddLayer.Rules.Dx<double, Real>(default, dout, values[x], values[y], values[i]);
                    dy = AddLayer.Rules.Dy<double, Real>(default, dout, values[x], values[y], values[i]);
                    grads[x] += dx;
                    grads[y] += dy;
                    break;
                case LayerShape.Multiply:
                    dx = MulLayer.Rules.Dx<double, Real>(default, dout, values[x], values[y], values[i]);
                    dy = MulLayer.Rules.Dy<double, Real>(default, dout, values[x], values[y], values[i]);
                    grads[x] += dx;
                    grads[y] += dy;
                    break;
                case LayerShape.Unary:
                    dx = Unsafe.As<UnaryLayer>(layers[i]!).Backward(dout, values[x], values[i]);
                    grads[x] += dx;
                    break;
                default:
                    // Separate out-locals: passing dx and dy by reference would keep them on the stack in every
                    // case above as well, a store and a reload on each node's gradient (measured: deep nesting
                    // backward 1.6 ms instead of 0.9).
                    layers[i]!.Backward(dout, values[x], y >= 0 ? values[y] : 0, values[i], out double gx, out double gy);
                    (dx, dy) = (gx, gy);
                    grads[x] += dx;
                    if (y >= 0) grads[y] += dy;
                    break;
            }
            observer.Visit(i, dout, dx, dy);
        }
    }

    private void BackwardTensor<TObserver>(int node, Span<double> grads, Tensor?[] tensorGrads, ref TObserver observer, bool[]? wanted)
        where TObserver : struct, IBackwardObserver
    {
        var dout = IsTensor(node) ? tensorGrads[node] : grads[node] == 0 ? null : Tensor.Scalar(grads[node]);
        var inputs = _inputs![node]!;
        if (dout is null)
        {
            observer.VisitTensor(node, null, []);
            return;
        }
        var values = new Tensor[inputs.Length];
        for (int j = 0; j < inputs.Length; j++) values[j] = TensorValue(inputs[j]);
        var sent = new Tensor[inputs.Length];
        if (wanted is null)
        {
            Unsafe.As<TensorLayer>(_layers[node]!).Backward(dout, values, TensorValue(node), sent);
        }
        else
        {
            Span<bool> asked = stackalloc bool[inputs.Length];
            for (int j = 0; j < inputs.Length; j++) asked[j] = wanted[inputs[j]];
            Unsafe.As<TensorLayer>(_layers[node]!).Backward(dout, values, TensorValue(node), sent, asked);
        }
        for (int j = 0; j < inputs.Length; j++)
        {
            int input = inputs[j];
            var g = sent[j];
            if (g is null || (wanted is not null && !wanted[input]))
            {
                continue;
            }
            if (!IsTensor(input))
            {
                grads[input] += g.Data[0];
            }
            else if (tensorGrads[input] is { } sum)
            {
                sum.AddInPlace(g);
            }
            else
            {
                // The sum is added into later: never one of the tensors a layer handed back as is (dout itself).
                tensorGrads[input] = ReferenceEquals(g.Data, dout.Data) || sent.Count(s => s is not null && ReferenceEquals(s.Data, g.Data)) > 1 ? g.Copy() : g;
            }
        }
        observer.VisitTensor(node, dout, sent);
    }

    /// <summary>
    /// For every node, whether it depends on one of <paramref name="leaves"/> (the leaves themselves included): the nodes
    /// a gradient of those leaves passes through, which <see cref="Backward{TObserver}(int, Span{double}, Tensor?[], ref TObserver, bool[])"/> can be limited to.
    /// </summary>
    public bool[] DependOn(IEnumerable<int> leaves)
    {
        var depends = new bool[Count];
        foreach (int leaf in leaves) depends[leaf] = true;
        for (int i = 0; i < Count; i++)
        {
            if (depends[i] || _kinds[i] != NodeKind.Operation) continue;
            foreach (int input in Inputs(i))
            {
                if (depends[input])
                {
                    depends[i] = true;
                    break;
                }
            }
        }
        return depends;
    }

    /// <summary>A copy of the whole graph, node for node, to append to without changing this one.</summary>
    public ComputationGraph Copy()
    {
        var copy = new ComputationGraph(Count);
        Array.Copy(_layers, copy._layers, Count);
        Array.Copy(_shapes, copy._shapes, Count);
        Array.Copy(_x, copy._x, Count);
        Array.Copy(_y, copy._y, Count);
        Array.Copy(_values, copy._values, Count);
        Array.Copy(_kinds, copy._kinds, Count);
        Array.Copy(_origins, copy._origins, Count);
        foreach (var (node, name) in _names)
        {
            copy.Rename(node, name);
        }
        if (_tensors is not null)
        {
            copy.EnsureTensors();
            Array.Copy(_tensors, copy._tensors!, Count);
            Array.Copy(_tensorShapes!, copy._tensorShapes!, Count);
            Array.Copy(_inputs!, copy._inputs!, Count);
        }
        if (_calls is not null)
        {
            copy.EnsureCalls();
            Array.Copy(_calls, copy._calls!, Count);
            copy._callGroups!.AddRange(_callGroups!.Select(call => call with { }));
        }
        copy.Count = Count;
        return copy;
    }

    /// <summary>
    /// Copies out the nodes that <paramref name="output"/> depends on, in the same order, as a graph of their
    /// own whose last node is the output: the expression's graph, which can be re-run with new leaf values.
    /// </summary>
    /// <param name="map">Receives, for each node of the new graph, its index in this one.</param>
    public ComputationGraph Extract(int output, out int[] map)
    {
        return Closure([output], 0, out map, out _);
    }

    /// <summary>
    /// Copies out the nodes that any of <paramref name="roots"/> depends on (the roots too), in the same order,
    /// into a new graph with room for <paramref name="room"/> more: the start of an expression's own graph.
    /// </summary>
    /// <param name="map">For each node of the new graph, its index in this one.</param>
    /// <param name="newIndex">For each node of this graph up to the last root, its index in the new one, or -1.</param>
    internal ComputationGraph Closure(IReadOnlyCollection<int> roots, int room, out int[] map, out int[] newIndex)
    {
        int last = roots.Count == 0 ? -1 : roots.Max();
        var reached = new bool[last + 1];
        foreach (int root in roots)
        {
            reached[root] = true;
        }
        int count = 0;
        for (int i = last; i >= 0; i--)
        {
            if (!reached[i]) continue;
            count++;
            if (_inputs?[i] is { } inputs)
            {
                foreach (int input in inputs) reached[input] = true;
                continue;
            }
            if (_x[i] >= 0) reached[_x[i]] = true;
            if (_y[i] >= 0) reached[_y[i]] = true;
        }

        var graph = new ComputationGraph(count + room);
        map = new int[count];
        newIndex = new int[last + 1];
        for (int i = 0; i <= last; i++)
        {
            if (!reached[i])
            {
                newIndex[i] = -1;
                continue;
            }
            int n = graph.Append(_kinds[i], _layers[i], _shapes[i], _x[i] >= 0 ? newIndex[_x[i]] : -1, _y[i] >= 0 ? newIndex[_y[i]] : -1, _origins[i]);
            graph._values[n] = _values[i];
            if (_tensorShapes?[i] is not null || _inputs?[i] is not null)
            {
                graph.EnsureTensors();
                graph._tensors![n] = _tensors![i];
                graph._tensorShapes![n] = _tensorShapes![i];
                if (_inputs![i] is { } inputs)
                {
                    var renumbered = new int[inputs.Length];
                    for (int j = 0; j < inputs.Length; j++) renumbered[j] = newIndex[inputs[j]];
                    graph._inputs![n] = renumbered;
                }
            }
            if (_names.TryGetValue(i, out var name))
            {
                graph.Rename(n, name);
            }
            newIndex[i] = n;
            map[n] = i;
        }
        if (_calls is not null)
        {
            CopyCalls(graph, map, newIndex);
        }
        return graph;
    }

    // The calls the copied nodes belong to (and the calls those were made in), renumbered, with their argument and
    // output nodes in the new graph's numbering (-1 where it did not copy them).
    private void CopyCalls(ComputationGraph graph, int[] map, int[] newIndex)
    {
        var renumbered = new Dictionary<int, int>();
        int Copied(int call)
        {
            // The chain of enclosing calls is as deep as the user's functions call each other: a loop, not recursion.
            var chain = new Stack<int>();
            for (int c = call; c >= 0 && !renumbered.ContainsKey(c); c = _callGroups![c].Parent)
            {
                chain.Push(c);
            }
            while (chain.TryPop(out int c))
            {
                var group = _callGroups![c];
                int parent = group.Parent >= 0 ? renumbered[group.Parent] : -1;
                var arguments = group.Arguments.Select(a => a >= 0 && a < newIndex.Length ? newIndex[a] : -1).ToArray();
                int output = group.Output >= 0 && group.Output < newIndex.Length ? newIndex[group.Output] : -1;
                graph._callGroups!.Add(new CallGroup(group.Function, group.Site, arguments, parent) { Output = output, First = graph.Count });
                renumbered[c] = graph._callGroups.Count - 1;
            }
            return renumbered[call];
        }

        graph.EnsureCalls();
        for (int n = 0; n < graph.Count; n++)
        {
            int call = _calls![map[n]];
            graph._calls![n] = call < 0 ? -1 : Copied(call);
        }
        // A copied call's first node is the first of its nodes that was copied, its own or a call's inside it (a call
        // comes after the call it was made in, so one pass from the last call up gathers them).
        var calls = graph._callGroups!;
        foreach (var call in calls) call.First = int.MaxValue;
        for (int n = graph.Count - 1; n >= 0; n--)
        {
            if (graph._calls![n] >= 0) calls[graph._calls[n]].First = n;
        }
        for (int c = calls.Count - 1; c >= 0; c--)
        {
            if (calls[c].Parent >= 0) calls[calls[c].Parent].First = Math.Min(calls[calls[c].Parent].First, calls[c].First);
        }
    }

    private static LayerShape ShapeOf(Layer layer) => layer switch
    {
        TensorLayer => LayerShape.Tensor,
        AddLayer => LayerShape.Add,
        MulLayer => LayerShape.Multiply,
        UnaryLayer => LayerShape.Unary,
        BinaryLayer => LayerShape.Binary,
        _ => LayerShape.Other,
    };

    private int Append(NodeKind kind, Layer? layer, LayerShape shape, int x, int y, NodeOrigin origin)
    {
        if (Count == _values.Length)
        {
            Grow();
        }
        int node = Count++;
        _kinds[node] = kind;
        _layers[node] = layer;
        _shapes[node] = shape;
        _x[node] = x;
        _y[node] = y;
        _origins[node] = origin;
        if (_calls is not null)
        {
            _calls[node] = _currentCall;
        }
        return node;
    }

    private void Grow() => Resize((int)Math.Min(Array.MaxLength, _values.Length * 2L));

    private void Resize(int capacity)
    {
        Array.Resize(ref _layers, capacity);
        Array.Resize(ref _shapes, capacity);
        Array.Resize(ref _x, capacity);
        Array.Resize(ref _y, capacity);
        Array.Resize(ref _values, capacity);
        Array.Resize(ref _kinds, capacity);
        Array.Resize(ref _origins, capacity);
        if (_calls is not null)
        {
            Array.Resize(ref _calls, capacity);
        }
        if (_tensors is not null)
        {
            Array.Resize(ref _tensors, capacity);
            Array.Resize(ref _tensorShapes, capacity);
            Array.Resize(ref _inputs, capacity);
        }
    }
}

/// <summary>A node's layer by its base class: what forward and backward call on it.</summary>
internal enum LayerShape : byte
{
    None,
    Unary,
    Binary,
    /// <summary>A layer derived from <see cref="Layer"/> directly: called through its two-input form.</summary>
    Other,
    // The article's two layers, the most common by far: forward and backward call their rules (the same Rules
    // structs the layers use, so nothing is written twice) directly instead of through a virtual call.
    Add,
    Multiply,
    /// <summary>A <see cref="TensorLayer"/>: its inputs are a list, its value may be a tensor.</summary>
    Tensor,
}
