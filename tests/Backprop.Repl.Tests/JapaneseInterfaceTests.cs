using Backprop.Lang.Tests;
using Backprop.Lang.Text;
using Backprop.Repl.Cli;
using Backprop.Repl.Commands;
using static Backprop.Repl.Tests.Printed;

namespace Backprop.Repl.Tests;

/// <summary>The Japanese interface (issue 23): every text the command says has a Japanese text, and the ways to choose it.</summary>
public sealed class JapaneseInterfaceTests
{
    // DescentStoppedEarly only chooses among the Descent* messages, which are checked themselves; UnexpectedArgument is the
    // library's; a file's header (==> path <==) and a setting's value (precision = 12) are notation, the same in both.
    private static readonly HashSet<string> Elsewhere = ["DescentStoppedEarly", "UnexpectedArgument", "FileHeader", "PrecisionSet"];

    public static TheoryData<string> Factories() =>
        new(MessageFactories.Of(typeof(ReplMessages)).Select(m => m.Name).Distinct().Where(n => !Elsewhere.Contains(n)));

    [Theory]
    [MemberData(nameof(Factories))]
    public void ReplMessage_HasAJapaneseText(string name)
    {
        foreach (var member in MessageFactories.Of(typeof(ReplMessages)).Where(m => m.Name == name))
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

    public static TheoryData<string> Commands() => new(CommandTable.All.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Commands))]
    public void Command_HasJapaneseSummaryAndHelp(string name)
    {
        var command = CommandTable.Find(name)!;
        Assert.True(MessageFactories.HasJapanese(command.Summary.Japanese), command.Summary.Japanese);
        Assert.True(MessageFactories.HasJapanese(command.Help.Japanese), command.Help.Japanese);
        Assert.Equal(command.Help.English, Language.Using(Language.English, () => (string)command.Help));
        Assert.Equal(command.Help.Japanese, Language.Using(Language.Japanese, () => (string)command.Help));
    }

    private sealed record Result(int ExitCode, string Out, string Err);

    private static Result Run(string[] args, string stdin = "", System.Globalization.CultureInfo? environment = null)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        int code = new BackpropCli(new StringReader(stdin), output, errors, isTerminal: false)
        {
            EnvironmentLanguage = environment ?? Language.English,
        }.Run(args);
        return new Result(code, Normalize(output.ToString()), Normalize(errors.ToString()));
    }

    [Fact]
    public void LangOption_WritesDiagnosticsInJapanese()
    {
        var result = Run(["--lang", "ja"], "みかん + 1\n");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("<stdin>:1:1: エラー: 'みかん' という名前はありません。先に代入してください（例: みかん = 1）\n  みかん + 1\n  ^^^^^^\n", result.Err);
    }

    [Fact]
    public void Environment_ChoosesJapanese_AndLangOptionOverridesIt()
    {
        Assert.Contains("という名前はありません", Run(["grad", "nosuch"], environment: Language.Japanese).Err);
        Assert.Contains("unknown name", Run(["grad", "--lang", "en", "nosuch"], environment: Language.Japanese).Err);
        Assert.Contains("unknown name", Run(["grad", "--lang=en", "nosuch"], environment: Language.Japanese).Err);
    }

    [Fact]
    public void LangOption_RejectsAnotherLanguage()
    {
        var result = Run(["--lang", "fr"]);

        Assert.Equal(BackpropCli.UsageError, result.ExitCode);
        Assert.Contains("fr", result.Err);
    }

    [Fact]
    public void Run_PutsTheCallersLanguageBack()
    {
        Run(["--lang", "ja", "grad", "1+2"]);

        Assert.False(Language.IsJapanese);
    }

    [Fact]
    public void SetLang_SwitchesTheSessionBothWays()
    {
        var result = Run([], ":set lang ja\nnosuch\n");
        Assert.Contains("メッセージは日本語です", result.Out);
        Assert.Contains("という名前はありません", result.Err);

        result = Run(["--lang", "ja"], ":set lang en\nnosuch\n");
        Assert.Contains("messages in English", result.Out);
        Assert.Contains("unknown name 'nosuch'", result.Err);
    }

    [Fact]
    public void SetLang_RefusesAnotherLanguage_AtItsSpan()
    {
        var result = Run([], ":set lang fr\n");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("lang must be en or ja, not 'fr'", result.Err);
    }

    [Fact]
    public void Json_KeysAndKindsStayEnglish_MessagesFollowTheLanguage()
    {
        var english = Run(["eval", "--json", "-"], "1 +\n");
        var japanese = Run(["eval", "--json", "--lang", "ja", "-"], "1 +\n");

        var e = System.Text.Json.JsonDocument.Parse(Lines(english.Out)[^1]).RootElement;
        var j = System.Text.Json.JsonDocument.Parse(Lines(japanese.Out)[^1]).RootElement;
        Assert.Equal(e.EnumerateObject().Select(p => p.Name), j.EnumerateObject().Select(p => p.Name));
        Assert.Equal(e.GetProperty("kind").GetString(), j.GetProperty("kind").GetString());
        Assert.Equal("the line ends too early: expected a number, a name or '('", FirstMessage(e));
        Assert.Equal("行が途中で終わっています。数、名前か '(' が必要です", FirstMessage(j));
    }

    private static string FirstMessage(System.Text.Json.JsonElement line) =>
        line.TryGetProperty("message", out var m) ? m.GetString()!
        : line.GetProperty("diagnostics")[0].GetProperty("message").GetString()!;

    /// <summary>README.ja.md's transcripts are what the command prints: the :grad of the seed and the start of :explain.</summary>
    [Fact]
    public void ReadmeJa_TranscriptsAreTheOutput()
    {
        string readme = Normalize(File.ReadAllText(Path.Combine(RepoPaths.Root, "README.ja.md")));
        string grad = Run(["--lang", "ja"], ":grad (1*2)*(10+20)\n").Out;
        string explain = Run(["--lang", "ja"], ":explain (1*2)*(10+20)\n").Out;

        Assert.Contains("bp> :grad (1*2)*(10+20)\n" + grad, readme);
        foreach (var line in Lines(explain).Take(7).Concat(Lines(explain).TakeLast(3)))
        {
            Assert.Contains(line + "\n", readme);
        }
        Assert.Contains("[English](README.md)", readme);
    }

    [Fact]
    public void Explain_GivesTheJapaneseNameOnlyToTheArticlesLayers()
    {
        var result = Run(["--lang", "ja"], "W = [[1, 2], [3, 4]]\nx = [1, 1]\n:explain sum(W @ x)\n");

        Assert.Contains("順伝播: #1 MatMulLayer が", result.Out);
        Assert.DoesNotContain("MatMulLayer（", result.Out);
    }

    [Fact]
    public void Train_SaysWhatItDid_InJapanese()
    {
        var result = Run(["--lang", "ja"], "w = 0.5\n:train (w-2)^2 epochs=3 lr=0.1\n");

        Assert.Equal("", result.Err);
        Assert.Contains("sgd（lr 0.1）で学習: 式全体で 3 ステップ（データなし）。損失 2.25 -> 0.9216", result.Out);
        Assert.Contains("│ エポック │ 損失   │", result.Out);
    }

    [Fact]
    public void Graph_AndTrace_NameTheirPartsInJapanese()
    {
        var result = Run(["--lang", "ja"], "x = 1\n:graph (x*2)+x\n:trace x*x\n");

        Assert.Contains("│   ├── x 入力 @1:1  値 1  勾配 3", result.Out);
        Assert.Contains("└── x （共有: 入力、上に描いたもの）", result.Out);
        Assert.Contains("x ← 1, 和 2", result.Out);
    }

    [Fact]
    public void Quiz_AsksAndScoresInJapanese()
    {
        var result = Run(["--lang", "ja"], ":quiz 2*3\n3\n5\n");

        Assert.Contains("2*3 のクイズ（L = 6）", result.Out);
        Assert.Contains("正解: dL/d(2) = 3", result.Out);
        Assert.Contains("惜しい: #1 MulLayer が dy = dout*x = 1*2 = 2 を送ります。よって dL/d(3) = 2", result.Out.Replace("\n", " "));
        Assert.Contains("得点: 1/2", result.Out);
        Assert.Contains("（1:7 のリテラル 2）", result.Out);
    }

    [Theory]
    [InlineData("＊", "yellow")]
    [InlineData("（", "yellow")]
    [InlineData("１２", "aqua")]
    public void Highlighter_ColoursFullWidthAsTheGrammarReadsIt(string token, string colour)
    {
        var highlighter = new Backprop.Repl.Terminal.Highlighter(["sin"], ["grad"]) { Plain = false };
        highlighter.BeginLine();

        Assert.Equal(colour == "yellow" ? Spectre.Console.Color.Yellow : Spectre.Console.Color.Aqua, highlighter.Highlight(token)?.Foreground);
    }

    [Fact]
    public void Continuation_CountsAFullWidthParenthesis()
    {
        Assert.True(Running.ReplLoop.IsUnfinished("（１＋"));
        Assert.Equal(0, Running.ReplLoop.FirstOpen("（１＋"));
        Assert.True(Running.ReplLoop.EndsContinuation("：grad x"));
    }

    [Fact]
    public void Explain_TellsTheSeedsWalk_InTheArticlesTerms()
    {
        var result = Run(["--lang", "ja"], ":explain (1*2)*(10+20)\n");

        Assert.Equal("", result.Err);
        foreach (var term in (string[])["順伝播", "逆伝播", "加算レイヤ", "乗算レイヤ", "上流から伝わってきた微分 dout", "連鎖律", "局所的な微分",
                     "dL/d(1) = 60, dL/d(2) = 30, dL/d(10) = 2, dL/d(20) = 2"])
        {
            Assert.Contains(term, result.Out.Replace("\n    ", " "));
        }
    }
}

/// <summary>The language chosen by the process's environment, in the built command (the Native AOT binary under .ci/run).</summary>
[Trait("Category", BackpropProcess.Category)]
public sealed class JapaneseEnvironmentTests
{
    private static (int Code, string Out, string Err) Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = BackpropProcess.StartInfo(args);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = System.Diagnostics.Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(60_000));
        return (process.ExitCode, output.Result, errors.Result);
    }

    [Theory]
    [InlineData("LANG=ja_JP.UTF-8", true)]
    [InlineData("LC_MESSAGES=ja_JP.UTF-8 LANG=C.UTF-8", true)]
    [InlineData("LC_ALL=C LANG=ja_JP.UTF-8", false)]
    [InlineData("BACKPROP_LANG=ja LANG=C", true)]
    [InlineData("BACKPROP_LANG=en LANG=ja_JP.UTF-8", false)]
    public void Locale_ChoosesTheLanguage(string variables, bool japanese)
    {
        var environment = variables.Split(' ').Select(v => v.Split('=')).ToDictionary(v => v[0], v => v[1]);

        var (code, _, err) = Start(environment, "grad", "みかん * 2");

        Assert.Equal(1, code);
        Assert.Contains(japanese ? "'みかん' という名前はありません" : "unknown name 'みかん'", err);
    }

    [Fact]
    public void LangOption_BeatsTheLocale()
    {
        var (_, _, err) = Start(new Dictionary<string, string> { ["LANG"] = "ja_JP.UTF-8" }, "--lang", "en", "grad", "x");

        Assert.Contains("unknown name 'x'", err);
    }

    [Fact]
    public void Help_IsInJapanese()
    {
        var (code, output, _) = Start(new Dictionary<string, string>(), "--lang", "ja", "--help");

        Assert.Equal(0, code);
        Assert.Contains("メッセージの言語", output);
    }
}
