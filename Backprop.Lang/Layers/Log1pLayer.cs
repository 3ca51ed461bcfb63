using Backprop.Lang.Rules;

namespace Backprop.Lang.Layers;

/// <summary><c>log1p(x) = ln(1 + x) = z</c>, exact for tiny x (log(1 + 1e-20) is 0, log1p(1e-20) is 1e-20): dx = dout/(1 + x).</summary>
public sealed class Log1pLayer : UnaryLayer<Log1pLayer.Rules>
{
    public static readonly Log1pLayer Instance = new();
    public override string Name => "Log1pLayer";
    public override string Symbol => "log1p";

    public readonly struct Rules : IUnaryRule
    {
        public static T Forward<T, TA>(TA a, T x) where TA : IArithmetic<T> => a.Log1p(x);

        public static T Dx<T, TA>(TA a, T dout, T x, T z) where TA : IArithmetic<T> => a.Divide(dout, a.Add(a.Constant(1), x));
    }
}
