using Backprop.Lang.Graph;
using Backprop.Lang.Layers;

namespace Backprop.Lang.Tests;

/// <summary>The graph used directly, with layers of the caller's own.</summary>
public class GraphTests
{
    /// <summary>z = x*x*y, written against Layer itself rather than BinaryLayer.</summary>
    private sealed class SquareTimesLayer : Layer
    {
        public override string Name => "SquareTimesLayer";
        public override string Symbol => "sqtimes";
        public override int Arity => 2;
        public override string Rule => "dx = dout*2*x*y, dy = dout*x*x";
        public override double Forward(double x, double y) => x * x * y;

        public override void Backward(double dout, double x, double y, double z, out double dx, out double dy)
        {
            dx = dout * 2 * x * y;
            dy = dout * x * x;
        }
    }

    /// <summary>z = 3x, also written against Layer itself, with one input.</summary>
    private sealed class TripleLayer : Layer
    {
        public override string Name => "TripleLayer";
        public override string Symbol => "triple";
        public override int Arity => 1;
        public override string Rule => "dx = 3*dout";
        public override double Forward(double x, double y) => 3 * x;

        public override void Backward(double dout, double x, double y, double z, out double dx, out double dy)
        {
            dx = 3 * dout;
            dy = 0;
        }
    }

    [Fact]
    public void LayersDerivedFromLayerItself_RunForwardAndBackward()
    {
        var graph = new ComputationGraph();
        int x = graph.AddLeaf(NodeKind.Input, 2);
        int y = graph.AddLeaf(NodeKind.Input, 5);
        int s = graph.AddOperation(new SquareTimesLayer(), x, y);        // 20
        int t = graph.AddOperation(new TripleLayer(), s, -1);            // 60
        int z = graph.AddOperation(MulLayer.Instance, t, x);             // 120 = 3 * x^3 * y
        graph.Forward();
        var grads = graph.Backward(z);

        Assert.Equal(120, graph.Value(z));
        Assert.Equal(9 * 4 * 5, grads[x]);    // d(3 x^3 y)/dx = 9 x^2 y
        Assert.Equal(3 * 8, grads[y]);        // d(3 x^3 y)/dy = 3 x^3
    }

    [Fact]
    public void Backward_FromANodeInTheMiddle_LeavesTheRestAtZero()
    {
        var graph = new ComputationGraph();
        int x = graph.AddLeaf(NodeKind.Input, 0);
        int y = graph.AddLeaf(NodeKind.Input, 4);
        // log 0 = -Infinity, and its local derivative 1/0 too: 0 times that must never reach x.
        int log = graph.AddOperation(LogLayer.Instance, x, -1);
        int square = graph.AddOperation(MulLayer.Instance, y, y);
        graph.AddOperation(AddLayer.Instance, log, square);
        graph.Forward();
        var grads = graph.Backward(square);

        Assert.Equal(8, grads[y]);
        Assert.Equal(0, grads[x]);
        Assert.Equal(0, grads[log]);
    }

    [Fact]
    public void Extract_KeepsOnlyWhatTheOutputDependsOn_InTheSameOrder()
    {
        var graph = new ComputationGraph();
        int x = graph.AddLeaf(NodeKind.Input, 3, default, "x");
        int unused = graph.AddLeaf(NodeKind.Input, 7, default, "u");
        int square = graph.AddOperation(MulLayer.Instance, x, x);
        graph.AddOperation(AddLayer.Instance, square, unused);
        int output = graph.AddOperation(ExpLayer.Instance, square, -1);
        graph.Forward();

        var own = graph.Extract(output, out int[] map);

        Assert.Equal([x, square, output], map);
        Assert.Equal("x", own.Name(0));
        Assert.Equal(graph.Value(output), own.Value(own.Count - 1));
        Assert.Equal(graph.Backward(output)[x], own.Backward(own.Count - 1)[0]);
    }
}
