using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Backprop.Repl.Output;

/// <summary>
/// The JSON text of recently written doubles, so a number written again is copied rather than formatted
/// again. The numbers of one big expression repeat a great deal (every literal 2, every gradient of a long
/// sum), and formatting a double the shortest round-trip way is most of what writing a leaf costs.
/// </summary>
internal sealed class FormattedNumbers
{
    private const int Slots = 256;
    // The longest shortest-round-trip double, "-2.2250738585072014E-308", is 24 bytes.
    private const int Width = 32;

    private readonly long[] _bits = new long[Slots];
    private readonly byte[] _lengths = new byte[Slots];
    private readonly byte[] _text = new byte[Slots * Width];

    /// <summary>Writes a finite <paramref name="value"/> as <see cref="Utf8JsonWriter.WriteNumber(JsonEncodedText, double)"/> does, but with README's exponent (1e-6).</summary>
    public void Write(Utf8JsonWriter writer, JsonEncodedText name, double value)
    {
        writer.WritePropertyName(name);
        writer.WriteRawValue(Text(value), skipInputValidation: true);
    }

    /// <summary>Writes a finite <paramref name="value"/> as <see cref="Utf8JsonWriter.WriteNumberValue(double)"/> does, with README's exponent.</summary>
    public void WriteValue(Utf8JsonWriter writer, double value) => writer.WriteRawValue(Text(value), skipInputValidation: true);

    /// <summary>
    /// The one number format (<see cref="Lang.Text.NumberText.Normalise"/>) in place: 1E-06 to 1e-6, 1.5E+20 to 1.5e20;
    /// still a JSON number, still the same double. No allocation: a big :grad writes many such numbers.
    /// </summary>
    private static int Normalise(Span<byte> text, int length)
    {
        int e = text[..length].IndexOf((byte)'E');
        if (e < 0) return length;
        int at = e + 1;
        bool negative = text[at] == (byte)'-';
        if (text[at] is (byte)'-' or (byte)'+') at++;
        while (at < length - 1 && text[at] == (byte)'0') at++;
        int written = e;
        text[written++] = (byte)'e';
        if (negative) text[written++] = (byte)'-';
        for (int i = at; i < length; i++) text[written++] = text[i];
        return written;
    }

    /// <summary>The UTF-8 text of a finite double: shortest round-trip, invariant culture (what Utf8JsonWriter writes).</summary>
    public ReadOnlySpan<byte> Text(double value)
    {
        Debug.Assert(double.IsFinite(value));
        long bits = BitConverter.DoubleToInt64Bits(value);
        // Fibonacci hashing: the top byte of the product spreads nearby doubles over the slots.
        int slot = (int)((ulong)(bits * -7046029254386353131L) >> 56);
        var text = _text.AsSpan(slot * Width, Width);
        if (_lengths[slot] == 0 || _bits[slot] != bits)
        {
            bool formatted = value.TryFormat(text, out int written, default, CultureInfo.InvariantCulture);
            Debug.Assert(formatted);
            written = Normalise(text, written);
            _bits[slot] = bits;
            _lengths[slot] = (byte)written;
        }
        return text[.._lengths[slot]];
    }
}
