namespace Backprop.Lang.Tensors;

/// <summary>
/// The session's random numbers: xoshiro256** (Blackman and Vigna) seeded through SplitMix64, so a seed gives the same
/// numbers on every run, machine and .NET version (System.Random promises none of that). <c>randn</c> draws standard
/// normals by the Box–Muller transform, two at a time.
/// </summary>
public sealed class Generator
{
    private ulong _s0, _s1, _s2, _s3;
    private double? _spareNormal;

    public Generator(ulong seed = 0) => Reseed(seed);

    public ulong Seed { get; private set; }

    public void Reseed(ulong seed)
    {
        Seed = seed;
        ulong x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
        _spareNormal = null;
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextUInt64()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    /// <summary>Uniform in [0, 1), 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A whole number in [0, <paramref name="bound"/>), without modulo bias (for shuffling).</summary>
    public int NextInt(int bound)
    {
        ulong limit = ulong.MaxValue - ulong.MaxValue % (ulong)bound;
        ulong r;
        do r = NextUInt64(); while (r >= limit);
        return (int)(r % (ulong)bound);
    }

    /// <summary>A standard normal (mean 0, variance 1).</summary>
    public double NextNormal()
    {
        if (_spareNormal is { } spare)
        {
            _spareNormal = null;
            return spare;
        }
        double u1 = 1.0 - NextDouble();   // (0, 1]: log(u1) is finite
        double u2 = NextDouble();
        double radius = Math.Sqrt(-2.0 * Math.Log(u1));
        _spareNormal = radius * Math.Sin(2 * Math.PI * u2);
        return radius * Math.Cos(2 * Math.PI * u2);
    }
}
