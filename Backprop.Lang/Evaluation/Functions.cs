using System.Diagnostics.CodeAnalysis;
using Backprop.Lang.Layers;

namespace Backprop.Lang.Evaluation;

/// <summary>
/// The functions an expression can call, each a layer; <c>pow(x, y)</c> is the same layer as <c>x ^ y</c>.
/// <c>sign</c>, <c>heaviside</c> and <c>mask</c> are what derivatives at kinks are written with (relu'(x) is
/// heaviside(x, 0)), so a formula <c>:deriv</c> prints can be typed back.
/// </summary>
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
        ["sign"] = SignLayer.Instance,
        ["heaviside"] = HeavisideLayer.Instance,
        ["mask"] = MaskLayer.Instance,
        ["softplus"] = SoftplusLayer.Instance,
        ["log1p"] = Log1pLayer.Instance,
        ["expm1"] = Expm1Layer.Instance,
        ["leaky_relu"] = LeakyReluLayer.Instance,
    };

    /// <summary><c>grad(EXPR, NAME)</c>: not a layer but the derivative of EXPR, built as more layers.</summary>
    public const string Grad = "grad";

    /// <summary>Every function name, <c>grad</c> and <c>sum</c>, <c>mean</c> (<see cref="Builtins"/>) included.</summary>
    public static IReadOnlyCollection<string> Names { get; } = [.. ByName.Keys, Grad, .. Builtins.Names, .. TensorLowering.Names];

    /// <summary>True for a name that is a function (a layer, <c>grad</c>, <c>sum</c> or <c>mean</c>), which cannot be assigned.</summary>
    public static bool IsFunction(string name) =>
        name == Grad || ByName.ContainsKey(name) || Builtins.Names.Contains(name) || TensorLowering.Names.Contains(name);

    public static bool TryGet(string name, [NotNullWhen(true)] out Layer? layer) => ByName.TryGetValue(name, out layer);
}
