using System.Diagnostics;
using Backprop.Lang.Graph;
using Backprop.Lang.Layers;

namespace Backprop.Benchmarks;

/// <summary>
/// The baseline every figure is a ratio to: the same arithmetic as the graph, written as a plain loop over
/// arrays (op, operand indices, values, adjoints) with a switch instead of a layer object. The derivative
/// rules are copied from the layers, so both compute the same numbers; what differs is only the machinery.
/// </summary>
public sealed class PlainTape
{
    public enum Op : byte
    {
        Leaf, Add, Sub, Mul, Div, Pow, Max, Min, Neg,
        Exp, Log, Sqrt, Sin, Cos, Tan, Tanh, Sigmoid, Relu, Abs,
    }

    private readonly Op[] _ops;
    private readonly int[] _x, _y;
    private readonly double[] _values, _adjoints;

    public PlainTape(ComputationGraph graph)
    {
        int n = graph.Count;
        _ops = new Op[n];
        _x = new int[n];
        _y = new int[n];
        _values = new double[n];
        _adjoints = new double[n];
        for (int i = 0; i < n; i++)
        {
            _ops[i] = OpOf(graph.Layer(i));
            _x[i] = graph.X(i);
            _y[i] = graph.Y(i);
            _values[i] = graph.Value(i);
        }
    }

    public int Count => _ops.Length;
    public ReadOnlySpan<double> Values => _values;
    public ReadOnlySpan<double> Adjoints => _adjoints;

    private static Op OpOf(Layer? layer) => layer switch
    {
        null => Op.Leaf,
        AddLayer => Op.Add,
        SubLayer => Op.Sub,
        MulLayer => Op.Mul,
        DivLayer => Op.Div,
        PowLayer => Op.Pow,
        MaxLayer => Op.Max,
        MinLayer => Op.Min,
        NegLayer => Op.Neg,
        ExpLayer => Op.Exp,
        LogLayer => Op.Log,
        SqrtLayer => Op.Sqrt,
        SinLayer => Op.Sin,
        CosLayer => Op.Cos,
        TanLayer => Op.Tan,
        TanhLayer => Op.Tanh,
        SigmoidLayer => Op.Sigmoid,
        ReluLayer => Op.Relu,
        AbsLayer => Op.Abs,
        _ => throw new UnreachableException($"No baseline op for {layer.Name}"),
    };

    public void Forward()
    {
        var ops = _ops;
        var xs = _x;
        var ys = _y;
        var v = _values;
        for (int i = 0; i < ops.Length; i++)
        {
            Op op = ops[i];
            if (op == Op.Leaf)
            {
                continue;
            }
            double x = v[xs[i]];
            double y = ys[i] >= 0 ? v[ys[i]] : 0;
            v[i] = op switch
            {
                Op.Add => x + y,
                Op.Sub => x - y,
                Op.Mul => x * y,
                Op.Div => x / y,
                Op.Pow => Math.Pow(x, y),
                Op.Max => Math.Max(x, y),
                Op.Min => Math.Min(x, y),
                Op.Neg => -x,
                Op.Exp => Math.Exp(x),
                Op.Log => Math.Log(x),
                Op.Sqrt => Math.Sqrt(x),
                Op.Sin => Math.Sin(x),
                Op.Cos => Math.Cos(x),
                Op.Tan => Math.Tan(x),
                Op.Tanh => Math.Tanh(x),
                Op.Sigmoid => Sigmoid(x),
                Op.Relu => x > 0 || double.IsNaN(x) ? x : 0,
                Op.Abs => Math.Abs(x),
                _ => throw new UnreachableException(),
            };
        }
    }

    private static double Sigmoid(double x)
    {
        if (x >= 0)
        {
            return 1 / (1 + Math.Exp(-x));
        }
        double e = Math.Exp(x);
        return e / (1 + e);
    }

    /// <summary>Seeds the last node with 1 and sums each node's local gradients into its inputs, back to front.</summary>
    public void Backward()
    {
        var ops = _ops;
        var xs = _x;
        var ys = _y;
        var v = _values;
        var g = _adjoints;
        Array.Clear(g);
        g[^1] = 1;
        for (int i = ops.Length - 1; i >= 0; i--)
        {
            Op op = ops[i];
            double dout = g[i];
            if (op == Op.Leaf)
            {
                continue;
            }
            int xi = xs[i], yi = ys[i];
            double x = v[xi], y = yi >= 0 ? v[yi] : 0, z = v[i];
            switch (op)
            {
                case Op.Add: g[xi] += dout; g[yi] += dout; break;
                case Op.Sub: g[xi] += dout; g[yi] -= dout; break;
                case Op.Mul: g[xi] += dout * y; g[yi] += dout * x; break;
                case Op.Div: g[xi] += dout / y; g[yi] += -dout * x / (y * y); break;
                case Op.Pow:
                    g[xi] += y == 0 ? 0 : dout * y * Math.Pow(x, y - 1);
                    g[yi] += x == 0 && y >= 0 ? 0 : dout * z * Math.Log(x);
                    break;
                case Op.Max:
                    if (x > y) g[xi] += dout; else if (y > x) g[yi] += dout; else { g[xi] += dout / 2; g[yi] += dout / 2; }
                    break;
                case Op.Min:
                    if (x < y) g[xi] += dout; else if (y < x) g[yi] += dout; else { g[xi] += dout / 2; g[yi] += dout / 2; }
                    break;
                case Op.Neg: g[xi] -= dout; break;
                case Op.Exp: g[xi] += dout * z; break;
                case Op.Log: g[xi] += dout / x; break;
                case Op.Sqrt: g[xi] += dout / (2 * z); break;
                case Op.Sin: g[xi] += dout * Math.Cos(x); break;
                case Op.Cos: g[xi] += -dout * Math.Sin(x); break;
                case Op.Tan: g[xi] += dout * (1 + z * z); break;
                case Op.Tanh: g[xi] += dout * (1 - z * z); break;
                case Op.Sigmoid: g[xi] += dout * z * (1 - z); break;
                case Op.Relu: g[xi] += x > 0 ? dout : 0; break;
                case Op.Abs: g[xi] += x > 0 ? dout : x < 0 ? -dout : x == 0 ? 0 : double.NaN; break;
                default: throw new UnreachableException();
            }
        }
    }
}
