using System.Globalization;
using System.Text.RegularExpressions;
using Backprop.Lang.Tests;
using Backprop.Lang.Text;
using Backprop.Web.Components;
using Backprop.Web.Model;
using Bunit;

namespace Backprop.Web.Tests;

/// <summary>
/// The page in Japanese (issue 23), as a component. The page's language is the process-wide default UI culture (as it
/// is in the browser), so these tests run alone, after the others.
/// </summary>
[Collection(PageLanguageCollection.Name)]
public sealed class JapanesePageTests : BunitContext, IDisposable
{
    private readonly CultureInfo? _before = CultureInfo.DefaultThreadCurrentUICulture;

    public JapanesePageTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    void IDisposable.Dispose()
    {
        CultureInfo.DefaultThreadCurrentUICulture = _before;
        base.Dispose();
    }

    [Fact]
    public void Seed_InJapanese_HasJapaneseLabelsAndTheSameNumbers()
    {
        PageLanguage.Use(Language.Japanese);
        var page = Render<Playground>();

        Assert.Equal("backprop プレイグラウンド", page.Find("h1").TextContent);
        Assert.Equal("実行", page.Find("[data-testid=run]").TextContent);
        Assert.Equal("順伝播 ▸", page.Find("[data-testid=step-forward]").TextContent);
        Assert.Contains("dL/d(葉)", page.Find("[data-testid=gradients] thead").TextContent);
        Assert.Contains("リテラル", page.Find("[data-testid=gradients] tbody").TextContent);
        Assert.Equal(["60", "30", "2", "2"], page.FindAll("[data-testid=gradients] tbody tr td.grad").Select(td => td.TextContent));
    }

    [Fact]
    public void Switch_ChangesTheLanguageBothWays_AndRunsTheScriptAgain()
    {
        PageLanguage.Use(Language.English);
        var page = Render<Playground>();
        page.Find("[data-testid=source]").Input("みかん + 1");
        page.Find("[data-testid=run]").Click();
        Assert.Contains("unknown name 'みかん'", page.Find("[data-testid=error]").TextContent);

        page.Find("[data-testid=language]").Change("ja");
        Assert.Equal("実行", page.Find("[data-testid=run]").TextContent);
        Assert.Contains("エラー: 'みかん' という名前はありません", page.Find("[data-testid=error]").TextContent);
        Assert.Contains("  みかん + 1\n  ^^^^^^", page.Find("[data-testid=error]").TextContent);

        page.Find("[data-testid=language]").Change("en");
        Assert.Equal("Run", page.Find("[data-testid=run]").TextContent);
    }

    [Fact]
    public void Explain_OnThePage_TellsTheArticlesWalk()
    {
        PageLanguage.Use(Language.Japanese);
        var page = Render<Playground>();
        page.Find("[data-testid=source]").Input(":explain (1*2)*(10+20)");
        page.Find("[data-testid=run]").Click();

        string output = page.Find("[data-testid=output]").TextContent;
        Assert.Contains("順伝播: #1 MulLayer（乗算レイヤ）", output);
        Assert.Contains("上流から伝わってきた微分 dout", output);
        Assert.Contains("連鎖律", output);
    }

    // Notation the same in both languages (x = 3, d/dx = ...), the commands' names, and Header (checked below).
    [Fact]
    public void Colouring_ReadsFullWidthAsTheGrammarDoes_AndShowsItAsTyped()
    {
        var runs = SourceColouring.Of("：grad （りんご＊１２）");

        Assert.Equal("：grad （りんご＊１２）", string.Concat(runs.Select(r => r.Text)));
        Assert.Contains(new ColouredRun("：grad", "command"), runs);
        Assert.Contains(new ColouredRun("＊", "operator"), runs);
        Assert.Contains(new ColouredRun("１２", "number"), runs);
        Assert.Contains(new ColouredRun("りんご", null), runs);
    }

    private static readonly HashSet<string> SameInBoth = ["Commands", "QuizExpression", "Derivative", "HessianRow", "Assigned", "Variable", "Named", "GridElement", "Header"];

    public static TheoryData<string> Factories() =>
        new(MessageFactories.Of(typeof(WebMessages)).Select(m => m.Name).Distinct().Where(n => !SameInBoth.Contains(n)));

    [Theory]
    [MemberData(nameof(Factories))]
    public void WebMessage_HasAJapaneseText(string name)
    {
        foreach (var member in MessageFactories.Of(typeof(WebMessages)).Where(m => m.Name == name))
        {
            foreach (var arguments in MessageFactories.Arguments(member))
            {
                string english = Language.Using(Language.English, () => MessageFactories.Call(member, arguments));
                string japanese = Language.Using(Language.Japanese, () => MessageFactories.Call(member, arguments));
                if (english.Length == 0 && japanese.Length == 0) continue; // an arm that says nothing
                Assert.NotEqual(english, japanese);
                Assert.True(MessageFactories.HasJapanese(japanese), $"{name}: '{japanese}' has no Japanese in it");
            }
        }
    }

    [Fact]
    public void Help_HasALineInJapanesePerCommand()
    {
        var english = Language.Using(Language.English, () => WebMessages.Help);
        var japanese = Language.Using(Language.Japanese, () => WebMessages.Help);

        Assert.Equal(english.Select(l => l.Split(' ')[0]), japanese.Select(l => l.Split(' ')[0]));
        Assert.All(japanese, line => Assert.True(MessageFactories.HasJapanese(line), line));
    }

    /// <summary>Every heading a component asks for by its English name has a Japanese one.</summary>
    [Fact]
    public void EveryHeading_HasAJapaneseText()
    {
        var headings = Directory.GetFiles(Path.Combine(Paths.Root, "Backprop.Web", "Components"), "*.razor")
            .SelectMany(f => Regex.Matches(File.ReadAllText(f), """WebMessages\.Header\("([^"]+)"\)""").Select(m => m.Groups[1].Value))
            .Distinct().ToList();

        Assert.NotEmpty(headings);
        Assert.All(headings, h => Assert.True(MessageFactories.HasJapanese(Language.Using(Language.Japanese, () => WebMessages.Header(h)))
            || h is "dout", $"no Japanese for the heading '{h}'"));
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PageLanguageCollection
{
    public const string Name = "the page's language";
}
