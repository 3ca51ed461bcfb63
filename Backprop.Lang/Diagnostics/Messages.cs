using System.Globalization;
using Backprop.Lang.Text;

namespace Backprop.Lang.Diagnostics;

/// <summary>Every sentence the library says to a user, one factory per kind of message, in English and in Japanese side by side
/// (<see cref="Language"/> says why they are kept together here rather than in resource files).</summary>
public static class Messages
{
    private static string T(string english, string japanese) => Language.Text(english, japanese);

    private static string Num(double value) => Text.NumberText.Format(value, 6);

    // ---- Syntax ----------------------------------------------------------------------------------------

    public static string DigitsAfterPoint(string number) => T(
        $"expected a digit after the decimal point in '{number}'",
        $"'{number}' の小数点の後に数字が必要です");

    public static string DigitsInExponent(string number) => T(
        $"expected digits for the exponent after '{number}'",
        $"'{number}' の後に指数の数字が必要です");

    public static string NumberTooLarge(string number) => T(
        $"the number {Shorten(number)} is too large for a double (the largest is about 1.8e308)",
        $"数 {Shorten(number)} は double には大きすぎます（最大は約 1.8e308）");

    public static string NestedTooDeeply(int limit) => T(
        $"the expression is nested more than {limit:N0} levels deep; split it into named steps",
        $"式の入れ子が {limit:N0} 段より深くなっています。名前を付けた段階に分けてください");

    public static string MissingOperator(string left, string right) => T(
        $"missing operator between '{Shorten(left)}' and '{Shorten(right)}': did you mean {Shorten(left)}*{Shorten(right)}?",
        $"'{Shorten(left)}' と '{Shorten(right)}' の間に演算子がありません。{Shorten(left)}*{Shorten(right)} のことですか？");

    public static string CommaDecimal(string number) => T(
        $"numbers use '.' as the decimal separator: did you mean {number.Replace(',', '.')}?",
        $"小数点は '.' で書きます。{number.Replace(',', '.')} のことですか？");

    public static string UnmatchedClose => T("this ')' has no matching '('", "この ')' に対応する '(' がありません");

    /// <summary>What to say to a line that starts with another language's keyword; null for any other word.</summary>
    public static string? Keyword(string word) => word switch
    {
        "for" or "while" or "loop" or "repeat" => T(
            $"backprop has no '{word}' loops: a line is one statement; write the steps as lines, or let :descend repeat them (:descend L wrt w steps=100)",
            $"backprop に '{word}' ループはありません。1 行が 1 つの文です。手順を行に分けて書くか、:descend に繰り返させてください（:descend L wrt w steps=100）"),
        "if" or "else" => T(
            $"backprop has no '{word}': a line is one statement; max, min, relu and heaviside choose between values",
            $"backprop に '{word}' はありません。1 行が 1 つの文です。値の選択には max, min, relu, heaviside を使います"),
        "def" or "function" or "fn" or "let" or "var" => T(
            $"'{word}' is not needed: define a function as f(x) = x^2 + 1, a variable as x = 3",
            $"'{word}' は不要です。関数は f(x) = x^2 + 1、変数は x = 3 のように定義します"),
        "print" or "return" => T(
            $"'{word}' is not needed: a line with an expression prints its value",
            $"'{word}' は不要です。式だけの行はその値を表示します"),
        _ => null,
    };

    public static string UnclosedParenthesis => T(
        "this '(' is never closed: expected ')' before the end of the line",
        "この '(' が閉じられていません。行末までに ')' が必要です");

    public static string SecondDecimalPoint => T("a number has at most one decimal point", "数に小数点は 1 つまでです");

    public static string LeadingDecimalPoint(string number) => T(
        $"a number starts with a digit: did you mean 0{number}?",
        $"数は数字で始まります。0{number} のことですか？");

    public static string AssignmentWithoutName => T("'=' needs a name on its left, as in x = 3", "'=' の左には名前が必要です（例: x = 3）");

    public static string MissingCommandExpression(string command) => T(
        $"':{command}' needs an expression, as in :{command} x*y",
        $"':{command}' には式が必要です（例: :{command} x*y）");

    public static string DoubleEquals => T(
        "'==' is not an operator; '=' assigns a name, as in x = 3",
        "'==' は演算子ではありません。'=' は名前に値を代入します（例: x = 3）");

    public static string Unexpected(string found, string expected) => T(
        $"unexpected {found}: expected {expected}",
        $"予期しない {found} です。{expected} が必要です");

    /// <summary>What the grammar expected, as its parsers label it (once, in English): said in the current language.</summary>
    public static string Expectation(string label) => !Language.IsJapanese ? label : label switch
    {
        "the end of the line" => "行末",
        "a comment" => "コメント",
        "a number" => "数",
        "a name" => "名前",
        "a number, a name or '('" => "数、名前か '('",
        "'\"' to close the string" => "文字列を閉じる '\"'",
        "an index (a whole number) or ':'" => "添字（整数）か ':'",
        "'T' after '.' (X.T is X transposed)" => "'.' の後の 'T'（X.T は X の転置）",
        "an operator" => "演算子",
        _ => label.Replace(" or ", " か "),
    };

    public static string OneOf(IReadOnlyList<string> names) =>
        names.Count == 1 ? names[0] : string.Join(", ", names.Take(names.Count - 1)) + T(" or ", " か ") + names[^1];

    public static string SomethingElse => T("something else", "ほかのもの");

    public static string NulCharacter => T("NUL character (U+0000)", "NUL 文字（U+0000）");

    public static string Tab => T("tab", "タブ");

    public static string ControlCharacter(int code) => T($"control character (U+{code:X4})", $"制御文字（U+{code:X4}）");

    public static string InvisibleCharacter(int code) => T($"invisible character (U+{code:X4})", $"見えない文字（U+{code:X4}）");

    public static string UnexpectedEnd(string expected) => T(
        $"the line ends too early: expected {expected}",
        $"行が途中で終わっています。{expected} が必要です");

    public static string ExpectedExpression => T("expected an expression", "式が必要です");

    public static string NotAnExpression => T("expected an expression, not a statement or command", "文やコマンドではなく式が必要です");

    public static string AssignToNonName(string target) => T(
        $"only a name can be assigned to, not '{Shorten(target)}' (write name = expression)",
        $"代入できるのは名前だけで、'{Shorten(target)}' には代入できません（名前 = 式 と書きます）");

    public static string AssignToFunction(string name) => T(
        $"'{name}' is a function and cannot be assigned; choose another name",
        $"'{name}' は関数なので代入できません。別の名前にしてください");

    // ---- Names and calls -------------------------------------------------------------------------------

    public static string UnknownName(string name, string? suggestion) => suggestion is null
        ? T($"unknown name '{name}': assign it first, as in {name} = 1", $"'{name}' という名前はありません。先に代入してください（例: {name} = 1）")
        : T($"unknown name '{name}': did you mean '{suggestion}'?", $"'{name}' という名前はありません。'{suggestion}' のことですか？");

    public static string UnknownFunction(string name, IReadOnlyList<string> near) => name switch
    {
        // What other tools call these: say which of ours it is.
        "ln" => T("unknown function 'ln': the natural logarithm is 'log' here (log(x) is ln x)",
            "'ln' という関数はありません。ここでは自然対数は 'log' です（log(x) が ln x）"),
        "log10" or "log2" => T(
            $"unknown function '{name}': 'log' is the natural logarithm; write log(x)/log({(name == "log10" ? 10 : 2)})",
            $"'{name}' という関数はありません。'log' は自然対数です。log(x)/log({(name == "log10" ? 10 : 2)}) と書いてください"),
        "matmul" or "dot" => T(
            $"unknown function '{name}': the matrix product is the operator @, as in A @ B",
            $"'{name}' という関数はありません。行列の積は演算子 @ です（例: A @ B）"),
        _ when near.Count == 0 => T($"unknown function '{name}'", $"'{name}' という関数はありません"),
        _ => T($"unknown function '{name}': did you mean {Alternatives(near)}?", $"'{name}' という関数はありません。{Alternatives(near)} のことですか？"),
    };

    public static string FunctionUsedAsValue(string name, int arity) => T(
        $"'{name}' is a function: call it with {arity} argument{(arity == 1 ? "" : "s")}, as in {name}({string.Join(", ", Enumerable.Range(0, arity).Select(i => "xyz"[i]))})",
        $"'{name}' は関数です。引数 {arity} 個で呼び出してください（例: {name}({string.Join(", ", Enumerable.Range(0, arity).Select(i => "xyz"[i]))})）");

    public static string WrongArgumentCount(string name, int wanted, int given) => T(
        $"'{name}' takes {wanted} argument{(wanted == 1 ? "" : "s")}, but {given} {(given == 1 ? "was" : "were")} given",
        $"'{name}' の引数は {wanted} 個ですが、{given} 個渡されました");

    public static string WrongArgumentRange(string name, int atLeast, int atMost, int given) => T(
        $"'{name}' takes {(atMost == int.MaxValue ? $"{atLeast} or more arguments" : $"{atLeast} or {atMost} arguments")}, " +
        $"but {given} {(given == 1 ? "was" : "were")} given",
        $"'{name}' の引数は {(atMost == int.MaxValue ? $"{atLeast} 個以上" : $"{atLeast} 個か {atMost} 個")}ですが、{given} 個渡されました");

    public static string ConstantShadowed(string name, double value) => T(
        $"'{name}' is now your variable, hiding the constant {name} = {Num(value)} for this session (:reset brings it back)",
        $"'{name}' はあなたの変数になり、このセッションでは定数 {name} = {Num(value)} が隠れます（:reset で戻ります）");

    public static string VariableCalled(string name) => T($"'{name}' is a variable, not a function", $"'{name}' は変数で、関数ではありません");

    // ---- Your own functions ----------------------------------------------------------------------------

    public static string RedefineBuiltIn(string name) => T(
        $"'{name}' is a built-in function and cannot be redefined; choose another name",
        $"'{name}' は組み込み関数なので定義し直せません。別の名前にしてください");

    public static string ParameterNotAName(string text) => T(
        $"a parameter must be a name, not '{Shorten(text)}': as in f(x) = x^2 + 1",
        $"引数は '{Shorten(text)}' ではなく名前でなければなりません（例: f(x) = x^2 + 1）");

    public static string ParameterIsBuiltIn(string name) => T(
        $"'{name}' is a built-in function and cannot be a parameter; choose another name",
        $"'{name}' は組み込み関数なので引数の名前にできません。別の名前にしてください");

    public static string ParameterTwice(string name) => T($"parameter '{name}' is named twice", $"引数 '{name}' が 2 回書かれています");

    public static string CallsItself(string name, string? through) => through is null
        ? T($"'{name}' calls itself: the language has no conditional to stop the calls, so a function cannot be recursive",
            $"'{name}' が自分自身を呼んでいます。この言語には呼び出しを止める条件分岐がないので、関数は再帰できません")
        : T($"'{name}' would call itself through '{through}': the language has no conditional to stop the calls, so a function cannot be recursive",
            $"'{name}' が '{through}' を通して自分自身を呼ぶことになります。この言語には呼び出しを止める条件分岐がないので、関数は再帰できません");

    public static string FunctionReplaced(string name, int line) => T(
        $"'{name}' replaces the function defined on line {line}",
        $"'{name}' は {line} 行目で定義した関数を置き換えます");

    public static string AssignToUserFunction(string name, int line) => T(
        $"'{name}' is a function (defined on line {line}) and cannot be assigned; choose another name, or :reset",
        $"'{name}' は関数（{line} 行目で定義）なので代入できません。別の名前にするか :reset してください");

    public static string FunctionNameTaken(string name) => T(
        $"'{name}' is a variable; choose another name for the function",
        $"'{name}' は変数です。関数には別の名前を付けてください");

    public static string NotAVariableYet(string name, string function) => T(
        $"'{name}' is not a variable yet: {function} looks it up each time it is called",
        $"'{name}' はまだ変数ではありません。{function} は呼ばれるたびにそれを探します");

    public static string InBodyOf(string function, int line, int column, string message) => T(
        $"in {function}, called at {line}:{column}: {message}",
        $"{line}:{column} で呼ばれた {function} の中で: {message}");

    public static string CallsTooLarge(long nodes, int max) => T(
        $"the function calls here would build {nodes:N0} nodes, more than the {max:N0} one line may have",
        $"ここでの関数呼び出しは {nodes:N0} 個のノードを作ることになり、1 行に許される {max:N0} 個を超えます");

    // ---- Derivatives -----------------------------------------------------------------------------------

    public static string GradOfNonName(string argument) => T(
        $"grad's second argument is the variable to differentiate by, a name, not '{Shorten(argument)}': as in grad(x^2, x)",
        $"grad の 2 番目の引数は微分する変数の名前で、'{Shorten(argument)}' ではありません（例: grad(x^2, x)）");

    public static string GradOfConstant(string name) => T(
        $"'{name}' is a constant, not a variable to differentiate by: bind one first, as in p = {name}, and use p",
        $"'{name}' は定数で、微分する変数ではありません。先に p = {name} のように変数にして p を使ってください");

    public static string NotDifferentiableTwice(string layer) => T(
        $"{layer} states its derivative for numbers only, so it cannot be differentiated again",
        $"{layer} は数に対する微分だけを持つので、もう一度は微分できません");

    public static string DoesNotDependOn(string name) => T(
        $"this does not depend on {name}, so its derivative by {name} is 0",
        $"これは {name} に依存しないので、{name} による微分は 0 です");

    public static string NonFiniteDerivative(string name, double value) => T(
        $"the derivative by {name} is {Describe(value)} at these values",
        $"この値では {name} による微分は {Describe(value)} です");

    // ---- Evaluation warnings ---------------------------------------------------------------------------

    public static string NothingToDescend => T(
        "nothing to descend on: the expression has no input variable (bind one first, as in w = 0.5, and use it)",
        "降下させるものがありません。式に入力変数がありません（先に w = 0.5 のように値を与えて使ってください）");

    public static string NothingToDifferentiate => T(
        "nothing to differentiate by: the expression has no input variable (bind one first, as in x = 3, and use it)",
        "微分する変数がありません。式に入力変数がありません（先に x = 3 のように値を与えて使ってください）");

    public static string FormulaTooLarge(long terms, long limit) => T(
        $"the derivative written out has {(terms > limit ? $"more than {limit:N0}" : $"{terms:N0}")} terms, too many to read; " +
        "grad(...) gives its value, and :trace how it is computed",
        $"書き出した微分は {(terms > limit ? $"{limit:N0} 項より多く" : $"{terms:N0} 項")}、読むには多すぎます。" +
        "値は grad(...) で、計算の仕方は :trace で見られます");

    // ---- :train -------------------------------------------------------------------------------------------

    public static string NothingToTrain => T(
        "nothing to train: the loss reads no input variable besides the data (give one a value, as in W = 0.01*randn(2, 3))",
        "学習させるものがありません。損失はデータのほかに入力変数を読んでいません（W = 0.01*randn(2, 3) のように値を与えてください）");

    public static string NamedTwice(string name) => T($"'{name}' is named twice", $"'{name}' が 2 回書かれています");

    public static string DataNeedsRows(string name) => T(
        $"data '{name}' must have rows (a vector or a matrix), but it is a number",
        $"データ '{name}' には行（ベクトルか行列）が必要ですが、数です");

    public static string DataRowsDiffer(string name, int rows, string first, int firstRows) => T(
        $"'{name}' has {rows:N0} rows, but '{first}' has {firstRows:N0}: the rows of the data go together, one example each",
        $"'{name}' は {rows:N0} 行ですが、'{first}' は {firstRows:N0} 行です。データの行は 1 行が 1 つの例として対応します");

    public static string DataAndParameter(string name) => T(
        $"'{name}' is data, so :train does not move it; name it after wrt or after data, not both",
        $"'{name}' はデータなので :train は動かしません。wrt か data のどちらか一方の後に書いてください");

    public static string ParameterNotInput(string name) => T(
        $"'{name}' is computed from other variables; :train moves input variables, those given a value (as in {name} = 0.01*randn(2, 3))",
        $"'{name}' はほかの変数から計算されます。:train が動かすのは値を与えた入力変数です（例: {name} = 0.01*randn(2, 3)）");

    public static string DataDependsOnParameter(string name, string parameter) => T(
        $"data '{name}' is computed from the parameter '{parameter}': data must stay still while the parameters move",
        $"データ '{name}' がパラメータ '{parameter}' から計算されています。パラメータが動く間、データは動いてはいけません");

    public static string ReportNeedsNumber(string shape) => T(
        $"the report is a {shape} tensor, but it is reported as one number per epoch: accuracy(y, t) or mean(...) gives one",
        $"report は {shape} のテンソルですが、エポックごとに 1 つの数として報告されます。accuracy(y, t) や mean(...) で 1 つの数になります");

    /// <summary>What a run did, in one sentence (the terminal writes the arrow "->", the page "→").</summary>
    public static string TrainSummary(Analysis.TrainReport report, Func<double, string> number, string arrow = "->")
    {
        var losses = report.Losses;
        string method = Commands.TrainSettings.MethodName(report.Settings.Method), lr = number(report.Settings.LearningRate);
        int epochs = report.EpochsRun, batches = report.BatchesPerEpoch;
        if (Language.IsJapanese)
        {
            string lossJa = $"損失 {number(losses[0])} {arrow} {number(losses[^1])}";
            return report.DataVariables == 0
                ? $"{method}（lr {lr}）で学習: 式全体で {epochs:N0} ステップ（データなし）。{lossJa}"
                : $"{method}（lr {lr}）で学習: {report.Batch:N0} 行（全 {report.Rows:N0} 行）のバッチ {batches:N0} 個を {epochs:N0} エポック。{lossJa}";
        }
        string loss = $"loss {number(losses[0])} {arrow} {number(losses[^1])}";
        return report.DataVariables == 0
            ? $"trained by {method} (lr {lr}): {epochs:N0} step{(epochs == 1 ? "" : "s")} on the whole expression (no data); {loss}"
            : $"trained by {method} (lr {lr}): {epochs:N0} epoch{(epochs == 1 ? "" : "s")} of {batches:N0} batch{(batches == 1 ? "" : "es")} " +
              $"of {report.Batch:N0} rows ({report.Rows:N0} in all); {loss}";
    }

    public static string TrainingEveryInput(IReadOnlyList<string> names) => T(
        $"training every input of the loss besides the data: {string.Join(", ", names)} (to keep one still, name what moves: wrt {names[0]})",
        $"データ以外の損失の入力をすべて学習します: {string.Join(", ", names)}（動かさないものがあるなら、動かすものを wrt {names[0]} のように書いてください）");

    public static string TrainDiverged(int epoch, int batch, double loss) => T(
        $"stopped at epoch {epoch:N0}, batch {batch + 1:N0}: the loss became {Num(loss)}; the parameters are those of the last finite loss (try a smaller lr)",
        $"エポック {epoch:N0}、バッチ {batch + 1:N0} で止まりました。損失が {Num(loss)} になりました。パラメータは最後に有限だった損失のときの値です（lr を小さくしてみてください）");

    public static string TrainCancelled(int epoch, int batches, int perEpoch) => T(
        $"stopped in epoch {epoch:N0} after {batches:N0} of its {perEpoch:N0} batches; the parameters keep the values reached",
        $"エポック {epoch:N0} の {perEpoch:N0} バッチのうち {batches:N0} 個で止まりました。パラメータはそこまでの値のままです");

    public static string NotAnInputOf(string name, IReadOnlyList<string> inputs) => T(
        $"'{name}' is not an input variable of this expression; it can move {string.Join(", ", inputs)}",
        $"'{name}' はこの式の入力変数ではありません。動かせるのは {string.Join(", ", inputs)} です");

    public static string NonFiniteValue(string operation, double result, IReadOnlyList<double> inputs) =>
        T($"{Written(operation, inputs)} is {Describe(result)}{Why(operation, inputs)}",
          $"{Written(operation, inputs)} は {Describe(result)} です{Why(operation, inputs)}");

    // An operator as it is written, 1/0; a function as called, log(0).
    private static string Written(string operation, IReadOnlyList<double> inputs) =>
        inputs.Count == 2 && operation is "+" or "-" or "*" or "/" or "^"
            ? $"{Num(inputs[0])}{(operation is "+" or "-" ? $" {operation} " : operation)}{Num(inputs[1])}"
            : inputs.Count == 1 && operation == "-" ? $"-{Num(inputs[0])}"
            : $"{operation}({string.Join(", ", inputs.Select(Num))})";

    public static string NonFiniteGradient(string operation, double gradient) => T(
        $"the gradient through {operation} here is {Describe(gradient)}",
        $"ここでの {operation} を通る勾配は {Describe(gradient)} です");

    public static string Tie(string operation, double value) => T(
        $"{operation} has a tie at {Num(value)}: the gradient is split evenly between both arguments",
        $"{operation} は {Num(value)} で同点です。勾配は両方の引数に等しく分けられます");

    private static string Why(string operation, IReadOnlyList<double> inputs) => operation switch
    {
        "log" when inputs[0] == 0 => T(" (log of zero)", "（0 の対数）"),
        "log" => T(" (log of a negative number)", "（負の数の対数）"),
        "sqrt" => T(" (square root of a negative number)", "（負の数の平方根）"),
        "log1p" when inputs[0] == -1 => T(" (log of zero)", "（0 の対数）"),
        "log1p" => T(" (log of a negative number)", "（負の数の対数）"),
        "/" when inputs[1] == 0 => T(" (division by zero)", "（0 による割り算）"),
        _ => T(" (overflow or an undefined result)", "（オーバーフローか未定義の結果）"),
    };

    private static string Describe(double value) =>
        double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";

    // ---- :explain and :quiz (the sentences of Analysis/Explanation.cs and Analysis/Quiz.cs) -----------------
    // The Japanese sentences use the article's terms: 順伝播, 逆伝播, 上流から伝わってきた微分 dout, 局所的な微分, 連鎖律,
    // and name a layer as the article writes it with its Japanese name beside it (MulLayer（乗算レイヤ）).

    /// <summary>The Japanese name of one of the article's layers, beside its class name: "#1 MulLayer（乗算レイヤ）".</summary>
    private static string Introduced(string node) => node[(node.LastIndexOf(' ') + 1)..] switch
    {
        "AddLayer" => node + "（加算レイヤ）",
        "MulLayer" => node + "（乗算レイヤ）",
        _ => node,
    };

    public static string ExplainForward(string node, string computation, string value, bool isOutput) => T(
        $"Forward: {node} computes {computation} = {value}{(isOutput ? "; this is the output L" : "")}.",
        $"順伝播: {Introduced(node)} が {computation} = {value} を計算します{(isOutput ? "。これが出力 L です" : "")}。");

    public static string ExplainBackward(string node, string dout, string from, string rule, string sends) => T(
        $"Backward: {node} receives dout = {dout} ({from}) and applies its local rule {rule}: it sends {sends}.",
        $"逆伝播: {node} は上流から伝わってきた微分 dout = {dout}（{from}）を受け取り、局所的な微分 {rule} を掛けて、{sends} を送ります。");

    /// <summary>Under :trace's backward table: a step whose gradient a layer's convention gave.</summary>
    public static string TraceNote(string node, string layer, string note) => T($"note {node} {layer}: {note}", $"注 {node} {layer}: {note}");

    /// <summary>A layer's convention at a kink, where it is what gave the gradient (relu at x = 0).</summary>
    public static string ExplainNote(string layer, string note) => T(
        $" Note: {layer}'s rule is the textbook's, and here its convention holds: {note}.",
        $" 注: {layer} の規則は教科書どおりで、ここではその約束が使われます: {note}。");

    public static string ExplainDoutIsSeed => T("dL/dL = 1: L is its output", "dL/dL = 1: L はこのレイヤの出力です");

    public static string ExplainTensorForward(string node, string shapes, string value, bool isOutput) => T(
        $"Forward: {node} computes {shapes}, {value}{(isOutput ? "; this is the output L" : "")}.",
        $"順伝播: {Introduced(node)} が {shapes} を計算します。{value}{(isOutput ? "。これが出力 L です" : "")}。");

    public static string ExplainTensorBackward(string node, string dout, string from, string rule, string sends) => T(
        $"Backward: {node} receives dout = {dout} ({from}) and applies its local rule {rule}: it sends {sends}.",
        $"逆伝播: {node} は上流から伝わってきた微分 dout = {dout}（{from}）を受け取り、局所的な微分 {rule} を掛けて、{sends} を送ります。");

    public static string ExplainTensorSend(string gradient, string to, string shape) => T(
        $"{gradient} to {to}, of {to}'s own shape {shape}",
        $"{to} へ {gradient}（{to} 自身の形 {shape}）");

    public static string ExplainMatMulShapes(bool first, string dout, string other, string result, string input) => first
        ? T($" (dout {dout} times the other input's transpose {other} gives {result}, the shape of {input}: that is why the rule transposes)",
            $"（dout {dout} にもう一方の入力の転置 {other} を掛けると {input} の形 {result} になります。規則が転置するのはこのためです）")
        : T($" (the other input's transpose {other} times dout {dout} gives {result}, the shape of {input}: that is why the rule transposes)",
            $"（もう一方の入力の転置 {other} に dout {dout} を掛けると {input} の形 {result} になります。規則が転置するのはこのためです）");

    public static string ExplainSumToShape(string dout, string shape) => T(
        $" (dout {dout} summed over the axes the input was repeated along, back to {shape})",
        $"（dout {dout} を入力が繰り返された軸に沿って足し、{shape} に戻します）");

    public static string ExplainTensorResult(IReadOnlyList<string> gradients) => T(
        $"Result: every leaf's gradient has the leaf's own shape (the book's point in 5.6.1): {string.Join("; ", gradients)}.",
        $"結果: どの葉の勾配もその葉自身の形をしています（本の 5.6.1 の要点）: {string.Join("; ", gradients)}。");

    public static string ExplainTensorGradient(string leaf, string shape, string gradient) => $"dL/d{leaf} ({shape}) = {gradient}";

    public static string ExplainDoutFrom(IReadOnlyList<string> senders) => senders.Count == 1
        ? T($"what {senders[0]} sent it", $"{senders[0]} から送られたもの")
        : senders.Count <= 5 ? T($"the sum of what {Listed(senders)} sent it", $"{string.Join(" と ", senders)} から送られたものの和")
        : T($"the sum of what {string.Join(", ", senders.Take(4))} and {senders.Count - 4:N0} more layers sent it",
            $"{string.Join(", ", senders.Take(4))} とほか {senders.Count - 4:N0} 個のレイヤから送られたものの和");

    public static string ExplainSend(string derivative, string plugged, string value, string to) => T(
        $"{derivative} = {plugged} = {value} to {to}",
        $"{to} へ {derivative} = {plugged} = {value}");

    public static string ExplainSumming(string to, string before, string added, string total) => T(
        $" ({to} was already sent {before} by another use, so the two are summed: {before} + {added} = {total})",
        $"（{to} には別の使われ方からすでに {before} が送られているので、2 つを足します: {before} + {added} = {total}）");

    public static string ExplainResult(IReadOnlyList<string> gradients, int more) => T(
        $"Result: {string.Join(", ", gradients)}{(more > 0 ? $" and {more:N0} more leaves (:grad lists them all)" : "")}.",
        $"結果: {string.Join(", ", gradients)}{(more > 0 ? $"、ほか {more:N0} 個の葉（:grad ですべて表示されます）" : "")}。");

    public static string ExplainCut(int omitted, int told) => T(
        $"... and {omitted:N0} more steps: the explanation stops after {told:N0} (use :trace for the whole ledger).",
        $"... ほか {omitted:N0} 段階: 説明は {told:N0} 段階で止めます（全体は :trace で見られます）。");

    public static string ExplainGradient(string leaf, string value) => $"dL/d({leaf}) = {value}";

    public static string ExplainPath(string leaf, string value, IReadOnlyList<string> factors, IReadOnlyList<string> numbers) => T(
        $"Why dL/d({leaf}) = {value}: the chain rule multiplies the local derivatives on the way from L down to {leaf}, " +
        $"{string.Join(", ", factors)}, so {string.Join(" × ", numbers)} = {value}.",
        $"dL/d({leaf}) = {value} になるわけ: 連鎖律により、L から {leaf} までの道にある局所的な微分 " +
        $"{string.Join(", ", factors)} を掛け合わせるので、{string.Join(" × ", numbers)} = {value} です。");

    public static string ExplainSum(string leaf, string value, IReadOnlyList<string> parts) => T(
        $"Why dL/d({leaf}) = {value}: {leaf} is used {parts.Count:N0} times, and backward sums what each use sends: {Sum(parts)} = {value}.",
        $"dL/d({leaf}) = {value} になるわけ: {leaf} は {parts.Count:N0} 回使われ、逆伝播はそれぞれの使われ方から送られるものを足します: {Sum(parts)} = {value}。");

    private static string Sum(IReadOnlyList<string> parts) =>
        parts.Count <= 8 ? string.Join(" + ", parts)
        : string.Join(" + ", parts.Take(6)) + T($" + ... ({parts.Count - 6:N0} more) + ", $" + ...（ほか {parts.Count - 6:N0} 個）+ ") + parts[^1];

    public static string ExplainOneUse(string leaf, string value, string sender, string dout) => T(
        $"Why dL/d({leaf}) = {value}: it is what {sender} sent it, its dout = {dout} (itself the sum over the paths above) times its local derivative.",
        $"dL/d({leaf}) = {value} になるわけ: {sender} から送られたもので、{sender} の dout = {dout}（それ自体が上の道すべての和）に局所的な微分を掛けたものです。");

    public static string ExplainNoGradient(string leaf) => T(
        $"{leaf} gets no gradient: nothing sends one to it.",
        $"{leaf} には勾配がありません。どこからも送られてきません。");

    public static string QuizQuestion(int number, int count, string node, string description) => T(
        $"{number}/{count}  dL/d({node}) = ?   ({description})",
        $"{number}/{count}  dL/d({node}) = ?   （{description}）");

    public static string QuizRight(string node, string value) => T($"right: dL/d({node}) = {value}", $"正解: dL/d({node}) = {value}");

    public static string QuizWrong(string node, string value, IReadOnlyList<string> contributions) => contributions.Count == 1
        ? T($"not quite: {contributions[0]}, so dL/d({node}) = {value}", $"惜しい: {contributions[0]}。よって dL/d({node}) = {value}")
        : T($"not quite: {node} is used {contributions.Count:N0} times and the uses are summed: {string.Join("; ", contributions.Take(6))}{(contributions.Count > 6 ? $"; and {contributions.Count - 6:N0} more" : "")}; so dL/d({node}) = {value}",
            $"惜しい: {node} は {contributions.Count:N0} 回使われ、それぞれが足されます: {string.Join("; ", contributions.Take(6))}{(contributions.Count > 6 ? $"; ほか {contributions.Count - 6:N0} 個" : "")}。よって dL/d({node}) = {value}");

    // dy = -dout = -3, not dy = -dout = -3 = -3: the plugged rule is said once when it is already the number.
    public static string QuizContribution(string from, string rule, string plugged, string value) =>
        plugged == value
            ? T($"{from} applies {rule} = {value}", $"{from} が {rule} = {value} を送ります")
            : T($"{from} applies {rule} = {plugged} = {value}", $"{from} が {rule} = {plugged} = {value} を送ります");

    public static string QuizNotFinite(string answer, double value) => T(
        $"'{Shorten(answer)}' is {Describe(value)}, not a finite number: a gradient here is a number you can write down",
        $"'{Shorten(answer)}' は {Describe(value)} で、有限の数ではありません。ここでの勾配は書き下せる数です");

    public static string QuizAboutLayer(string node, string value) => T($"{node}, value {value}", $"{Introduced(node)}、値 {value}");

    public static string QuizAboutLiteral(string text, string position) => T($"the literal {text} at {position}", $"{position} のリテラル {text}");

    public static string QuizAboutInput(string name, string value) => T($"the input {name} = {value}", $"入力 {name} = {value}");

    public static string QuizNotANumber(string answer) => T(
        $"'{Shorten(answer)}' is not a number (counted as wrong)",
        $"'{Shorten(answer)}' は数ではありません（不正解として数えます）");

    public static string QuizScore(int right, int asked, int count) => asked == count
        ? T($"score: {right}/{count}", $"得点: {right}/{count}")
        : T($"score: {right}/{asked} (the quiz stopped after {asked} of {count} questions)",
            $"得点: {right}/{asked}（{count} 問中 {asked} 問でクイズを終えました）");

    public static string CallWithoutParentheses(string name, string argument) => T(
        $"missing parentheses: '{name}' is a function, call it as {name}({Shorten(argument)})",
        $"括弧がありません。'{name}' は関数です。{name}({Shorten(argument)}) のように呼び出してください");

    private static string Listed(IReadOnlyList<string> items) =>
        items.Count == 1 ? items[0] : string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1];

    // ---- Vectors and matrices ----------------------------------------------------------------------------

    public static string CannotBroadcast(string op, string a, string b) => T(
        $"cannot broadcast {a} with {b} for '{op}': the sizes must match from the last axis, or one of them be 1",
        $"'{op}' で {a} と {b} をブロードキャストできません。最後の軸から順に大きさが等しいか、どちらかが 1 でなければなりません");

    public static string MatMulMismatch(string a, string b) => T(
        $"'@' needs the inner sizes to match, but {a} @ {b} has {InnerOf(a)} against {FirstOf(b)}",
        $"'@' は内側の大きさが等しくなければなりませんが、{a} @ {b} では {InnerOf(a)} と {FirstOf(b)} です");

    public static string MatMulRank(string a, string b) => T(
        $"'@' multiplies vectors and matrices, not {a} @ {b}",
        $"'@' が掛けるのはベクトルと行列で、{a} @ {b} は掛けられません");

    public static string ReshapeSize(string from, long fromCount, string to, long toCount) => T(
        $"cannot reshape {from} ({fromCount:N0} elements) to {to} ({toCount:N0} elements): the sizes must be equal",
        $"{from}（要素 {fromCount:N0} 個）を {to}（要素 {toCount:N0} 個）に reshape できません。要素の数が等しくなければなりません");

    public static string TooManyIndices(int count, string shape) => T(
        $"{count} indices for a {shape} tensor, which has fewer axes",
        $"{shape} のテンソルに添字が {count} 個ありますが、軸はそれより少ないです");

    public static string IndexOutOfRange(int index, int axis, int size) => T(
        $"index {index} is out of range for axis {axis} of size {size} (from {-size} to {size - 1})",
        $"添字 {index} は大きさ {size} の軸 {axis} の範囲外です（{-size} から {size - 1} まで）");

    public static string IndexOfNumber => T("a number has no elements to index", "数には添字で取り出す要素がありません");

    public static string AffineMismatch(string x, string w, string b) => T(
        $"affine(X, W, b) needs X N×D or D, W D×M and b M, but got X {x}, W {w}, b {b}",
        $"affine(X, W, b) には X が N×D か D、W が D×M、b が M の形が必要ですが、X {x}, W {w}, b {b} でした");

    public static string AffineBias(string w, string b, int m) => T(
        $"affine's b must have {m} elements (W is {w}), but it is {b}",
        $"affine の b は要素 {m} 個でなければなりません（W は {w}）が、{b} です");

    public static string LossScores(string layer, string x) => T(
        $"{layer} takes scores as a vector or an N×K matrix, not {x}",
        $"{layer} のスコアはベクトルか N×K の行列で、{x} ではありません");

    public static string LossLabels(string layer, string x, string t, string indices) => T(
        $"{layer}'s labels t must be one-hot ({x}) or class indices ({indices}), but t is {t}",
        $"{layer} の正解ラベル t は one-hot（{x}）かクラスの番号（{indices}）でなければなりませんが、t は {t} です");

    public static string RaggedStack(int index, string first, string other) => T(
        $"every element of a bracket must have the same shape: element 0 is {first}, element {index} is {other}",
        $"角括弧の要素はすべて同じ形でなければなりません。要素 0 は {first}、要素 {index} は {other} です");

    public static string RaggedLiteral(int expected, int found) => T(
        $"this row has {found} element{(found == 1 ? "" : "s")}, but the first row has {expected}: rows of a matrix have equal lengths",
        $"この行の要素は {found} 個ですが、最初の行は {expected} 個です。行列の行の長さは等しくなければなりません");

    public static string MixedLiteral => T(
        "a bracket mixes numbers and rows: write every element as a number, or every one as a row [...]",
        "角括弧の中に数と行が混ざっています。要素をすべて数にするか、すべて行 [...] にしてください");

    public static string EmptyTensor => T("[] has no elements: a vector needs at least one, as in [0]", "[] には要素がありません。ベクトルには少なくとも 1 つ必要です（例: [0]）");

    public static string TensorTooLarge(string shape, long count, long limit) => T(
        $"a {shape} tensor would hold {count:N0} numbers, more than the {limit:N0} one tensor may hold",
        $"{shape} のテンソルは {count:N0} 個の数を持つことになり、1 つのテンソルに許される {limit:N0} 個を超えます");

    public static string LineTensorsTooLarge(long count, long limit) => T(
        $"this line would make {count:N0} numbers in tensors, more than the {limit:N0} one line may",
        $"この行はテンソルに {count:N0} 個の数を作ることになり、1 行に許される {limit:N0} 個を超えます");

    public static string RankTooHigh(int rank, int limit) => T(
        $"a tensor of {rank} axes is more than the {limit} backprop allows",
        $"軸が {rank} 個のテンソルは、backprop が許す {limit} 個を超えます");

    public static string AxisOutOfRange(int axis, string shape) => T(
        $"axis {axis} is out of range for a {shape} tensor",
        $"軸 {axis} は {shape} のテンソルの範囲外です");

    public static string IntegerArgument(string function, string what) => T(
        $"{function}'s {what} must be a whole number written out, as in {function}(2, 3)",
        $"{function} の {what} は書き出した整数でなければなりません（例: {function}(2, 3)）");

    public static string SpiralArguments => T(
        "spiral takes only seed=N, as in spiral(seed=1984): it makes DeZero's 300 points of 3 classes",
        "spiral が取るのは seed=N だけです（例: spiral(seed=1984)）。DeZero の 3 クラス 300 点を作ります");
    public static string SeedArgument => T(
        "seed must be a whole number from 0 up, as in spiral(seed=1984)",
        "seed は 0 以上の整数でなければなりません（例: spiral(seed=1984)）");
    public static string LoadCsvArgument => T(
        "load_csv takes one file name in quotes, as in load_csv(\"points.csv\")",
        "load_csv が取るのは引用符で囲んだファイル名 1 つです（例: load_csv(\"points.csv\")）");
    public static string UnclosedString => T("this string has no closing '\"'", "この文字列を閉じる '\"' がありません");
    public static string StringOnlyForFiles => T(
        "a string only names a file, as in load_csv(\"points.csv\")",
        "文字列はファイル名にだけ使えます（例: load_csv(\"points.csv\")）");
    public static string NoDataFiles => T("load_csv has no files to read here", "ここでは load_csv が読めるファイルはありません");

    public static string SizeArgument(string function, string size) => T(
        $"{function}'s sizes must be whole numbers from 1 up, not {size}",
        $"{function} の大きさは 1 以上の整数でなければならず、{size} ではいけません");

    public static string NamedArgumentUnknown(string function, string name, string known) => known.Length == 0
        ? T($"'{function}' takes no named argument, but got '{name}='", $"'{function}' は名前付き引数を取りませんが、'{name}=' が渡されました")
        : T($"'{function}' has no argument '{name}': it takes {known}", $"'{function}' に引数 '{name}' はありません。取るのは {known} です");

    public static string NeedsTensor(string function, string what) => T(
        $"{function} needs {what}, but got a number",
        $"{function} には {what} が必要ですが、数が渡されました");

    public static string GradThroughTensorGrad => T(
        "grad(...) of a tensor expression is a value, first order: a gradient through it would be a second derivative, which tensor layers cannot give yet",
        "テンソルの式の grad(...) は 1 階の値です。それを通る勾配は 2 階微分になり、テンソルのレイヤはまだそれを出せません");

    public static string GradNeedsNumber(string shape) => T(
        $"the expression is a {shape} tensor, but a gradient starts from one number: wrap it in sum(...) or mean(...)",
        $"式は {shape} のテンソルですが、勾配は 1 つの数から始まります。sum(...) か mean(...) で囲んでください");

    public static string CommandNotForTensors(string command) => T(
        $"':{command}' works on numbers only for now; the expression has tensors (:grad, :trace, :graph, :dot, :explain, :check, :descend and :expand take them)",
        $"':{command}' は今のところ数だけに使えます。式にテンソルがあります（テンソルを取るのは :grad, :trace, :graph, :dot, :explain, :check, :descend, :expand です）");

    public static string NonFiniteTensor(string layer, double first, int bad, int count) => T(
        $"{layer} gave {Num(first)} in {bad:N0} of its {count:N0} elements from finite inputs",
        $"{layer} は有限の入力から、{count:N0} 個の要素のうち {bad:N0} 個で {Num(first)} を出しました");

    public static string ExpandTooLarge(long count, int limit) => T(
        $"this expression expands to {count:N0} scalar layers, more than the {limit} :expand shows; try a smaller batch or fewer units",
        $"この式はスカラーのレイヤ {count:N0} 個に展開され、:expand が表示する {limit} 個を超えます。バッチやユニットを減らしてみてください");


    private static string InnerOf(string a) => a.Split('×')[^1];

    private static string FirstOf(string b) => b.Split('×')[0];

    // ---- Helpers ---------------------------------------------------------------------------------------

    private static string Alternatives(IReadOnlyList<string> names) => names.Count == 1
        ? $"'{names[0]}'"
        : string.Join(", ", names.Take(names.Count - 1).Select(n => $"'{n}'")) + T($" or '{names[^1]}'", $" か '{names[^1]}'");

    private static string Shorten(string text) => Printable.Show(text.Length <= 40 ? text : text[..37] + "...");

    // ---- Command settings (read by every front end) -----------------------------------------------------

    public static string CommandTakesNoRedirect(string name) => T(
        $"':{name}' cannot write to a file; only :dot can",
        $"':{name}' はファイルに書き出せません。書き出せるのは :dot だけです");

    public static string CommandTakesNoData(string command) => T(
        $":{command} takes no 'data' (only :train binds data to minibatches)",
        $":{command} は 'data' を取りません（データをミニバッチに結び付けるのは :train だけです）");
    public static string CommandTakesNoWrt(string name) => T(
        $"':{name}' takes no 'wrt' list; only :descend does (the variables it moves)",
        $"':{name}' は 'wrt' を取りません。取るのは :descend だけです（動かす変数）");

    public static string UnknownOption(string command, string option, string known) =>
        known.Length == 0
            ? T($"':{command}' takes no options, but got '{option}'", $"':{command}' はオプションを取りませんが、'{option}' が渡されました")
            : T($"unknown option '{option}' for ':{command}': the options are {known}", $"':{command}' に '{option}' というオプションはありません。オプションは {known} です");

    public static string BadOption(string name, string expected) => T($"option {name} must be {expected}", $"オプション {name} は {expected} でなければなりません");

    public static string OptionNotANumber(string name, string word) => T(
        $"option {name} is a number, and '{Printable.Show(word)}' is not one (as in {name}=1e-3)",
        $"オプション {name} は数で、'{Printable.Show(word)}' は数ではありません（例: {name}=1e-3）");

    public static string UnexpectedArgument(string name) => T($"':{name}' takes no argument", $"':{name}' は引数を取りません");
}
