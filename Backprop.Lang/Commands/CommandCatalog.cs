using Backprop.Lang.Text;

namespace Backprop.Lang.Commands;

/// <summary>
/// One <c>:command</c> as every front end knows it: its name, the options it takes after its expression, whether
/// <c>wrt</c>, <c>data</c> or <c>&gt; FILE</c> may follow, and where a front end cannot offer it, why. The terminal, the
/// page and the notebook read this one table (their help texts and renderers are their own).
/// </summary>
/// <param name="Example">A line that runs the command where x = 2: the parity tests run it in every front end.</param>
public sealed record CommandDefinition(string Name, string Example)
{
    /// <summary>The names accepted as <c>name=value</c> after the expression.</summary>
    public IReadOnlyList<string> Options { get; init; } = [];

    public bool AcceptsWrt { get; init; }

    public bool AcceptsData { get; init; }

    public bool AcceptsTarget { get; init; }

    /// <summary>Why the page cannot run it (in the current language), or null when it does.</summary>
    public Func<string>? NotOnThePage { get; init; }

    public bool OnThePage => NotOnThePage is null;
}

/// <summary>Every <c>:command</c>, in the order help lists them.</summary>
public static class CommandCatalog
{
    public static readonly IReadOnlyList<CommandDefinition> All =
    [
        new("grad", ":grad x*3"),
        new("trace", ":trace x*3"),
        new("graph", ":graph x*3"),
        new("dot", ":dot x*3") { AcceptsTarget = true },
        new("check", ":check x*3 eps=1e-4") { Options = CheckSettings.Options },
        new("expand", ":expand sum([1, 2] * x)"),
        new("descend", ":descend (x - 1)^2 wrt x lr=0.1 steps=2") { Options = DescentSettings.Options, AcceptsWrt = true },
        new("train", ":train (x - 1)^2 wrt x epochs=2 lr=0.1") { Options = TrainSettings.Options, AcceptsWrt = true, AcceptsData = true },
        new("hessian", ":hessian x^3") { AcceptsWrt = true },
        new("deriv", ":deriv x^3 wrt x") { AcceptsWrt = true },
        new("explain", ":explain x*3"),
        new("quiz", ":quiz x*3"),
        new("vars", ":vars"),
        new("funcs", ":funcs"),
        new("set", ":set seed 3"),
        new("load", ":load other.bp")
        {
            NotOnThePage = () => Language.Text("the page has no files to load: paste the script into it",
                "ページには読み込むファイルがありません。スクリプトを貼り付けてください"),
        },
        new("reset", ":reset"),
        new("help", ":help"),
        new("quit", ":quit")
        {
            NotOnThePage = () => Language.Text("the page has nothing to quit: close its tab", "ページには終了するものがありません。タブを閉じてください"),
        },
    ];

    public static CommandDefinition? Find(string name) => All.FirstOrDefault(c => c.Name == name);

    /// <summary>The names of the commands the page runs.</summary>
    public static IReadOnlyList<string> OnThePage { get; } = [.. All.Where(c => c.OnThePage).Select(c => c.Name)];
}
