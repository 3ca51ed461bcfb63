namespace Backprop.Benchmarks;

/// <summary>Checks, once in setup, that the baseline computes what the graph computes: otherwise the ratio means nothing.</summary>
public static class Verify
{
    private const double Tolerance = 1e-12;

    public static void SameNumbers(string what, ReadOnlySpan<double> values, ReadOnlySpan<double> gradients, PlainTape tape)
    {
        for (int i = 0; i < tape.Count; i++)
        {
            if (!double.IsFinite(values[i]) || !double.IsFinite(gradients[i]))
            {
                throw new InvalidOperationException($"{what}: node {i} is not finite (value {values[i]}, gradient {gradients[i]}).");
            }
            if (!Close(values[i], tape.Values[i]) || !Close(gradients[i], tape.Adjoints[i]))
            {
                throw new InvalidOperationException(
                    $"{what}: node {i} differs: graph {values[i]} / {gradients[i]}, baseline {tape.Values[i]} / {tape.Adjoints[i]}.");
            }
        }
    }

    private static bool Close(double a, double b) => Math.Abs(a - b) <= Tolerance * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b)));
}
