using System.Diagnostics.CodeAnalysis;
using Backprop.Lang.Layers;

namespace Backprop.Lang.Evaluation;

/// <summary>The functions an expression can call, each a layer; <c>pow(x, y)</c> is the same layer as <c>x ^ y</c>.</summary>
public static class Functions
{
    private static readonly Dictionary<string, Layer> ByName = new(StringComparer.Ordinal)
    {
        ["exp"] = ExpLayer.Instance,
        ["log"] = LogLayer.Instance,
        ["sqrt"] = SqrtLayer.Instance,
        ["sin"] = SinLayer.Instance,
        ["cos"] = CosLayer.Instance,
        ["tan"] = TanLayer.Instance,
        ["tanh"] = TanhLayer.Instance,
        ["sigmoid"] = SigmoidLayer.Instance,
        ["relu"] = ReluLayer.Instance,
        ["abs"] = AbsLayer.Instance,
        ["max"] = MaxLayer.Instance,
        ["min"] = MinLayer.Instance,
        ["pow"] = PowLayer.Instance,
    };

    public static IReadOnlyCollection<string> Names => ByName.Keys;

    public static bool TryGet(string name, [NotNullWhen(true)] out Layer? layer) => ByName.TryGetValue(name, out layer);
}
