namespace Backprop.Lang.Rules;

/// <summary>
/// A one-input layer's rule, stated once over any <see cref="IArithmetic{T}"/>: its forward value z = f(x) and
/// its local derivative, dL/dx given dout = dL/dz. Implemented by a struct inside each layer, so the layer's
/// double path is specialised by the JIT.
/// </summary>
public interface IUnaryRule
{
    static abstract T Forward<T, TArithmetic>(TArithmetic a, T x) where TArithmetic : IArithmetic<T>;

    /// <param name="z">The layer's own output (exp and sigmoid use it); in a graph, the node itself.</param>
    static abstract T Dx<T, TArithmetic>(TArithmetic a, T dout, T x, T z) where TArithmetic : IArithmetic<T>;
}

/// <summary>A two-input layer's rule: z = f(x, y), dL/dx and dL/dy given dout = dL/dz. See <see cref="IUnaryRule"/>.</summary>
public interface IBinaryRule
{
    static abstract T Forward<T, TArithmetic>(TArithmetic a, T x, T y) where TArithmetic : IArithmetic<T>;

    static abstract T Dx<T, TArithmetic>(TArithmetic a, T dout, T x, T y, T z) where TArithmetic : IArithmetic<T>;

    static abstract T Dy<T, TArithmetic>(TArithmetic a, T dout, T x, T y, T z) where TArithmetic : IArithmetic<T>;
}
