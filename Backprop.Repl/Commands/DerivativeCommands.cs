using Backprop.Repl.Running;

namespace Backprop.Repl.Commands;

/// <summary><c>:hessian</c> and <c>:deriv</c>: derivatives of derivatives, as numbers and as a formula.</summary>
internal static class DerivativeCommands
{
    public static readonly ReplCommand Hessian = new(
        "hessian", ":hessian EXPR [wrt NAME, ...]", new("the value, the gradient and the matrix of second derivatives", "値、勾配、2 階微分の行列"),
        new("""
        Differentiates EXPR twice: its gradient is built as more layers of the graph (as grad(EXPR, x)
        does), and one backward pass from each gradient gives a row of the matrix d²L/dx_i dx_j. The rows
        and columns are the input variables named after 'wrt', or every input variable of EXPR.
        Example: x = 1 then y = 2 then :hessian x^2*y + y^3   gives [[4, 2], [2, 12]].
        """,
        """
        EXPR を 2 回微分します: 勾配はグラフのレイヤを増やして組み立て（grad(EXPR, x) と同じ）、各勾配からの
        逆伝播 1 回で行列 d²L/dx_i dx_j の 1 行が得られます。行と列は 'wrt' の後に書いた入力変数、なければ
        EXPR のすべての入力変数です。
        例: x = 1 の後 y = 2 の後 :hessian x^2*y + y^3   [[4, 2], [2, 12]] になります。
        """),
        (interpreter, command, source) =>
        {
            var outcome = interpreter.Session.Hessian(command.Expression!, source, command.Wrt);
            return interpreter.Finish(outcome, () =>
            {
                interpreter.Reporter.Hessian(outcome);
                return true;
            });
        });

    public static readonly ReplCommand Deriv = new(
        "deriv", ":deriv EXPR wrt NAME", new("the derivative of EXPR by NAME as a formula, and its value now", "NAME による EXPR の微分を式として、今の値とともに"),
        new("""
        Writes d(EXPR)/d(NAME) in backprop's own language, from the same layer rules the gradients use,
        simplified (constants folded, 1*a, a+0, a^1 and -(-a) dropped). It parses back: typed in, it gives
        the derivative at any values of the variables. Named intermediates are written out in terms of the
        inputs; the conventions at kinks are written with sign, heaviside(x, h) and mask(m, v).
        Example: x = 2 then :deriv x^3 wrt x   gives 3*x^2 = 12.
        """,
        """
        d(EXPR)/d(NAME) を backprop 自身の言語で書きます。勾配と同じレイヤの規則から作り、簡単にします
        （定数はまとめ、1*a, a+0, a^1, -(-a) は省きます）。そのまま読み戻せます: 入力すれば変数のどの値でも微分が
        得られます。名前付き中間値は入力で書き直し、折れ目での約束は sign, heaviside(x, h), mask(m, v) で書きます。
        例: x = 2 の後 :deriv x^3 wrt x   3*x^2 = 12 になります。
        """),
        (interpreter, command, source) =>
        {
            if (command.Wrt.Count != 1)
            {
                interpreter.Error(source, command.Wrt.Count == 0 ? command.Span : command.Wrt[1].Span,
                    ReplMessages.DerivNeedsOneName);
                return LineStatus.Error;
            }
            var outcome = interpreter.Session.Derive(command.Expression!, source, command.Wrt[0]);
            return interpreter.Finish(outcome, () =>
            {
                interpreter.Reporter.Derivative(outcome);
                return true;
            });
        });
}
