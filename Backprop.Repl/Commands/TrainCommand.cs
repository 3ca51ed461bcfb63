using Backprop.Lang.Analysis;
using Backprop.Lang.Commands;
using Backprop.Repl.Running;

namespace Backprop.Repl.Commands;

/// <summary><c>:train</c>: minibatch training of a network's parameters on data, with a progress bar and the loss chart.</summary>
internal static class TrainCommand
{
    public static readonly ReplCommand Train = new(
        "train", $":train L wrt W, b, ... data X, t [batch=N] [epochs={TrainSettings.DefaultEpochs}] [lr=R] [method=sgd|momentum|adagrad|adam] [report=EXPR]",
        new("train parameters on minibatches of data, as DeZero's step 48", "データのミニバッチでパラメータを学習する（DeZero のステップ 48 のように）"),
        new($"""
        Each epoch shuffles the rows of the data variables (named after 'data', all with as many rows)
        with the session's generator, cuts them into batches of 'batch' rows (all rows without it), and for
        each batch binds the data variables to its rows, runs forward and backward through the graph of L,
        and moves the parameters (input variables named after 'wrt'; all of L's other inputs without it).
        The parameters keep their new values, and named intermediates built on them follow.
        method: sgd       W = W - lr*dW                                   (lr 0.01 unless given)
                momentum  v = momentum*v - lr*dW, W = W + v               (momentum={TrainSettings.DefaultMomentum})
                adagrad   h = h + dW^2, W = W - lr*dW/(sqrt(h) + 1e-7)
                adam      the book's Adam, beta1={TrainSettings.DefaultBeta1} beta2={TrainSettings.DefaultBeta2}      (lr 0.001 unless given)
        shuffle=false keeps the rows in order. report=EXPR gives EXPR's mean per epoch beside the loss,
        as report=accuracy(y, t): each batch's value before its update, weighted by its rows. It stops at
        the last finite parameters when a loss is NaN or infinite; Ctrl+C stops between batches and keeps
        the parameters reached. epochs is at most {TrainSettings.MaxEpochs:N0}.
        Example: data = spiral() then X = data[:, 0:2] and t = data[:, 2], parameters W1, b1, W2, b2, and
                 :train softmax_with_loss(affine(sigmoid(affine(X, W1, b1)), W2, b2), t) wrt W1, b1, W2, b2 data X, t batch=30 epochs=300 lr=1
        """,
        $"""
        各エポックでデータ変数（'data' の後に書いたもの、どれも同じ行数）の行をセッションの乱数で並べ替え、
        'batch' 行ずつのバッチに切り（なければ全行）、バッチごとにデータ変数をその行に結び付け、L のグラフを
        順伝播・逆伝播して、パラメータ（'wrt' の後に書いた入力変数。なければ L のほかのすべての入力）を動かします。
        パラメータは新しい値のままになり、その上の名前付き中間値も追従します。
        method: sgd       W = W - lr*dW                                   （lr は指定しなければ 0.01）
                momentum  v = momentum*v - lr*dW, W = W + v               （momentum={TrainSettings.DefaultMomentum}）
                adagrad   h = h + dW^2, W = W - lr*dW/(sqrt(h) + 1e-7)
                adam      本の Adam、beta1={TrainSettings.DefaultBeta1} beta2={TrainSettings.DefaultBeta2}      （lr は指定しなければ 0.001）
        shuffle=false は行の順を保ちます。report=EXPR は損失の横にエポックごとの EXPR の平均を示します
        （例: report=accuracy(y, t)。各バッチの更新前の値を行数で重み付け）。損失が NaN か無限大になると最後の有限の
        パラメータで止まり、Ctrl+C はバッチの間で止めてそこまでのパラメータを保ちます。epochs は {TrainSettings.MaxEpochs:N0} まで。
        例: data = spiral() の後 X = data[:, 0:2] と t = data[:, 2]、パラメータ W1, b1, W2, b2 を用意して
            :train softmax_with_loss(affine(sigmoid(affine(X, W1, b1)), W2, b2), t) wrt W1, b1, W2, b2 data X, t batch=30 epochs=300 lr=1
        """),
        (interpreter, command, source) =>
        {
            if (TrainSettings.Read(command, source, out var error) is not { } settings)
            {
                interpreter.Reporter.Diagnostic(error!);
                return LineStatus.Error;
            }
            var session = interpreter.Session;
            var start = session.StartTraining(command, source, settings);
            if (start.Run is not { } run)
            {
                interpreter.Report(start.Diagnostics);
                return LineStatus.Error;
            }
            long total = (long)settings.Epochs * run.BatchesPerEpoch;
            interpreter.Reporter.WithProgress(ReplMessages.TrainProgressTitle, total, tick =>
            {
                while (run.RunEpoch(interpreter.Cancellation,
                    batch => tick((long)run.EpochsRun * run.BatchesPerEpoch + batch, ReplMessages.TrainProgress(run.EpochsRun + 1, settings.Epochs, run.Losses))))
                {
                }
                return true;
            });
            var outcome = session.FinishTraining(start, source);
            return interpreter.Finish(outcome, () =>
            {
                if (command.Wrt.Count == 0 && outcome.Report!.Parameters.Count > 0)
                {
                    interpreter.Reporter.Text(source, Backprop.Lang.Diagnostics.Messages.TrainingEveryInput(outcome.Report.Parameters.Select(p => p.Name).ToList()));
                }
                interpreter.Reporter.Train(outcome);
                return true;
            });
        });
}
