using Backprop.Lang.Analysis;
using Backprop.Lang.Evaluation;
using Backprop.Lang.Syntax;
using Backprop.Lang.Text;
using Backprop.Repl.Running;

namespace Backprop.Repl.Commands;

/// <summary>What a learner reaches for after the numbers: <c>:explain</c> (the passes in words) and <c>:quiz</c> (practice).</summary>
internal static class LearningCommands
{
    public static readonly ReplCommand Explain = new(
        "explain", ":explain EXPR", new("the forward and backward passes told in numbered sentences", "順伝播と逆伝播を番号付きの文で説明する"),
        new("""
        Tells each layer's forward step, then the backward pass in the article's terms: which layer receives
        which dout, which local rule it applies with the actual numbers, what it sends to each input and where
        two contributions are summed; then every leaf's gradient, and why the first one is what it is.
        Example: :explain (1*2)*(10+20)   ends with why dL/d(1) = 60.
        """,
        """
        各レイヤの順伝播を述べ、続いて逆伝播を記事の言葉で述べます: どのレイヤが上流から伝わってきた微分 dout を
        受け取り、どの局所的な微分を実際の数で掛け、各入力へ何を送り、どこで 2 つの寄与が足されるか。
        最後にすべての葉の勾配と、最初の葉の勾配がなぜその値になるか（連鎖律）を述べます。
        例: :explain (1*2)*(10+20)   dL/d(1) = 60 になるわけで終わります。
        """),
        (interpreter, command, source) =>
        {
            var outcome = interpreter.Session.Gradient(command.Expression!, source);
            return interpreter.Finish(outcome, () =>
            {
                interpreter.Reporter.Explain(outcome, Explanation.Of(outcome, interpreter.Reporter.Numbers.Format));
                return true;
            });
        });

    public static readonly ReplCommand QuizCommand = new(
        "quiz", ":quiz [EXPR]", new("practice: you give dL/d(node) for each node, from L backwards", "練習: L から逆向きに、各ノードの dL/d(ノード) を答える"),
        new($"""
        Shows the graph of EXPR (a small random one without it) with its forward values, then asks for
        dL/d(node) for each node from L backwards, in the order :trace lists the backward pass. Type a
        number (or a constant expression such as 1/3); within {Quiz.RelativeTolerance * 100:0.#} % counts as right. A wrong
        answer shows the local rule that applies, with the numbers plugged in, and the right answer.
        The score comes at the end. In a script or a pipe the answers are the lines that follow, one per
        question. A line starting with ':' or the end of the input stops the quiz. Variables are untouched.
        """,
        $"""
        EXPR のグラフ（なければ小さな乱数の式）を順伝播の値とともに示し、:trace の逆伝播の順に、L から逆向きに
        各ノードの dL/d(ノード) を尋ねます。数（または 1/3 のような定数の式）を入力してください。
        {Quiz.RelativeTolerance * 100:0.#} % 以内なら正解です。間違えると、当てはまる局所的な微分の規則を数を入れて示し、
        正しい答えを示します。得点は最後に出ます。スクリプトやパイプでは、続く行が 1 問に 1 行ずつ答えになります。
        ':' で始まる行か入力の終わりでクイズは止まります。変数は変わりません。
        """),
        (interpreter, command, source) =>
        {
            GradientOutcome outcome;
            string text;
            if (command.Expression is { } expression)
            {
                text = source.Text.Substring(expression.Span.Start, expression.Span.Length).Trim();
                outcome = interpreter.Session.Gradient(expression, source);
            }
            else
            {
                // A made-up expression has no variables: a session of its own leaves this one as it was.
                text = Quiz.RandomExpression(Random.Shared);
                var made = new SourceLine(source.Path, source.Number, text);
                var (expr, _) = SyntaxParser.ParseExpression(made);
                outcome = new Session().Gradient(expr!, made);
            }
            return interpreter.Finish(outcome, () =>
            {
                if (outcome.Graph.HasTensors)
                {
                    interpreter.Error(source, command.ArgumentSpan, Lang.Diagnostics.Messages.CommandNotForTensors(command.Name));
                    return false;
                }
                Run(interpreter, source, text, outcome);
                return true;
            });
        });

    private static void Run(Interpreter interpreter, SourceLine source, string expression, GradientOutcome outcome)
    {
        var reporter = interpreter.Reporter;
        var questions = Quiz.Questions(outcome, reporter.Numbers.Format);
        reporter.QuizGraph(expression, outcome, Trace.Of(outcome.Graph));
        int right = 0, asked = 0;
        foreach (var question in questions)
        {
            reporter.Text(source, Lang.Diagnostics.Messages.QuizQuestion(asked + 1, questions.Count, question.Label, question.Description));
            string? answer = interpreter.ReadAnswer();
            if (answer is null || answer.TrimStart().StartsWith(':'))
            {
                break;
            }
            asked++;
            if (!Quiz.TryRead(answer, out double value))
            {
                reporter.Text(source, Lang.Diagnostics.Messages.QuizNotANumber(answer));
                reporter.Text(source, Quiz.Correction(question, reporter.Numbers.Format));
            }
            else if (!double.IsFinite(value))
            {
                reporter.Text(source, Lang.Diagnostics.Messages.QuizNotFinite(answer.Trim(), value));
                reporter.Text(source, Quiz.Correction(question, reporter.Numbers.Format));
            }
            else if (Quiz.IsRight(value, question.Answer))
            {
                right++;
                reporter.Text(source, Lang.Diagnostics.Messages.QuizRight(question.Label, reporter.Numbers.Format(question.Answer)));
            }
            else
            {
                reporter.Text(source, Quiz.Correction(question, reporter.Numbers.Format));
            }
        }
        reporter.Text(source, Lang.Diagnostics.Messages.QuizScore(right, asked, questions.Count));
    }
}
