using Backprop.Lang.Rules;

namespace Backprop.Lang.Layers;

/// <summary><c>log(x) = z</c> (natural): dx = dout/x.</summary>
public sealed class LogLayer : UnaryLayer<LogLayer.Rules>
{
    public static readonly LogLayer Instance = new();
    public override string Name => "LogLayer";
    public override string Symbol => "log";

    public readonly struct Rules : IUnaryRule
    {
        public static T Forward<T, TA>(TA a, T x) where TA : IArithmetic<T> => a.Log(x);

        public static T Dx<T, TA>(TA a, T dout, T x, T z) where TA : IArithmetic<T> => a.Divide(dout, x);
    }
}
