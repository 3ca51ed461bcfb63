using Backprop.Lang.Analysis;
using Backprop.Lang.Diagnostics;
using Backprop.Lang.Text;
using Backprop.Repl.Output;

namespace Backprop.Repl;

/// <summary>Every sentence the command and the REPL say, beyond the library's own diagnostics.</summary>
internal static class ReplMessages
{
    public static string Banner => Language.Text("backprop {0}: expressions in, gradients out. Type :help for commands, :quit or Ctrl+D to leave.", "backprop {0}: 式を入れると勾配が出ます。:help でコマンド一覧、:quit か Ctrl+D で終了します。");

    public static string NoVariables => Language.Text("no variables yet: assign one, as in x = 3", "まだ変数がありません。x = 3 のように代入してください");

    public static string Reset => Language.Text("all variables and functions forgotten", "変数と関数をすべて忘れました");

    public static string FunctionDefined(string definition) => Language.Text($"defined {definition}",
        $"{definition} を定義しました");

    public static string FunctionReplaced(string definition, int line) => Language.Text($"defined {definition} (it replaces the one defined on line {line})",
        $"{definition} を定義しました（{line} 行目で定義したものを置き換えます）");

    public static string CompositeRule => Language.Text("the layers below, chained", "下のレイヤを連鎖させたもの");

    public static string NoFunctions => Language.Text("no functions yet: define one, as in f(x) = x^2 + 1", "まだ関数がありません。f(x) = x^2 + 1 のように定義してください");

    public static string RadLineNote => Language.Text("line editing by RadLine", "行編集は RadLine による");

    public static string RowsOmitted(int count) => Language.Text($"... and {count:N0} more rows (use --json for all of them)",
        $"... ほか {count:N0} 行（すべて見るには --json を使ってください）");

    public static string UnknownCommand(string name, string? nearest) => Language.Text(nearest is null
        ? $"unknown command ':{Printable.Show(name)}': type :help for the list"
        : $"unknown command ':{Printable.Show(name)}': did you mean ':{nearest}'?",
        nearest is null
        ? $"':{Printable.Show(name)}' というコマンドはありません。:help で一覧が見られます"
        : $"':{Printable.Show(name)}' というコマンドはありません。':{nearest}' のことですか？");

    public static string MissingArgument(string name, string usage) => Language.Text($"':{name}' needs an argument: {usage}",
        $"':{name}' には引数が必要です: {usage}");

    public static string UnexpectedArgument(string name) => Backprop.Lang.Diagnostics.Messages.UnexpectedArgument(name);

    public static string UnknownSetting(string setting) => Language.Text($"unknown setting '{Printable.Show(setting)}': the settings are precision and seed",
        $"'{Printable.Show(setting)}' という設定はありません。設定は precision, seed, lang です");

    public static string BadPrecision(string value) => Language.Text($"precision must be 'full' or a number of digits from 1 to 17, not '{Printable.Show(value)}'",
        $"precision は 'full' か 1 から 17 までの桁数で、'{Printable.Show(value)}' ではいけません");

    public static string BadLanguage(string value) => Language.Text(
        $"lang must be en or ja, not '{Printable.Show(value)}'",
        $"lang は en か ja で、'{Printable.Show(value)}' ではいけません");

    public static string LanguageSet => Language.Text("messages in English (:set lang ja for Japanese)", "メッセージは日本語です（英語は :set lang en）");

    public static string PrecisionSet(string value) => $"precision = {value}";

    public static string FileNotFound(string path) => Language.Text($"cannot read '{Printable.Path(path)}': no such file",
        $"'{Printable.Path(path)}' を読めません: そのようなファイルはありません");

    public static string IsDirectory(string path, string what = "a script") => Language.Text($"cannot read '{Printable.Path(path)}': it is a directory, not {what}",
        $"'{Printable.Path(path)}' を読めません: {(what == "a script" ? "スクリプト" : what)}ではなくディレクトリです");

    public static string AccessDenied(string path) => Language.Text($"cannot read '{Printable.Path(path)}': permission denied",
        $"'{Printable.Path(path)}' を読めません: アクセスが拒否されました");

    public static string Unreadable(string path, string reason) => Language.Text($"cannot read '{Printable.Path(path)}': {Printable.Path(reason)}",
        $"'{Printable.Path(path)}' を読めません: {Printable.Path(reason)}");

    public static string TooLarge(string path, long limit) => Language.Text($"cannot read '{Printable.Path(path)}': it is larger than {limit / (1024 * 1024)} MB",
        $"'{Printable.Path(path)}' を読めません: {limit / (1024 * 1024)} MB より大きいファイルです");

    public static string BinaryFile(string path) => Language.Text($"'{Printable.Path(path)}' looks like a binary file (it contains NUL bytes), not a backprop script",
        $"'{Printable.Path(path)}' はバイナリファイルのようです（NUL バイトを含みます）。backprop のスクリプトではありません");

    public static string LoadNestedTooDeeply(int limit) => Language.Text($":load is nested more than {limit} deep (does a script load itself?)",
        $":load の入れ子が {limit} 段より深くなっています（スクリプトが自分自身を読み込んでいませんか？）");

    public static string CheckSummary(int agreeing, int total, int kinks, int undefined, double tolerance, double epsilon) => Language.Text($"{agreeing} of {total} leaves agree within {NumberText.Format(tolerance, 3)} (step eps = {NumberText.Format(epsilon, 3)}·max(1, |x|))" +
        (kinks > 0 ? $"; {kinks} on a kink, where finite differences are meaningless" : "") +
        (undefined > 0 ? $"; {undefined} where the derivative is infinite or undefined" : ""),
        $"{total} 個の葉のうち {agreeing} 個が {NumberText.Format(tolerance, 3)} 以内で一致しました（刻み eps = {NumberText.Format(epsilon, 3)}·max(1, |x|)）" +
        (kinks > 0 ? $"。{kinks} 個は折れ目の上で、そこでは差分は意味を持ちません" : "") +
        (undefined > 0 ? $"。{undefined} 個は微分が無限大か未定義です" : ""));

    public static string CheckLimited(int checkedLeaves, int total) => Language.Text($"checked the first {checkedLeaves:N0} of {total:N0} leaves: each one re-runs the whole graph twice",
        $"{total:N0} 個の葉のうち最初の {checkedLeaves:N0} 個を確かめました。1 つごとにグラフ全体を 2 回計算し直します");

    public static string DescentSummary(string before, string after, int steps, string learningRate, bool newton = false) => Language.Text($"L went from {before} to {after} in {steps:N0} {(newton ? "Newton " : "")}step{(steps == 1 ? "" : "s")} (lr = {learningRate})",
        $"L は {(newton ? "ニュートン法の " : "")}{steps:N0} ステップで {before} から {after} になりました（lr = {learningRate}）");

    public static string DescentRose => Language.Text("L ended higher than it started: the steps overshoot (try a smaller lr)", "L が始めより大きくなりました。ステップが行き過ぎています（lr を小さくしてみてください）");

    /// <summary>Why a descent stopped before the steps asked for; null when it did not.</summary>
    public static string? DescentStoppedEarly(DescentReport report, int nodes) => report.Stop switch
    {
        DescentStop.Diverged => DescentDiverged(report.StepsTaken, report.StepsAsked),
        DescentStop.GradientNotFinite => DescentNoDirection(report.StepsTaken, report.StepsAsked),
        DescentStop.OutOfBudget => DescentLimited(report.StepsTaken, report.StepsAsked, nodes),
        DescentStop.SecondDerivativeSingular => DescentFlat(report.StepsTaken, report.StepsAsked),
        _ => null,
    };

    public static string DescentDiverged(int taken, int asked) => Language.Text($"stopped after {taken:N0} of {asked:N0} steps: the next would have made L or an input NaN or infinite (try a smaller lr); the inputs keep the last finite values",
        $"{asked:N0} ステップのうち {taken:N0} ステップで止まりました。次のステップで L か入力が NaN か無限大になるところでした（lr を小さくしてみてください）。入力は最後に有限だった値のままです");

    public static string DescentNoDirection(int taken, int asked) => Language.Text($"stopped after {taken:N0} of {asked:N0} steps: a gradient is not a finite number there (sqrt or log at 0?), so there is no direction to step in",
        $"{asked:N0} ステップのうち {taken:N0} ステップで止まりました。そこでは勾配が有限の数ではない（0 での sqrt や log？）ので、進む向きがありません");

    public static string DescentFlat(int taken, int asked) => Language.Text($"stopped after {taken:N0} of {asked:N0} steps: the second derivative is 0 there (the matrix of second derivatives is singular), so Newton's method has no step to take",
        $"{asked:N0} ステップのうち {taken:N0} ステップで止まりました。そこでは 2 階微分が 0（2 階微分の行列が特異）なので、ニュートン法は進めません");

    public static string DescentLimited(int taken, int asked, int nodes) => Language.Text($"ran {taken:N0} of {asked:N0} steps: each one re-runs the whole graph of {nodes:N0} nodes forward and backward",
        $"{asked:N0} ステップのうち {taken:N0} ステップを実行しました。1 ステップごとに {nodes:N0} 個のノードのグラフ全体を順伝播・逆伝播し直します");

    public static string DotWritten(string path) => Language.Text($"wrote {Printable.Path(path)}",
        $"{Printable.Path(path)} を書き出しました");

    public static string DotRendered(string path) => Language.Text($"rendered {Printable.Path(path)} with Graphviz",
        $"Graphviz で {Printable.Path(path)} を描きました");

    public static string GraphvizMissing(string wanted, string written, bool replaced) => Language.Text($"Graphviz's 'dot' is not on the PATH, so {Printable.Path(wanted)} was not rendered; {(replaced ? "replaced" : "wrote")} {Printable.Path(written)} instead. " +
        $"Install Graphviz (apt-get install graphviz, brew install graphviz, or winget install graphviz) and run" +
        // The command to paste, exact; for paths too long for a message, only what to run.
        (Printable.Path(wanted) == Printable.Show(wanted) && Printable.Path(written) == Printable.Show(written)
            ? ":\n" + Fit.CodeIndent + Printable.Show($"dot -T{System.IO.Path.GetExtension(wanted).TrimStart('.').ToLowerInvariant()} {ShellQuote.Path(written)} -o {ShellQuote.Path(wanted)}")
            : " dot on the .dot file."),
        $"Graphviz の 'dot' が PATH にないので、{Printable.Path(wanted)} は描けませんでした。代わりに {Printable.Path(written)} を{(replaced ? "置き換えました" : "書き出しました")}。" +
        $"Graphviz をインストールして（apt-get install graphviz、brew install graphviz、winget install graphviz）" +
        (Printable.Path(wanted) == Printable.Show(wanted) && Printable.Path(written) == Printable.Show(written)
            ? "次を実行してください:\n" + Fit.CodeIndent + Printable.Show($"dot -T{System.IO.Path.GetExtension(wanted).TrimStart('.').ToLowerInvariant()} {ShellQuote.Path(written)} -o {ShellQuote.Path(wanted)}")
            : ".dot ファイルに dot を実行してください。"));

    public static string GraphvizFailed(string message) => Language.Text($"Graphviz failed: {Printable.Show(message)}",
        $"Graphviz が失敗しました: {Printable.Show(message)}");

    // The system's reason may quote the path again: shortened like one.
    public static string CannotWrite(string path, string reason) => Language.Text($"cannot write '{Printable.Path(path)}': {Printable.Path(reason)}",
        $"'{Printable.Path(path)}' に書き込めません: {Printable.Path(reason)}");

    public static string MissingTarget => Language.Text("'>' needs a file name, as in :dot x*y > graph.svg", "'>' にはファイル名が必要です（例: :dot x*y > graph.svg）");

    public static string HessianTitle => Language.Text("the gradient, then the second derivatives d²L/d(row)d(column):", "勾配と、2 階微分 d²L/d(行)d(列):");

    public static string DerivNeedsOneName => Language.Text(":deriv needs the one variable to differentiate by, as in :deriv x^3 wrt x", ":deriv には微分する変数が 1 つ必要です（例: :deriv x^3 wrt x）");

    public static string GraphShared(string label) => Language.Text($"(shared: {label}, drawn above)",
        $"（共有: {label}、上に描いたもの）");

    public static string GraphCut(int shown, int total) => Language.Text($"... {total - shown:N0} more nodes not drawn",
        $"... ほか {total - shown:N0} 個のノードは描いていません");

    public static string NothingToDraw => Language.Text("the script has no expression to draw: end it with an expression or a :grad line", "スクリプトに描く式がありません。式か :grad の行で終えてください");

    public static string PictureTooWide(int needed, int width) => Language.Text($"(the picture of the gradients under the expression needs {needed} columns and the terminal has {width}; the table below has the same numbers)",
        $"（式の下の勾配の図には {needed} 桁必要ですが、端末は {width} 桁です。下の表に同じ数があります）");

    public static string Undefined => Language.Text("undefined", "未定義");

    public static string UndefinedLiteralGradient => Language.Text("undefined: the derivative with respect to this literal does not exist at these values (as d(x^y)/dy for x < 0, where ln x is undefined); a literal is a constant, so L and the other gradients are not affected", "未定義: この値ではこのリテラルによる微分は存在しません（x < 0 での d(x^y)/dy のように、ln x が定義されない場合）。リテラルは定数なので、L やほかの勾配には影響しません");

    public static string QuizIntro(string expression, string value) => Language.Text($"quiz on {Printable.Show(expression)} (L = {value}); answer each dL/d(node), or type :quit to stop. The graph, forward:",
        $"{Printable.Show(expression)} のクイズ（L = {value}）。各 dL/d(ノード) に答えてください。:quit で終わります。グラフの順伝播:");

    public static string CommandWithoutColon(string name, string suggestion) => Language.Text($"'{Printable.Show(name)}' is a command: did you mean {Printable.Show(suggestion.Length <= 60 ? suggestion : suggestion[..57] + "...")}?",
        $"'{Printable.Show(name)}' はコマンドです。{Printable.Show(suggestion.Length <= 60 ? suggestion : suggestion[..57] + "...")} のことですか？");

    public static string BadBinding(string text) => Language.Text($"--set needs NAME=VALUE, as in --set x=3, not '{Printable.Show(text)}'",
        $"--set には NAME=VALUE が必要です（例: --set x=3）。'{Printable.Show(text)}' ではいけません");

    /// <summary>The line before each file's output when <c>eval</c> runs several.</summary>
    public static string FileHeader(string path, bool first) => $"{(first ? "" : "\n")}==> {Printable.Path(path)} <==";

    public static string OutputFailed(string stream, string reason) => Language.Text($"cannot write to {stream}: {Printable.Show(reason)}",
        $"{stream} に書き込めません: {Printable.Show(reason)}");

    public static string GraphvizWroteNothing(string path) => Language.Text($"it exited without writing {Printable.Path(path)}",
        $"{Printable.Path(path)} を書かずに終了しました");

    public static string WriteThroughParent(string path) => Language.Text($"will not write '{Printable.Path(path)}': a script or a pipe may not write through '..' (start backprop with --allow-write DIR, or type the line at the prompt)",
        $"'{Printable.Path(path)}' には書き込みません。スクリプトやパイプは '..' を通して書き込めません（backprop を --allow-write DIR で起動するか、プロンプトで入力してください）");

    public static string WriteOutsideFolder(string path, string folder) => Language.Text($"will not write '{Printable.Path(path)}': a script or a pipe writes only inside its own folder, {Printable.Path(folder)} (start backprop with --allow-write DIR to allow another)",
        $"'{Printable.Path(path)}' には書き込みません。スクリプトやパイプが書き込めるのは自分のフォルダ {Printable.Path(folder)} の中だけです（ほかを許すには backprop を --allow-write DIR で起動してください）");

    public static string WouldOverwrite(string path, string pictures) => Language.Text($"will not replace '{Printable.Path(path)}': it exists, and a script or a pipe replaces only a graph picture ({pictures})",
        $"'{Printable.Path(path)}' は置き換えません。すでにあり、スクリプトやパイプが置き換えるのはグラフの画像（{pictures}）だけです");

    public static string NotAScriptName(string path) => Language.Text($"':load' runs only scripts named *.bp, and '{Printable.Path(path)}' is not one",
        $"':load' が実行するのは *.bp という名前のスクリプトだけで、'{Printable.Path(path)}' は違います");

    public static string NotACsvName(string path) => Language.Text($"load_csv reads only files named *.csv, and '{Printable.Path(path)}' is not one",
        $"load_csv が読むのは *.csv という名前のファイルだけで、'{Printable.Path(path)}' は違います");

    public static string NotARegularFile(string path, string what = "a script") => Language.Text($"cannot read '{Printable.Path(path)}': it is a device, a pipe or a system file, not {what}",
        $"'{Printable.Path(path)}' を読めません: {(what == "a script" ? "スクリプト" : what)}ではなく、デバイス、パイプかシステムのファイルです");

    public static string LoadBudgetSpent(string what) => Language.Text($":load stopped: one line may load {what} in all, counting every nested :load (do the scripts load each other in a loop?)",
        $":load を止めました。1 行で読み込めるのは入れ子の :load も含めて全部で {what} までです（スクリプトが互いに読み込み合っていませんか？）");

    public static string CheckInconclusive(int count, string value, double epsilon) => Language.Text($"{count} inconclusive: the step (eps = {epsilon:G3}) is below the precision left at L = {value}, so f(x+h) - f(x-h) is mostly rounding; " +
        "a larger eps, or a smaller constant term, lets the numerical side resolve the gradient",
        $"{count} 個は判定できません。刻み（eps = {epsilon:G3}）が L = {value} で残る精度より小さいので、f(x+h) - f(x-h) はほとんど丸め誤差です。" +
        "eps を大きくするか定数項を小さくすると、数値微分で勾配が見分けられます");

    public static string Cancelled => Language.Text("cancelled (Ctrl+C)", "中断しました（Ctrl+C）");

    public static string GraphLevelsCut(int levels) => Language.Text($"... deeper levels not drawn (the graph is {levels:N0} more levels deep than shown)",
        $"... より深い段は描いていません（グラフは表示より {levels:N0} 段深くなっています）");

    public static string GraphDeepSummary(int shown, int depth, int nodes) => Language.Text($"drew {shown:N0} of {depth:N0} levels ({nodes:N0} nodes not drawn): a wider terminal shows more, and --json has every node",
        $"{depth:N0} 段のうち {shown:N0} 段を描きました（{nodes:N0} 個のノードは描いていません）。端末を広げるともっと見え、--json にはすべてのノードがあります");

    public static string CheckedElements(string shape, int checkedCount, int elements) => Language.Text(checkedCount == elements
        ? $"{shape}, all {elements:N0} elements\n(worst shown)"
        : $"{shape}, {checkedCount:N0} of {elements:N0}\nelements (seeded sample;\nworst shown)",
        checkedCount == elements
        ? $"{shape}、要素 {elements:N0} 個すべて\n（最悪のものを表示）"
        : $"{shape}、要素 {elements:N0} 個中\n{checkedCount:N0} 個（シード付き標本、\n最悪のものを表示）");

    public static string MeanDifference(string mean) => Language.Text($"mean |Δ| {mean}",
        $"平均 |Δ| {mean}");

    public static string BadSeed(string given) => Language.Text($"a seed is a whole number from 0 up, as in :set seed 42{(given.Length == 0 ? "" : $", not '{Printable.Show(given)}'")}",
        $"シードは 0 以上の整数です（例: :set seed 42）{(given.Length == 0 ? "" : $"。'{Printable.Show(given)}' ではいけません")}");

    public static string SeedSet(ulong seed) => Language.Text($"random numbers now from seed {seed} (randn, rand)",
        $"乱数はシード {seed} から始めます（randn, rand）");

    public static string Expanded(int layers) => Language.Text($"the same expression, element by element, as the article's scalar layers: {layers} of them",
        $"同じ式を要素ごとに、記事のスカラーのレイヤで: {layers} 個");

    public static string ExpandVerdict(bool agrees, int elements) => Language.Text(agrees
        ? $"every one of the {elements} leaf elements gets the same gradient from the scalar layers as from the tensor layers"
        : "some elements differ: the tensor layers and the scalar layers disagree (a bug; please report it)",
        agrees
        ? $"葉の要素 {elements} 個すべてで、スカラーのレイヤとテンソルのレイヤから同じ勾配が得られます"
        : "一致しない要素があります。テンソルのレイヤとスカラーのレイヤが食い違っています（バグです。報告してください）");

    public static string BindWithSet(string expression, IReadOnlyList<string> given, IReadOnlyList<string> names) => Language.Text($"give {string.Join(", ", names.Select(n => $"'{Printable.Show(n)}'"))} a value with --set, as in: backprop grad {ShellQuote.Word(expression)} " +
        string.Join(" ", given.Select(g => "--set " + ShellQuote.Word(g)).Concat(names.Select(n => $"--set {n}=1"))),
        $"{string.Join(", ", names.Select(n => $"'{Printable.Show(n)}'"))} に --set で値を与えてください。例: backprop grad {ShellQuote.Word(expression)} " +
        string.Join(" ", given.Select(g => "--set " + ShellQuote.Word(g)).Concat(names.Select(n => $"--set {n}=1"))));

    public static string StillOpen(int line, int column) => Language.Text($"..> (a '(' at {line}:{column} is still open; Ctrl+C drops the line)",
        $"..> （{line}:{column} の '(' がまだ閉じていません。Ctrl+C で行を捨てます）");

    public static string MovingEveryInput(IReadOnlyList<string> names) => Language.Text($"moving every input of the expression: {string.Join(", ", names)} (to keep data still, name what moves: wrt {names[^1]})",
        $"式の入力をすべて動かします: {string.Join(", ", names)}（データを動かさないなら、動かすものを wrt {names[^1]} のように書いてください）");

    public static string TrainProgressTitle => Language.Text("training", "学習中");

    public static string TrainProgress(int epoch, int epochs, IReadOnlyList<double> losses) => Language.Text(losses.Count == 0 ? $"epoch {Math.Min(epoch, epochs):N0}/{epochs:N0}" : $"epoch {Math.Min(epoch, epochs):N0}/{epochs:N0}  loss {NumberText.Format(losses[^1], 4)}",
        losses.Count == 0 ? $"エポック {Math.Min(epoch, epochs):N0}/{epochs:N0}" : $"エポック {Math.Min(epoch, epochs):N0}/{epochs:N0}  損失 {NumberText.Format(losses[^1], 4)}");

}
