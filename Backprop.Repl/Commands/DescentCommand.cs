using Backprop.Lang.Commands;
using Backprop.Repl.Running;

namespace Backprop.Repl.Commands;

/// <summary><c>:descend</c>: what the gradient is for, gradient descent on the session's input variables.</summary>
internal static class DescentCommand
{
    public static readonly ReplCommand Descend = new(
        "descend", $":descend EXPR [wrt NAME, ...] [lr={DescentSettings.DefaultLearningRate}] [steps={DescentSettings.DefaultSteps}] [method=gradient|newton]",
        new("gradient descent or Newton's method: move input variables to make EXPR smaller", "勾配降下法かニュートン法: 入力変数を動かして EXPR を小さくする"),
        new($"""
        Computes dL/dx for the input variables x of EXPR named after 'wrt' (all of them without it), moves
        each one against it, x = x - lr*dL/dx, and repeats 'steps' times on the graph already built (nothing
        is parsed or lowered again). They keep their new values and named intermediates built on them
        follow; other inputs (the data, the target) and literals stay. It stops early, at the last finite
        values, when a step would make L or an input NaN or infinite, or when a gradient is not a finite
        number. steps is at most {DescentSettings.MaxSteps:N0}.
        method=newton takes Newton's steps instead, x = x - lr*L'(x)/L''(x) with the second derivative
        (for several variables, the matrix of second derivatives; lr is 1 unless given). It goes to where
        the gradient is 0, a minimum only where L curves upwards.
        Example: w = 0.5 then :descend (3*w - 6)^2 lr=0.05 steps=50   moves w to 2.
        Example: x = 2 then :descend x^4 - 2*x^2 wrt x method=newton steps=10   ends at x = 1.
        """,
        $"""
        'wrt' の後に書いた EXPR の入力変数 x（なければすべて）について dL/dx を計算し、それぞれを逆向きに
        x = x - lr*dL/dx と動かし、すでにできたグラフの上で 'steps' 回繰り返します（構文解析も組み立て直しもしません）。
        変数は新しい値のままになり、その上の名前付き中間値も追従します。ほかの入力（データ、目標）とリテラルは
        そのままです。ステップで L か入力が NaN か無限大になるとき、または勾配が有限でないとき、最後の有限の値で
        早めに止まります。steps は {DescentSettings.MaxSteps:N0} まで。
        method=newton は代わりにニュートン法のステップ x = x - lr*L'(x)/L''(x) を 2 階微分で取ります
        （変数が複数なら 2 階微分の行列。lr は指定しなければ 1）。勾配が 0 のところへ向かい、L が上に凸でない
        ところでだけ最小になります。
        例: w = 0.5 の後 :descend (3*w - 6)^2 lr=0.05 steps=50   w が 2 になります。
        例: x = 2 の後 :descend x^4 - 2*x^2 wrt x method=newton steps=10   x = 1 で終わります。
        """),
        (interpreter, command, source) =>
        {
            if (DescentSettings.Read(command, source, out var error) is not { } settings)
            {
                interpreter.Reporter.Diagnostic(error!);
                return LineStatus.Error;
            }
            var outcome = settings.Run(interpreter.Session, command, source, interpreter.Cancellation);
            return interpreter.Finish(outcome, () =>
            {
                if (command.Wrt.Count == 0 && outcome.Report!.Inputs.Count > 1)
                {
                    // Without wrt every input moves, the data too: say which, and how to keep the data still.
                    interpreter.Reporter.Text(source, ReplMessages.MovingEveryInput(outcome.Report.Inputs.Select(i => i.Name).ToList()));
                }
                interpreter.Reporter.Descent(outcome);
                return true;
            });
        });
}
