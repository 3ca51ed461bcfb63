using System.Text;
using Backprop.Lang.Syntax;
using Backprop.Lang.Text;
using Backprop.Repl.Output;
using Backprop.Repl.Running;

namespace Backprop.Repl.Commands;

/// <summary>The REPL's everyday commands: <c>:grad</c> and the session's housekeeping.</summary>
internal static class BasicCommands
{
    public static readonly ReplCommand Grad = new(
        "grad", ":grad EXPR",
        new("value of EXPR and dL/d(leaf) for every literal, input variable and named intermediate", "EXPR の値と、すべてのリテラル・入力変数・名前付き中間値についての dL/d(葉)"),
        new("""
        Runs the expression forward, seeds dL/dL = 1, runs backward, and reports the gradient of the
        expression L with respect to every literal (each occurrence, with its line:column), every input
        variable it depends on (summed over its uses) and every named intermediate on the way.
        Example: :grad (1*2)*(10+20)   gives 60, 30, 2, 2 for the literals 1, 2, 10, 20.
        """,
        """
        式を順伝播し、dL/dL = 1 から逆伝播して、式 L のすべてのリテラル（出現ごとに 行:列 付き）、
        式が依存するすべての入力変数（使われた分を合計）、途中のすべての名前付き中間値についての勾配を表示します。
        例: :grad (1*2)*(10+20)   リテラル 1, 2, 10, 20 について 60, 30, 2, 2 になります。
        """),
        (interpreter, command, source) =>
        {
            var outcome = interpreter.Session.Gradient(command.Expression!, source);
            return interpreter.Finish(outcome, () =>
            {
                interpreter.Reporter.Gradient(outcome);
                return true;
            });
        });

    public static readonly ReplCommand Vars = new(
        "vars", ":vars", new("the variables: name, value, and whether each is an input or an intermediate", "変数: 名前、値、入力か中間値か"),
        new("""
        An input is a variable bound to a constant (x = 3): gradients stop there. An intermediate is bound
        to a graph that leads back to inputs (y = x*x): gradients flow through it.
        """,
        """
        入力とは定数に結び付いた変数（x = 3）で、勾配はそこで止まります。中間値とは入力へさかのぼる
        グラフに結び付いた変数（y = x*x）で、勾配はそこを通って流れます。
        """),
        (interpreter, command, source) =>
        {
            if (!NoArgument(interpreter, command, source)) return LineStatus.Error;
            interpreter.Reporter.Variables(source, interpreter.Session.Variables);
            return LineStatus.Ok;
        });

    public static readonly ReplCommand Funcs = new(
        "funcs", ":funcs", new("your functions, with their definitions", "あなたの関数と、その定義"),
        new("""
        Define a function as f(x) = x^2 + 1, or loss(y, t) = (y - t)^2 with several parameters, and call it
        as f(3). Parameters are local; other names in the body are the session's variables, looked up at each
        call. A body may call functions defined before it, but not itself. Defining f again replaces it.
        :trace shows a call as one composite layer with its inner layers indented under it; :graph and :dot
        draw it as a labelled cluster. :reset forgets functions with the variables.
        """,
        """
        関数は f(x) = x^2 + 1 や、引数が複数なら loss(y, t) = (y - t)^2 のように定義し、f(3) のように呼び出します。
        引数はその関数の中だけのもので、本体のほかの名前は呼び出しのたびにセッションの変数を探します。
        本体は先に定義した関数を呼べますが、自分自身は呼べません。f をもう一度定義すると置き換わります。
        :trace は呼び出しを 1 つの合成レイヤとして、その中のレイヤを字下げして示し、:graph と :dot は
        名前付きのまとまりとして描きます。:reset は変数と一緒に関数も忘れます。
        """),
        (interpreter, command, source) =>
        {
            if (!NoArgument(interpreter, command, source)) return LineStatus.Error;
            interpreter.Reporter.Functions(source, interpreter.Session.UserFunctions.All);
            return LineStatus.Ok;
        });

    public static readonly ReplCommand Set = new(
        "set", ":set precision [full|N]", new("how many significant digits human output shows (default 12); :set seed N", "人向けの出力の有効桁数（既定 12）。:set seed N、:set lang ja|en"),
        new("""
        By default numbers show at most 12 significant digits, which hides binary floating-point noise
        (110.00000000000001 shows as 110). ':set precision full' shows every digit needed to round-trip;
        ':set precision' alone shows the current setting. Numbers are written one way everywhere: 0.5,
        1e-6, 2.5e-9. JSON output always has full precision. Tensor grids show at most 6 digits.
        ':set seed N' restarts the session's random numbers (randn, rand) at seed N (0 when never set):
        the same N gives the same numbers on every run and machine (xoshiro256**, not numpy's).
        """,
        """
        数は既定で有効数字 12 桁までを表示し、2 進浮動小数点の誤差を隠します（110.00000000000001 は 110 と表示）。
        ':set precision full' は往復に必要なすべての桁を表示し、':set precision' だけなら今の設定を表示します。
        数はどこでも同じ書き方です: 0.5, 1e-6, 2.5e-9。JSON 出力は常に全桁です。テンソルの表は 6 桁までです。
        ':set seed N' はセッションの乱数（randn, rand）をシード N から始め直します（設定しなければ 0）。
        同じ N なら、どの実行でもどのマシンでも同じ数になります（xoshiro256**、numpy のものではありません）。
        ':set lang ja' と ':set lang en' はメッセージの言語を切り替えます（起動時は --lang、BACKPROP_LANG、ロケール）。
        """),
        (interpreter, command, source) =>
        {
            var words = command.Argument.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0 || words is ["precision"])
            {
                interpreter.Reporter.Text(source, ReplMessages.PrecisionSet(interpreter.Reporter.Numbers.ToString()));
                return LineStatus.Ok;
            }
            if (words[0] == "seed")
            {
                if (words.Length != 2 || !ulong.TryParse(words[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ulong seed))
                {
                    interpreter.Error(source, command.ArgumentSpan, ReplMessages.BadSeed(words.Length > 1 ? string.Join(' ', words[1..]) : ""));
                    return LineStatus.Error;
                }
                interpreter.Session.Seed(seed);
                interpreter.Reporter.Text(source, ReplMessages.SeedSet(seed));
                return LineStatus.Ok;
            }
            if (words[0] == "lang")
            {
                if (words.Length != 2 || Language.FromCode(words[1]) is not { } culture || !Language.Codes.Contains(words[1]))
                {
                    interpreter.Error(source, command.ArgumentSpan, ReplMessages.BadLanguage(words.Length > 1 ? string.Join(' ', words[1..]) : ""));
                    return LineStatus.Error;
                }
                // The UI culture flows with this thread, which runs the whole REPL: every later message follows it.
                System.Globalization.CultureInfo.CurrentUICulture = culture;
                interpreter.Reporter.Text(source, ReplMessages.LanguageSet);
                return LineStatus.Ok;
            }
            if (words[0] != "precision")
            {
                interpreter.Error(source, command.ArgumentSpan, ReplMessages.UnknownSetting(words[0]));
                return LineStatus.Error;
            }
            if (words.Length != 2 || !NumberFormat.TryParse(words[1], out var format))
            {
                interpreter.Error(source, command.ArgumentSpan, ReplMessages.BadPrecision(words.Length > 1 ? string.Join(' ', words[1..]) : ""));
                return LineStatus.Error;
            }
            interpreter.Reporter.Numbers = format;
            interpreter.Reporter.Text(source, ReplMessages.PrecisionSet(format.ToString()));
            return LineStatus.Ok;
        });

    public static readonly ReplCommand Load = new(
        "load", ":load FILE", new("run a script in this session (its variables stay)", "このセッションでスクリプトを実行する（その変数は残ります）"),
        new("Runs FILE line by line in the current session and stops at its first error. A relative path inside a script is relative to that script.",
        "FILE を今のセッションで 1 行ずつ実行し、最初のエラーで止まります。スクリプトの中の相対パスは、そのスクリプトからの相対です。"),
        (interpreter, command, source) =>
        {
            if (command.Argument.Length == 0)
            {
                interpreter.Error(source, command.NameSpan, ReplMessages.MissingArgument("load", ":load FILE"));
                return LineStatus.Error;
            }
            var status = interpreter.Load(command.Argument, source, command.ArgumentSpan);
            return status == LineStatus.Quit ? LineStatus.Ok : status;
        });

    public static readonly ReplCommand Reset = new(
        "reset", ":reset", new("forget every variable and function", "すべての変数と関数を忘れる"), new("Starts the session afresh: every variable and every function you defined is forgotten.",
        "セッションを最初からやり直します。定義した変数と関数はすべて忘れられます。"),
        (interpreter, command, source) =>
        {
            if (!NoArgument(interpreter, command, source)) return LineStatus.Error;
            interpreter.Session.Reset();
            interpreter.Reporter.Text(source, ReplMessages.Reset);
            return LineStatus.Ok;
        });

    public static readonly ReplCommand Help = new(
        "help", ":help [COMMAND]", new("this list, or more about one command", "この一覧、または 1 つのコマンドの詳しい説明"),
        new("':help grad' explains :grad. Statements are 'name = expr' or a bare expression; '#' starts a comment.",
        "':help grad' は :grad を説明します。文は '名前 = 式' か式だけで、'#' からはコメントです。"),
        (interpreter, command, source) =>
        {
            string topic = command.Argument.TrimStart(':');
            if (topic.Length == 0)
            {
                interpreter.Reporter.Text(source, Overview());
                return LineStatus.Ok;
            }
            var found = CommandTable.Find(topic);
            if (found is null)
            {
                interpreter.Error(source, command.ArgumentSpan, ReplMessages.UnknownCommand(topic, CommandTable.Nearest(topic)));
                return LineStatus.Error;
            }
            interpreter.Reporter.Text(source, $"{found.Usage}\n  {found.Summary}\n\n{found.Help}");
            return LineStatus.Ok;
        });

    public static readonly ReplCommand Quit = new(
        "quit", ":quit", new("leave (Ctrl+D on an empty line does too)", "終了する（空の行での Ctrl+D でも終了します）"), new("Ends the REPL, or stops a script without an error.",
        "REPL を終えるか、スクリプトをエラーなしで止めます。"),
        (interpreter, command, source) => NoArgument(interpreter, command, source) ? LineStatus.Quit : LineStatus.Error);

    private static string Overview()
    {
        var text = new StringBuilder();
        if (Language.IsJapanese)
        {
            text.AppendLine("文: 'x = 3' は名前に値を結び付け、'(1*2)*(10+20)' は値を表示し、'#' からはコメントです。");
            text.AppendLine("名前は日本語でも書けます（りんご = 100）。全角の数字・演算子・括弧・空白は半角として読みます。");
            text.AppendLine("自分の関数: 'f(x) = x^2 + 1' で定義し、'f(3)' で呼び出します。:funcs で一覧が見られます。");
            text.AppendLine("演算子: + - * / ^（** × ÷ も）、括弧。関数: exp log（自然対数）sqrt sin cos tan tanh sigmoid relu abs max min pow。");
            text.AppendLine("微分: grad(EXPR, NAME) は dEXPR/dNAME を式として与えます。sign heaviside mask は折れ目での微分を書きます。");
            text.AppendLine("ほかに: sum mean（いくつでも）、max min（2 つ以上）、leaky_relu softplus log1p expm1。定数 pi e。x += 2（-= *= /=）。");
            text.AppendLine("ベクトルと行列: [1, 2], [[1, 2], [3, 4]], A @ B, X.T, X[0, 1:3], sum(X, axis=0)。zeros ones eye randn rand one_hot、");
            text.AppendLine("  transpose reshape affine softmax softmax_with_loss cross_entropy_error。要素ごとの計算は numpy のブロードキャストに従います。");
        }
        else
        {
            text.AppendLine("Statements: 'x = 3' binds a name, '(1*2)*(10+20)' prints a value, '#' starts a comment.");
            text.AppendLine("Your own functions: 'f(x) = x^2 + 1' defines one, 'f(3)' calls it; :funcs lists them.");
            text.AppendLine("Operators: + - * / ^ (also ** × ÷), parentheses; functions: exp log (natural) sqrt sin cos tan tanh sigmoid relu abs max min pow.");
            text.AppendLine("Derivatives: grad(EXPR, NAME) is dEXPR/dNAME as an expression; sign heaviside mask write derivatives at kinks.");
            text.AppendLine("Also: sum mean (of any number), max min (of two or more), leaky_relu softplus log1p expm1; constants pi e; x += 2 (-= *= /=).");
            text.AppendLine("Vectors and matrices: [1, 2], [[1, 2], [3, 4]], A @ B, X.T, X[0, 1:3], sum(X, axis=0); zeros ones eye randn rand one_hot;");
            text.AppendLine("  transpose reshape affine softmax softmax_with_loss cross_entropy_error. Element-wise with numpy's broadcasting.");
        }
        text.AppendLine();
        // Usage above summary: the usages are too long for two columns in a narrow terminal.
        foreach (var command in CommandTable.All)
        {
            text.Append("  ").AppendLine(command.Usage);
            text.Append("      ").AppendLine(command.Summary);
        }
        return text.ToString().TrimEnd();
    }

    private static bool NoArgument(Interpreter interpreter, CommandStatement command, SourceLine source)
    {
        if (command.Argument.Length == 0)
        {
            return true;
        }
        interpreter.Error(source, command.ArgumentSpan, ReplMessages.UnexpectedArgument(command.Name));
        return false;
    }
}
