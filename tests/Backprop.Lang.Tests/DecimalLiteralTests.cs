using System.Globalization;
using Backprop.Lang.Syntax;
using CsCheck;

namespace Backprop.Lang.Tests;

/// <summary>The literal fast path must give exactly what double.Parse gives, bit for bit.</summary>
public class DecimalLiteralTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("1.0001")]
    [InlineData("0.1")]
    [InlineData("110.00000000000001")]
    [InlineData("123456789012345")]
    [InlineData("1234567890123456789")]
    [InlineData("0.000000000000000000000000001")]
    [InlineData("9007199254740993")]
    [InlineData("1e-3")]
    [InlineData("6.02E23")]
    [InlineData("2.5e+10")]
    public void Parse_KnownLiterals_MatchDoubleParse(string text) =>
        Assert.Equal(double.Parse(text, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture),
            DecimalLiteral.Parse(text).ToString("R", CultureInfo.InvariantCulture));

    [Fact]
    public void Parse_RandomDecimals_MatchDoubleParseBitForBit()
    {
        var digits = Gen.Char['0', '9'].Array[1, 20].Select(cs => new string(cs));
        var literal = Gen.Select(digits, digits, Gen.Bool, Gen.Int[-30, 30], Gen.Bool)
            .Select((whole, fraction, hasFraction, exponent, hasExponent) =>
                whole + (hasFraction ? "." + fraction : "") + (hasExponent ? "e" + exponent.ToString(CultureInfo.InvariantCulture) : ""));
        literal.Sample(text =>
            BitConverter.DoubleToInt64Bits(DecimalLiteral.Parse(text)) ==
            BitConverter.DoubleToInt64Bits(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture)), iter: 20_000);
    }
}
