namespace Backprop.Web.Model;

/// <summary>Every sentence the page says that the library does not.</summary>
internal static class WebMessages
{
    private static string T(string english, string japanese) => Backprop.Lang.Text.Language.Text(english, japanese);

    public static string LanguageLabel => T("Language", "言語");

    public static string Title => T("backprop playground", "backprop プレイグラウンド");

    public static string Tagline => T("Type expressions (one per line, as in a script), press Run (or Ctrl+Enter), then step through forward and backward.", "式を書き（スクリプトと同じく 1 行に 1 つ）、実行（または Ctrl+Enter）を押して、順伝播と逆伝播を 1 段ずつたどってください。");

    public static string Run => T("Run", "実行");

    public static string StepForward => T("Forward ▸", "順伝播 ▸");

    public static string StepBackward => T("◂ Backward", "◂ 逆伝播");

    public static string ShowAll => T("Show all", "すべて表示");

    public static string NothingToShow => T("Nothing to show yet: write an expression or a :grad line and press Run.", "まだ表示するものがありません。式か :grad の行を書いて実行を押してください。");

    public static string FocusHint => T("Press Forward to run the layers one at a time, then Backward to send the gradient back.", "順伝播を押すとレイヤを 1 つずつ実行し、次に逆伝播を押すと勾配を送り返します。");

    public static string AllShown => T("All values and gradients are shown. Step to see how each one is computed.", "すべての値と勾配を表示しています。1 段ずつたどると、それぞれがどう計算されるかが見られます。");

    public static string ShareLink => T("The address now holds this script: copy it to share the page as it is.", "アドレスにこのスクリプトが入りました。コピーすれば、このページをそのまま共有できます。");

    public static string UnknownCommand(string name, string? nearest) => T(nearest is null ? $"unknown command ':{name}'; the page knows {Commands}" : $"unknown command ':{name}': did you mean :{nearest}?",
        nearest is null ? $"':{name}' というコマンドはありません。ページで使えるのは {Commands} です" : $"':{name}' というコマンドはありません。:{nearest} のことですか？");

    public static string NotOnThePage(string name, string why) => T($"':{name}' is for the terminal (backprop): {why}; the page knows {Commands}",
        $"':{name}' は端末（backprop）用です: {why}。ページで使えるのは {Commands} です");

    public static string NoFilesOnThePage => T("the page cannot write files: use :dot without '>' and copy the text", "ページはファイルを書けません。'>' なしで :dot を使い、テキストをコピーしてください");

    /// <summary>The commands the page runs, from the library's command table (":set" takes seed and lang here).</summary>
    public static string Commands
    {
        get
        {
            var names = Backprop.Lang.Commands.CommandCatalog.OnThePage.Select(n => ":" + n).ToList();
            return T(string.Join(", ", names[..^1]) + " and " + names[^1], string.Join(", ", names));
        }
    }

    /// <summary>The page's :help, one line per command, in the current language.</summary>
    public static IReadOnlyList<string> Help => Backprop.Lang.Text.Language.IsJapanese ? HelpJapanese : HelpEnglish;

    private static readonly string[] HelpJapanese =
    [
        ":grad EXPR    値と、すべてのリテラルと変数についての dL/d(葉)。グラフを 1 段ずつたどれます",
        ":trace EXPR   連鎖律の台帳: すべてのレイヤの順伝播と、その規則による逆伝播",
        ":graph EXPR   EXPR のグラフを描き、たどれるようにします",
        ":dot EXPR     Graphviz DOT でのグラフ",
        ":check EXPR [eps=1e-6] [tol=1e-6]   すべての葉について、誤差逆伝播法と中心差分を並べて",
        ":descend EXPR [wrt NAME, ...] [lr=0.1] [steps=100] [method=gradient|newton]   勾配降下法かニュートン法。損失をグラフに描きます",
        ":train L wrt W, b, ... data X, t [batch=N] [epochs=100] [lr=R] [method=sgd|momentum|adagrad|adam] [report=EXPR]   データのミニバッチでパラメータを学習し、下がっていく損失（と 2 次元の分類器の決定領域）を描きます。停止でそこまでのパラメータを保ちます",
        ":hessian EXPR [wrt NAME, ...]   勾配と 2 階微分の行列",
        ":deriv EXPR wrt NAME   微分をこの言語の式として、その値とともに",
        ":set seed N   乱数（randn, rand, :train の並べ替え）をシード N から。どのマシンでも同じです",
        ":vars         ここまでの変数",
        ":funcs        あなたの関数（f(x) = x^2 + 1 のように定義します）",
        ":explain EXPR  順伝播と逆伝播を記事の言葉で文にします",
        ":reset        すべての変数と関数を忘れます",
        ":help [COMMAND]   この一覧、または 1 つのコマンドの行",
        ":quiz [EXPR]  練習: L から逆向きに、各ノードの dL/d(ノード) を答えます（EXPR がなければ小さな乱数の式）",
        $":expand EXPR  テンソルの式を、記事のスカラーのレイヤとして要素ごとにたどります（{Backprop.Lang.Analysis.Expansion.MaxScalarLayers} 個まで）",
    ];

    private static readonly string[] HelpEnglish =
    [
        ":grad EXPR    the value and dL/d(leaf) for every literal and variable, with the graph to step through",
        ":trace EXPR   the chain-rule ledger: every layer forward, then backward with its rule",
        ":graph EXPR   the graph of EXPR, drawn and ready to step",
        ":dot EXPR     the graph in Graphviz DOT",
        ":check EXPR [eps=1e-6] [tol=1e-6]   backprop beside central differences, for every leaf",
        ":descend EXPR [wrt NAME, ...] [lr=0.1] [steps=100] [method=gradient|newton]   gradient descent or Newton's method, with the loss plotted",
        ":train L wrt W, b, ... data X, t [batch=N] [epochs=100] [lr=R] [method=sgd|momentum|adagrad|adam] [report=EXPR]   train parameters on minibatches of data, with the loss plotted as it falls (and a 2-D classifier's decision regions); Stop keeps the parameters reached",
        ":hessian EXPR [wrt NAME, ...]   the gradient and the matrix of second derivatives",
        ":deriv EXPR wrt NAME   the derivative as a formula of the language, and its value",
        ":set seed N   random numbers (randn, rand, the shuffling of :train) from seed N, the same on every machine",
        ":vars         the variables so far",
        ":funcs        your functions (define one as f(x) = x^2 + 1)",
        ":explain EXPR  the forward and backward passes told in sentences, in the article's terms",
        ":reset        forget every variable and function",
        ":help [COMMAND]   these lines, or one command's",
        ":quiz [EXPR]  practice: you give dL/d(node) for each node, from L backwards (a small random EXPR without one)",
        $":expand EXPR  a tensor expression as the article's scalar layers, element by element, to step through (at most {Backprop.Lang.Analysis.Expansion.MaxScalarLayers} of them)",
    ];

    public static string OnlySeedOnThePage => T("the page has one setting, :set seed N; ':set precision' is for the terminal (backprop)", "ページの設定は :set seed N だけです。':set precision' は端末（backprop）用です");

    public static string BadSeed(string given) => T($"a seed is a whole number from 0 up, as in :set seed 42{(given.Length == 0 ? "" : $", not '{Backprop.Lang.Diagnostics.Printable.Show(given)}'")}",
        $"シードは 0 以上の整数です（例: :set seed 42）{(given.Length == 0 ? "" : $"。'{Backprop.Lang.Diagnostics.Printable.Show(given)}' ではいけません")}");

    public static string SeedSet(ulong seed) => T($"random numbers now from seed {seed} (randn, rand)",
        $"乱数はシード {seed} から始めます（randn, rand）");

    public static string NoSuchDataFile(string path, IReadOnlyList<string> names) => T($"the page has no file '{Backprop.Lang.Diagnostics.Printable.Path(path)}': it has no files of its own, only the examples' data ({string.Join(", ", names)})",
        $"ページに '{Backprop.Lang.Diagnostics.Printable.Path(path)}' というファイルはありません。ページにあるのは例のデータ（{string.Join(", ", names)}）だけです");

    // ---- :train ----

    public static string TrainTitle => T(":train, the loss at each epoch", ":train、エポックごとの損失");

    public static string TrainStop => T("Stop", "停止");

    public static string TrainStopping => T("stopping…", "停止中…");

    public static string LossLegend => T("loss", "損失");

    public static string RegionsCaption => T("The classes the network picks across the plane (paler where it is less sure), with the data on top.", "ネットワークが平面の各点で選ぶクラス（確信が弱いところほど淡い色）と、その上のデータ。");

    /// <summary>The progress line while it trains: the epoch under way, and the last finished epoch's loss and report.</summary>
    public static string TrainProgress(int epoch, int epochs, double? loss, string? report, double? reported)
    {
        string text = T($"epoch {Math.Min(epoch, epochs):N0}/{epochs:N0}", $"エポック {Math.Min(epoch, epochs):N0}/{epochs:N0}");
        if (loss is { } l) text += T($" · loss {Backprop.Lang.Text.NumberText.Format(l, 4)}", $" · 損失 {Backprop.Lang.Text.NumberText.Format(l, 4)}");
        if (report is not null && reported is { } r) text += $" · {report} {Backprop.Lang.Text.NumberText.Format(r, 4)}";
        return text;
    }

    public static string TrainNoEpoch => T("no epoch ran to its end, so there is no loss to show", "最後まで終わったエポックがないので、表示する損失がありません");

    public static string QuizTitle => T(":quiz, the backward pass by hand", ":quiz、逆伝播を手で");

    public static string QuizExpression(string expression, string value) => $"{expression} = {value}";

    public static string QuizHint => T(string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"Type a number or a constant expression such as 1/3 (within {Backprop.Lang.Analysis.Quiz.RelativeTolerance * 100:0.#} % counts as right), then Answer or Enter."),
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"数か、1/3 のような定数の式を入力し（{Backprop.Lang.Analysis.Quiz.RelativeTolerance * 100:0.#} % 以内なら正解）、答えるか Enter を押してください。"));

    /// <summary>A table's column heading on the page, in the current language (the terminal's tables say the same).</summary>
    public static string Header(string english) => T(english, english switch
    {
        "leaf" => "葉", "kind" => "種類", "at" => "位置", "value" => "値", "dL/d(leaf)" => "dL/d(葉)", "intermediate" => "中間値",
        "dL/d(name)" => "dL/d(名前)", "node" => "ノード", "layer" => "レイヤ", "inputs" => "入力", "output" => "出力", "rule" => "規則",
        "sends" => "送るもの", "backprop" => "誤差逆伝播法", "numerical" => "数値微分", "relative error" => "相対誤差", "verdict" => "判定",
        "input" => "入力", "before" => "前", "after" => "後", "element" => "要素", "tensor layers" => "テンソルのレイヤ",
        "scalar layers" => "スカラーのレイヤ", "same?" => "同じ？", "epoch" => "エポック", "loss" => "損失", "parameter" => "パラメータ",
        "shape" => "形", "largest change" => "最大の変化", "literal" => "リテラル", "input variable" => "入力",
        "backward, from L = 1 in reverse order" => "逆伝播、L = 1 から逆順に", "forward, in creation order" => "順伝播、作られた順に",
        "language" => "言語",
        _ => english,
    });

    public static string QuizAnswer => T("Answer", "答える");

    public static string QuizNoQuestions => T("nothing to ask: the expression has no layer to send a gradient back through", "尋ねることがありません。式に勾配を送り返すレイヤがありません");

    public static string Derivative(string wrt, string formula, string value) => $"d/d{wrt} = {formula} = {value}";

    public static string HessianRow(string name, string gradient, IEnumerable<string> row) =>
        $"dL/d{name} = {gradient};  d²L/d{name}d(·) = [{string.Join(", ", row)}]";

    public static string DerivNeedsOneName => T(":deriv needs the one variable to differentiate by, as in :deriv x^3 wrt x", ":deriv には微分する変数が 1 つ必要です（例: :deriv x^3 wrt x）");

    public static string GraphTooLarge(int nodes, int limit) => T($"The graph has {nodes:N0} nodes; the page draws at most {limit:N0}. The tables below still have every gradient.",
        $"グラフのノードは {nodes:N0} 個で、ページが描くのは {limit:N0} 個までです。下の表にはすべての勾配があります。");

    public static string CheckLimited(int checkedLeaves, int total) => T($"checked the first {checkedLeaves:N0} of {total:N0} leaves: each one re-runs the whole graph twice",
        $"{total:N0} 個の葉のうち最初の {checkedLeaves:N0} 個を確かめました。1 つごとにグラフ全体を 2 回計算し直します");

    public static string CheckSummary(int agreeing, int total) => T($"{agreeing} of {total} leaves agree",
        $"{total} 個の葉のうち {agreeing} 個が一致");

    public static string DescentSummary(string before, string after, int steps, string learningRate) => T($"L went from {before} to {after} in {steps} steps of lr = {learningRate}",
        $"L は lr = {learningRate} の {steps} ステップで {before} から {after} になりました");

    public static string DescentStopped(Backprop.Lang.Analysis.DescentStop stop) => stop switch
    {
        Backprop.Lang.Analysis.DescentStop.Diverged => T("stopped early: the next step would have made L or an input NaN or infinite (try a smaller lr)", "早めに止まりました。次のステップで L か入力が NaN か無限大になるところでした（lr を小さくしてみてください）"),
        Backprop.Lang.Analysis.DescentStop.GradientNotFinite => T("stopped early: a gradient was not a finite number", "早めに止まりました。勾配が有限の数ではありませんでした"),
        Backprop.Lang.Analysis.DescentStop.OutOfBudget => T("stopped: the steps asked for would take too long on this graph", "止まりました。このグラフでは求められたステップに時間がかかりすぎます"),
        _ => "",
    };

    public static string Verdict(Backprop.Lang.Analysis.CheckVerdict verdict) => verdict switch
    {
        Backprop.Lang.Analysis.CheckVerdict.Agrees => T("agrees", "一致"),
        Backprop.Lang.Analysis.CheckVerdict.Disagrees => T("DISAGREES", "不一致"),
        Backprop.Lang.Analysis.CheckVerdict.Kink => T("kink: not comparable", "折れ目: 比べられません"),
        Backprop.Lang.Analysis.CheckVerdict.Inconclusive => T("inconclusive: the step is below the precision left", "判定不能: 刻みが残る精度より小さい"),
        _ => T("undefined here", "ここでは未定義"),
    };

    public static string Assigned(string name, string value) => $"{name} = {value}";

    public static string Variable(string name, string value, bool input) => $"{name} = {value}{(input ? "" : IntermediateNote)}";

    public static string IntermediateNote => T("  (intermediate)", "  （中間値）");

    /// <summary>
    /// A tensor printed as the REPL prints it: its grid's lines after <paramref name="label"/> (<c>X = </c>), the
    /// later lines indented under the first, its shape after the last, then <paramref name="after"/>.
    /// </summary>
    public static IEnumerable<string> Grid(string label, IReadOnlyList<string> lines, string shape, string after = "")
    {
        string indent = new(' ', label.Length);
        for (int i = 0; i < lines.Count; i++)
        {
            yield return (i == 0 ? label : indent) + lines[i] + (i == lines.Count - 1 ? $"  ({shape}){after}" : "");
        }
    }

    public static string Named(string name) => $"{name} = ";

    public static string GridLabel(string shape, bool heatmap) => T(heatmap
        ? $"a {shape} gradient: red cells are positive, blue negative, the stronger the larger"
        : $"a {shape} tensor",
        heatmap
        ? $"{shape} の勾配: 赤いセルは正、青は負、色が濃いほど大きい"
        : $"{shape} のテンソル");

    public static string GridElement(string position, string value) => $"{position} = {value}";

    public static string TensorValueHint(string shape) => T($"The value is a {shape} tensor. A gradient starts from one number: try :grad sum(...) or :grad mean(...).",
        $"値は {shape} のテンソルです。勾配は 1 つの数から始まります。:grad sum(...) か :grad mean(...) を試してください。");

    public static string TensorValueLabel => T("value =", "値 =");

    /// <summary>Under a tensor node of the graph that more than one gradient reached: the focus panel shows their sum.</summary>
    public static string TensorSum(int count, string shape) => T($"Σ of {count} gradients ({shape})",
        $"{count} 個の勾配の Σ（{shape}）");

    public static string LeafTitle(bool literal, string text, string position, string? shape) => T((literal ? $"literal {text} at {position}" : $"input variable {text}") + (shape is null ? "" : $", {shape}"),
        (literal ? $"{position} のリテラル {text}" : $"入力変数 {text}") + (shape is null ? "" : $"、{shape}"));

    public static string LayerTitle(string layer, string label, string position, string? shape) => T($"{layer} {label} at {position}" + (shape is null ? "" : $", output {shape}"),
        $"{position} の {layer} {label}" + (shape is null ? "" : $"、出力 {shape}"));

    public const string FocusOutput = "→";

    public const string FocusSent = "←";

    public static string SumSoFar => T("sum so far", "ここまでの和");

    public static string CheckedElements(string shape, int checkedCount, int elements) => T(checkedCount == elements
        ? $"{shape}, all {elements:N0} elements"
        : $"{shape}, {checkedCount:N0} of {elements:N0} elements (a seeded sample)",
        checkedCount == elements
        ? $"{shape}、要素 {elements:N0} 個すべて"
        : $"{shape}、要素 {elements:N0} 個中 {checkedCount:N0} 個（シード付き標本）");

    public static string MeanDifference(string mean) => T($"mean |Δ| {mean}",
        $"平均 |Δ| {mean}");

    public static string CheckTensorNote => T("For a tensor leaf, backprop and numerical are its worst element's, and the mean |Δ| is over the elements checked (the book's measure).", "テンソルの葉では、誤差逆伝播法と数値微分はいちばん差の大きい要素のもので、平均 |Δ| は確かめた要素についてのものです（本の尺度）。");

    public static string ExpandTitle => T(":expand, the tensor layers as the article's scalar layers", ":expand、テンソルのレイヤを記事のスカラーのレイヤとして");

    public static string Expanded(int layers) => T($"The same expression, element by element, as {layers} scalar layers: the graph above steps through them.",
        $"同じ式を要素ごとに、スカラーのレイヤ {layers} 個で: 上のグラフでたどれます。");

    public static string Same(bool agrees) => T(agrees ? "yes" : "NO",
        agrees ? "はい" : "いいえ");

    public static string ExpandVerdict(bool agrees, int elements) => T(agrees
        ? $"every one of the {elements} leaf elements gets the same gradient from the scalar layers as from the tensor layers"
        : "some elements differ: the tensor layers and the scalar layers disagree (a bug; please report it)",
        agrees
        ? $"葉の要素 {elements} 個すべてで、スカラーのレイヤとテンソルのレイヤから同じ勾配が得られます"
        : "一致しない要素があります。テンソルのレイヤとスカラーのレイヤが食い違っています（バグです。報告してください）");

    public static string RowsLimited(int shown, int total) => T($"showing at most {shown:N0} rows of each kind, of {total:N0} leaves (backprop eval --json FILE writes them all)",
        $"{total:N0} 個の葉のうち、種類ごとに最大 {shown:N0} 行を表示しています（backprop eval --json FILE ですべて書き出せます）");

    public static string NoVariables => T("no variables yet", "まだ変数がありません");

    public static string ResetDone => T("all variables and functions forgotten", "変数と関数をすべて忘れました");

    public static string Defined(string definition) => T($"defined {definition}",
        $"{definition} を定義しました");

    public static string NoFunctions => T("no functions yet: define one, as in f(x) = x^2 + 1", "まだ関数がありません。f(x) = x^2 + 1 のように定義してください");
}
