using Backprop.Lang.Analysis;
using Backprop.Lang.Commands;
using Backprop.Lang.Evaluation;
using Backprop.Lang.Syntax;
using Backprop.Lang.Text;
using Backprop.Repl.Output;
using Backprop.Repl.Running;

namespace Backprop.Repl.Commands;

/// <summary>Seeing the graph and checking the gradient: <c>:trace</c>, <c>:graph</c>, <c>:dot</c>, <c>:check</c>.</summary>
internal static class GraphCommands
{
    public static readonly ReplCommand Trace = new(
        "trace", ":trace EXPR", new("the chain-rule ledger: every layer forward, then backward with its rule", "連鎖律の台帳: すべてのレイヤの順伝播と、その規則による逆伝播"),
        new("""
        Forward: one row per layer node in the order it runs (#1, #2, ...; a named intermediate shows
        its name, a leaf its text), with its inputs and output. Backward: one row per layer node from L
        back to the leaves, with the upstream gradient dout, the layer's local rule (MulLayer: dx =
        dout*y, dy = dout*x) and what it sends to each input; where an input has several consumers, the
        second row shows the running sum (x ← 3, then x ← 3, sum 6).
        """,
        """
        順伝播: 実行順にレイヤのノード 1 つにつき 1 行（#1, #2, ...。名前付き中間値はその名前、葉はその文字）で、
        入力と出力を示します。逆伝播: L から葉へ向かってレイヤのノード 1 つにつき 1 行で、上流から伝わってきた
        微分 dout、レイヤの局所的な微分の規則（MulLayer: dx = dout*y, dy = dout*x）、各入力へ送るものを示します。
        入力が複数のレイヤに使われるところでは、2 行目に途中の和を示します（x ← 3、次に x ← 3、和 6）。
        """),
        (interpreter, command, source) => WithGradient(interpreter, command, source,
            outcome => interpreter.Reporter.Trace(outcome, Lang.Analysis.Trace.Of(outcome.Graph))));

    public static readonly ReplCommand Graph = new(
        "graph", ":graph EXPR", new("the graph as a tree: each node's layer, value and gradient", "木としてのグラフ: 各ノードのレイヤ、値、勾配"),
        new("Draws the graph from L down to its leaves. A node used by several layers is drawn once and referenced where it is reused.",
        "L から葉までグラフを描きます。複数のレイヤに使われるノードは 1 度だけ描き、使い回すところでは参照します。"),
        (interpreter, command, source) => WithGradient(interpreter, command, source, interpreter.Reporter.Graph));

    public static readonly ReplCommand Dot = new(
        "dot", ":dot EXPR [> FILE]", new("the graph in Graphviz DOT; to a .dot, .svg or .png file after '>'", "Graphviz DOT でのグラフ。'>' の後に .dot, .svg, .png ファイル"),
        new("""
        Prints the graph as Graphviz DOT, left to right like the article: leaves on the left, L on the
        right, each edge labelled with its forward value and (below, in red) its gradient.
        ':dot EXPR > graph.svg' renders with Graphviz's dot when it is installed (.svg or .png), and
        otherwise writes graph.dot and says how to install Graphviz.
        """,
        """
        グラフを Graphviz DOT で、記事のように左から右へ表示します: 葉が左、L が右で、各辺には順伝播の値と
        （その下に赤で）勾配が付きます。':dot EXPR > graph.svg' は Graphviz の dot があればそれで描き（.svg か .png）、
        なければ graph.dot を書き出して Graphviz のインストール方法を示します。
        """),
        (interpreter, command, source) => WithGradient(interpreter, command, source, outcome =>
        {
            string dot = DotWriter.Write(outcome.Graph, NumberFormat.Default.Format);
            if (command.Target is null)
            {
                interpreter.Reporter.Dot(source, dot);
                return true;
            }
            return WriteTarget(interpreter, source, command.Target, dot);
        }));

    public static readonly ReplCommand Expand = new(
        "expand", ":expand EXPR", new("a tensor expression as the article's scalar layers, element by element", "テンソルの式を、記事のスカラーのレイヤとして要素ごとに"),
        new($"""
        Lowers EXPR again with every tensor taken apart into its elements, so [1, 2] @ [[3], [4]] is two
        MulLayers and an AddLayer, and an Affine layer is the Add and Mul layers of the article. Shows
        them as :trace does, then each leaf element's gradient from the tensor layers beside the one
        from the scalar layers. At most {Expansion.MaxScalarLayers} scalar layers; a larger expression is refused with its count.
        """,
        $"""
        すべてのテンソルを要素に分けて EXPR をもう一度組み立てます。[1, 2] @ [[3], [4]] は MulLayer（乗算レイヤ） 2 つと
        AddLayer（加算レイヤ） 1 つになり、Affine レイヤは記事の加算・乗算レイヤになります。:trace と同じように示し、
        続いて各葉の要素について、テンソルのレイヤからの勾配とスカラーのレイヤからの勾配を並べます。
        スカラーのレイヤは {Expansion.MaxScalarLayers} 個まで。それより大きい式はその数を示して断ります。
        """),
        (interpreter, command, source) => WithGradient(interpreter, command, source, outcome =>
        {
            var (expansion, count) = Expansion.Of(outcome);
            if (expansion is null)
            {
                interpreter.Error(source, command.ArgumentSpan, Lang.Diagnostics.Messages.ExpandTooLarge(count, Expansion.MaxScalarLayers));
                return false;
            }
            interpreter.Reporter.Expand(outcome, expansion);
            return true;
        }));

    public static readonly ReplCommand Check = new(
        "check", ":check EXPR [eps=1e-6] [tol=1e-6]", new("backprop beside numerical differentiation, for every leaf", "すべての葉について、誤差逆伝播法と数値微分を並べて"),
        new("""
        For every leaf, the central difference (f(x+h) - f(x-h)) / 2h with h = eps*max(1, |x|), beside
        the backprop gradient, their relative error and a verdict. A leaf on a kink (relu or abs at 0, a
        max/min tie) is flagged, not failed: finite differences mean nothing there. Without eps=, the
        step grows with |L| beyond 1 (cube root); where rounding at L's magnitude could explain the
        difference, the verdict is 'inconclusive', not a mismatch.
        """,
        """
        すべての葉について、h = eps*max(1, |x|) での中心差分 (f(x+h) - f(x-h)) / 2h を誤差逆伝播法の勾配と並べ、
        相対誤差と判定を示します。折れ目の上の葉（0 での relu や abs、max/min の同点）は失敗ではなく印を付けます:
        そこでは差分は意味を持ちません。eps= がなければ、|L| が 1 を超えると刻みも大きくなります（立方根）。
        L の大きさでの丸めで差が説明できるところでは、判定は不一致ではなく「判定不能」です。
        """),
        (interpreter, command, source) =>
        {
            if (CheckSettings.Read(command, source, out var error) is not { } settings)
            {
                interpreter.Reporter.Diagnostic(error!);
                return LineStatus.Error;
            }
            return WithGradient(interpreter, command, source, outcome =>
            {
                var run = settings.Run(outcome, interpreter.Cancellation);
                interpreter.Reporter.Check(outcome, run.Report);
                if (run.Limited)
                {
                    interpreter.Reporter.Text(source, ReplMessages.CheckLimited(run.Report.Leaves.Count, run.Total));
                }
            });
        });

    private static LineStatus WithGradient(Interpreter interpreter, CommandStatement command, SourceLine source, Action<GradientOutcome> show) =>
        WithGradient(interpreter, command, source, outcome =>
        {
            show(outcome);
            return true;
        });

    private static LineStatus WithGradient(Interpreter interpreter, CommandStatement command, SourceLine source, Func<GradientOutcome, bool> show)
    {
        var outcome = interpreter.Session.Gradient(command.Expression!, source);
        return interpreter.Finish(outcome, () => show(outcome));
    }

    private static bool WriteTarget(Interpreter interpreter, SourceLine source, CommandTarget target, string dot)
    {
        if (target.Path.Length == 0)
        {
            interpreter.Error(source, target.Span, ReplMessages.MissingTarget);
            return false;
        }
        var result = Graphviz.Save(dot, interpreter.ResolveOutput(target.Path), interpreter.MayWrite);
        if (result.Error is { } error)
        {
            interpreter.Error(source, target.Span, error);
            return false;
        }
        interpreter.Reporter.Text(source, result.Message);
        return true;
    }
}
