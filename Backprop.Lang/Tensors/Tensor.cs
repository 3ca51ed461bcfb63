using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Backprop.Lang.Tensors;

/// <summary>
/// A value with a shape: a vector (shape <c>[3]</c>), a matrix (<c>[2, 3]</c>), or more axes; the elements in one
/// array, row-major (the last axis varies fastest), as numpy keeps them. A number is not a tensor in the graph (it
/// keeps the scalar fast path); where a tensor layer meets one, it sees a tensor of shape <c>[]</c> and one element.
/// </summary>
public sealed class Tensor
{
    public Tensor(int[] shape, double[] data)
    {
        if (Shapes.Count(shape) != data.Length)
        {
            throw new ArgumentException($"A {Shapes.Text(shape)} tensor has {Shapes.Count(shape)} elements, not {data.Length}.");
        }
        Shape = shape;
        Data = data;
    }

    /// <summary>The size along each axis; empty for a number.</summary>
    public int[] Shape { get; }

    /// <summary>The elements, row-major. A layer writes into the tensors it makes and never into its inputs.</summary>
    public double[] Data { get; }

    public int Rank => Shape.Length;
    public int Count => Data.Length;

    public static Tensor Scalar(double value) => new([], [value]);

    public static Tensor Zeros(int[] shape) => new(shape, new double[Shapes.Count(shape)]);

    public Tensor Copy() => new((int[])Shape.Clone(), (double[])Data.Clone());

    /// <summary>Adds <paramref name="other"/> (same size) into this tensor's elements: the graph's gradient sum.</summary>
    public void AddInPlace(Tensor other) => TensorPrimitives.Add(Data, other.Data, Data);

    /// <summary>Rows and columns of a matrix (a vector is one row), for the matrix product and printing.</summary>
    public (int Rows, int Columns) Matrix => Rank switch
    {
        0 => (1, 1),
        1 => (1, Shape[0]),
        _ => (Count / Shape[^1], Shape[^1]),
    };

    public override string ToString() => $"tensor {Shapes.Text(Shape)}";
}
