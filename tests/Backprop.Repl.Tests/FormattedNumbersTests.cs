using System.Text;
using System.Text.Json;
using Backprop.Repl.Output;
using CsCheck;

namespace Backprop.Repl.Tests;

/// <summary>
/// The JSON reporter's remembered number texts must be what Utf8JsonWriter would have written, in README's one number
/// format (1e-6, not 1E-06), and read back as the same double.
/// </summary>
public class FormattedNumbersTests
{
    private static string Expected(double value)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteNumberValue(value);
        }
        string text = Lang.Text.NumberText.Normalise(Encoding.UTF8.GetString(stream.ToArray()));
        Assert.Equal(value, double.Parse(text, System.Globalization.CultureInfo.InvariantCulture));
        return text;
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0001)]
    [InlineData(0.1 + 0.2)]
    [InlineData(1e300)]
    [InlineData(-2.2250738585072014E-308)]
    [InlineData(double.Epsilon)]
    [InlineData(double.MaxValue)]
    [InlineData(123456789012345680000.0)]
    public void Each_number_is_written_as_Utf8JsonWriter_writes_it(double value) =>
        Assert.Equal(Expected(value), Encoding.UTF8.GetString(new FormattedNumbers().Text(value)));

    [Fact]
    public void Negative_zero_keeps_its_sign()
    {
        Assert.Equal("-0", Expected(-0.0));
        Assert.Equal("-0", Encoding.UTF8.GetString(new FormattedNumbers().Text(-0.0)));
    }

    [Fact]
    public void Any_finite_double_round_trips_through_the_same_text() =>
        Gen.Double.Where(double.IsFinite).Sample(value =>
            Encoding.UTF8.GetString(new FormattedNumbers().Text(value)) == Expected(value), iter: 20_000);

    [Fact]
    public void Values_that_share_a_slot_or_repeat_never_get_each_others_text()
    {
        // One cache for the whole sequence: many more values than slots, drawn from a small pool so they repeat.
        Gen.Int[0, 999].Select(i => i * 0.37 - 100).Array[1, 3000].Sample(values =>
        {
            var numbers = new FormattedNumbers();
            return values.All(value => Encoding.UTF8.GetString(numbers.Text(value)) == Expected(value));
        }, iter: 200);
    }
}
