using Backprop.Lang.Layers;
using Backprop.Lang.Rules;

namespace Backprop.Lang.Graph;

/// <summary>
/// The arithmetic of graph nodes: each operation appends an ordinary layer node to the tape (after its inputs,
/// so the tape stays in topological order) and returns it. A derivative rule run over it builds the derivative
/// as a graph, which forward computes and backward can differentiate again. Structural zeros and ones are folded
/// (0·a = 0, 1·a = a, a + 0 = a), and operations on constants are computed at once, so a derivative graph holds
/// only what depends on the inputs. Values are computed by the graph's next <see cref="ComputationGraph.Forward"/>.
/// </summary>
public sealed class GraphArithmetic(ComputationGraph graph, NodeOrigin origin) : IArithmetic<int>
{
    private readonly Dictionary<long, int> _constants = [];

    public int Constant(double value)
    {
        long key = BitConverter.DoubleToInt64Bits(value == 0 ? 0 : value);
        if (!_constants.TryGetValue(key, out int node))
        {
            node = graph.AddLeaf(NodeKind.Constant, value, origin);
            _constants[key] = node;
        }
        return node;
    }

    /// <summary>True when <paramref name="node"/> is a constant a rule brought in, with its value.</summary>
    public bool IsConstant(int node, out double value)
    {
        value = graph.Value(node);
        return graph.Kind(node) == NodeKind.Constant;
    }

    public int Times(int x, double factor) => Multiply(x, Constant(factor));

    public int Add(int x, int y) =>
        Is(x, 0) ? y : Is(y, 0) ? x : Op(AddLayer.Instance, x, y);

    public int Subtract(int x, int y) =>
        Is(y, 0) ? x : Is(x, 0) ? Negate(y) : Op(SubLayer.Instance, x, y);

    public int Multiply(int x, int y) =>
        Is(x, 0) || Is(y, 0) ? Constant(0) : Is(x, 1) ? y : Is(y, 1) ? x : Op(MulLayer.Instance, x, y);

    public int Divide(int x, int y) => Is(y, 1) ? x : Op(DivLayer.Instance, x, y);

    public int Negate(int x) =>
        graph.Kind(x) == NodeKind.Operation && graph.Layer(x) is NegLayer ? graph.X(x) : Op(NegLayer.Instance, x);

    public int Power(int x, int y) => Is(y, 1) ? x : Is(y, 0) ? Constant(1) : Op(PowLayer.Instance, x, y);

    public int Exp(int x) => Op(ExpLayer.Instance, x);
    public int Log(int x) => Op(LogLayer.Instance, x);
    public int Sqrt(int x) => Op(SqrtLayer.Instance, x);
    public int Sin(int x) => Op(SinLayer.Instance, x);
    public int Cos(int x) => Op(CosLayer.Instance, x);
    public int Tan(int x) => Op(TanLayer.Instance, x);
    public int Tanh(int x) => Op(TanhLayer.Instance, x);
    public int Sigmoid(int x) => Op(SigmoidLayer.Instance, x);
    public int Relu(int x) => Op(ReluLayer.Instance, x);
    public int Abs(int x) => Op(AbsLayer.Instance, x);
    public int Max(int x, int y) => Op(MaxLayer.Instance, x, y);
    public int Min(int x, int y) => Op(MinLayer.Instance, x, y);
    public int Sign(int x) => Op(SignLayer.Instance, x);
    public int Heaviside(int x, int atZero) => Op(HeavisideLayer.Instance, x, atZero);

    public int Mask(int m, int v)
    {
        if (Is(m, 0) || Is(v, 0)) return Constant(0);
        // mask(m, v) is m·v wherever m is not 0, and mask(m, 1) is m.
        if (IsConstant(m, out _)) return Multiply(m, v);
        if (Is(v, 1)) return m;
        return Op(MaskLayer.Instance, m, v);
    }

    public int Softplus(int x) => Op(SoftplusLayer.Instance, x);
    public int Log1p(int x) => Op(Log1pLayer.Instance, x);
    public int Expm1(int x) => Op(Expm1Layer.Instance, x);
    public int LeakyRelu(int x, int slope) => Op(LeakyReluLayer.Instance, x, slope);

    private bool Is(int node, double value) => IsConstant(node, out double actual) && actual == value;

    // An operation on constants only is a constant (when it is a finite number; otherwise the node is kept, so
    // forward warns where it is).
    private int Op(Layer layer, int x, int y = -1)
    {
        if (IsConstant(x, out double a) && (y < 0 || IsConstant(y, out _)))
        {
            double value = layer.Forward(a, y < 0 ? 0 : graph.Value(y));
            if (double.IsFinite(value))
            {
                return Constant(value);
            }
        }
        return graph.AddOperation(layer, x, y, origin);
    }
}
