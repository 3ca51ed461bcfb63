using Backprop.Fuzz.Catalogue;
using Backprop.Lang.Drawing;
using Backprop.Web.Components;
using Backprop.Web.Model;

namespace Backprop.Web.Tests;

/// <summary>
/// No input breaks the page either: every row of the catalogue of bad inputs runs through the page's script runner,
/// its stepper at every position and its layout, and gives a result or an error, never an exception.
/// </summary>
public sealed class CatalogueOnThePageTests
{
    /// <summary>What a line row runs after, as in the REPL's catalogue tests.</summary>
    private const string LineSession = "x = 2\napple = 100\n";

    /// <summary>Commands the page leaves to the terminal: a row that expects them to work is the REPL's business.</summary>
    private static readonly string[] TerminalOnly = [":load", ":set", ":quit"];

    [Fact]
    public void EveryCatalogueRow_GivesAResultOrAnError_OnThePage()
    {
        var rows = CatalogueFile.Load(Path.Combine(Paths.Root, "tests", "Backprop.Repl.Tests", "Catalogue"));
        Assert.NotEmpty(rows);
        var wrong = new List<string>();
        foreach (var row in rows)
        {
            string script = row.Kind == InputKind.Line ? LineSession + row.Text : row.Text;
            var run = ScriptRun.Of(script);
            bool terminalOnly = TerminalOnly.Any(c => row.Text.TrimStart().StartsWith(c, StringComparison.Ordinal));
            if (row.Expect == Expectation.Error && run.Error is null)
                wrong.Add($"{row}: expected an error, the page gave none");
            if (row.Expect == Expectation.Ok && run.Error is { } error && !terminalOnly)
                wrong.Add($"{row}: expected a result, the page said {error.Message}");
            if (run.Gradient is { } gradient)
            {
                var stepper = new Stepper(gradient);
                for (int i = 0; i <= stepper.End; i++)
                {
                    _ = stepper.FocusRule();
                    stepper.StepBackward();
                }
                if (gradient.Graph.Count <= GraphView.MaxDrawn) _ = GraphLayout.Of(gradient.Graph);
            }
            _ = SourceColouring.Of(script);
        }
        Assert.Empty(wrong);
    }
}

/// <summary>Commands the terminal has that the page runs too (issue 24's rough edge: :explain was unknown there).</summary>
public sealed class PageCommandTests
{
    [Fact]
    public void Explain_OnThePage_TellsTheArticlesWalk()
    {
        var run = ScriptRun.Of(":explain (1*2)*(10+20)");

        Assert.Null(run.Error);
        Assert.Contains(run.Output, line => line.Text.StartsWith("1. Forward: #1 MulLayer computes 1 * 2 = 2"));
        Assert.Contains(run.Output, line => line.Text.Contains("Backward:"));
        Assert.NotNull(run.Gradient);
    }

    [Fact]
    public void Help_OnThePage_ListsExplain()
    {
        var run = ScriptRun.Of(":help explain");

        Assert.Null(run.Error);
        Assert.Single(run.Output);
        Assert.StartsWith(":explain EXPR", run.Output[0].Text);
    }
}
