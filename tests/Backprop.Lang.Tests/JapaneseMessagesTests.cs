using System.Reflection;
using Backprop.Lang.Diagnostics;
using Backprop.Lang.Text;

namespace Backprop.Lang.Tests;

/// <summary>Every message the library can say has a Japanese text (issue 23), found by calling each factory in both languages.</summary>
public sealed class JapaneseMessagesTests
{
    // Notation that reads the same in both languages: dL/d(x) = 3.
    private static readonly HashSet<string> SameInBoth = ["ExplainGradient", "ExplainTensorGradient"];

    // A factory whose arguments a table cannot make; each is covered where it is used.
    private static readonly HashSet<string> Elsewhere = ["TrainSummary"];

    public static TheoryData<string> Factories() => new(MessageFactories.Of(typeof(Messages)).Select(m => m.Name).Distinct()
        .Where(n => !SameInBoth.Contains(n) && !Elsewhere.Contains(n)));

    [Theory]
    [MemberData(nameof(Factories))]
    public void Message_HasAJapaneseText(string name)
    {
        foreach (var member in MessageFactories.Of(typeof(Messages)).Where(m => m.Name == name))
        {
            foreach (var arguments in MessageFactories.Arguments(member))
            {
                string english = Language.Using(Language.English, () => MessageFactories.Call(member, arguments));
                string japanese = Language.Using(Language.Japanese, () => MessageFactories.Call(member, arguments));
                Assert.NotEqual(english, japanese);
                Assert.True(MessageFactories.HasJapanese(japanese), $"{name}: '{japanese}' has no Japanese in it");
            }
        }
    }

    [Fact]
    public void English_IsTheDefault()
    {
        Assert.Equal("expected an expression", Language.Using(Language.English, () => Messages.ExpectedExpression));
        Assert.Equal("式が必要です", Language.Using(Language.Japanese, () => Messages.ExpectedExpression));
    }

    [Theory]
    [InlineData(null, null, null, null, "en")]
    [InlineData(null, null, null, "ja_JP.UTF-8", "ja")]
    [InlineData(null, null, "ja_JP.UTF-8", "en_US.UTF-8", "ja")]
    [InlineData(null, "C", "ja_JP.UTF-8", "ja_JP.UTF-8", "en")]
    [InlineData(null, "ja_JP.UTF-8", "C", "C", "ja")]
    [InlineData(null, "", "", "ja_JP.UTF-8", "ja")]
    [InlineData("en", "ja_JP.UTF-8", null, null, "en")]
    [InlineData("ja", null, null, "C.UTF-8", "ja")]
    [InlineData("klingon", null, null, "ja_JP.UTF-8", "ja")]
    public void Environment_ChoosesInPosixOrder(string? backpropLang, string? lcAll, string? lcMessages, string? lang, string expected)
    {
        var variables = new Dictionary<string, string?>
        {
            ["BACKPROP_LANG"] = backpropLang, ["LC_ALL"] = lcAll, ["LC_MESSAGES"] = lcMessages, ["LANG"] = lang,
        };
        var culture = Language.FromEnvironment(name => variables.GetValueOrDefault(name));
        Assert.Equal(expected, Language.Using(culture, () => Language.CurrentCode));
    }
}
