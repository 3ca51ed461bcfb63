namespace Backprop.Lang.Graph;

/// <summary>Watches the backward walk (<see cref="ComputationGraph.Backward{TObserver}(int, Span{double}, ref TObserver)"/>): the trace and the warnings.</summary>
public interface IBackwardObserver
{
    /// <summary>
    /// An operation node has run backward: it received <paramref name="dout"/> and sent <paramref name="dx"/> to its
    /// first input and <paramref name="dy"/> to its second (already added into their sums). Called for every operation
    /// node from the output back, with zeros for one that received nothing.
    /// </summary>
    void Visit(int node, double dout, double dx, double dy);

    /// <summary>
    /// A tensor layer's node has run backward: it received <paramref name="dout"/> (null: nothing) and sent
    /// <paramref name="sent"/>[i] to its input i. Most observers watch numbers only and leave this alone.
    /// </summary>
    void VisitTensor(int node, Tensors.Tensor? dout, ReadOnlySpan<Tensors.Tensor> sent)
    {
    }
}

/// <summary>The observer of a plain backward pass: nothing, compiled away.</summary>
public readonly struct NoObserver : IBackwardObserver
{
    public void Visit(int node, double dout, double dx, double dy)
    {
    }
}
