using Backprop.Lang.Rules;

namespace Backprop.Lang.Layers;

/// <summary><c>expm1(x) = e^x - 1 = z</c>, exact for tiny x (exp(1e-20) - 1 is 0, expm1(1e-20) is 1e-20): dx = dout·e^x.</summary>
public sealed class Expm1Layer : UnaryLayer<Expm1Layer.Rules>
{
    public static readonly Expm1Layer Instance = new();
    public override string Name => "Expm1Layer";
    public override string Symbol => "expm1";

    public readonly struct Rules : IUnaryRule
    {
        public static T Forward<T, TA>(TA a, T x) where TA : IArithmetic<T> => a.Expm1(x);

        public static T Dx<T, TA>(TA a, T dout, T x, T z) where TA : IArithmetic<T> => a.Multiply(dout, a.Exp(x));
    }
}
