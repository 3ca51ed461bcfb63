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
        "explain", ":explain EXPR", "the forward and backward passes told in numbered sentences",
        """
        Tells each layer's forward step, then the backward pass in the article's terms: which layer receives
        which dout, which local rule it applies with the actual numbers, what it sends to each input and where
        two contributions are summed; then every leaf's gradient, and why the first one is what it is.
        Example: :explain (1*2)*(10+20)   ends with why dL/d(1) = 60.
        """,
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
        "quiz", ":quiz [EXPR]", "practice: you give dL/d(node) for each node, from L backwards",
        $"""
        Shows the graph of EXPR (a small random one without it) with its forward values, then asks for
        dL/d(node) for each node from L backwards, in the order :trace lists the backward pass. Type a
        number (or a constant expression such as 1/3); within {Quiz.RelativeTolerance * 100:0.#} % counts as right. A wrong
        answer shows the local rule that applies, with the numbers plugged in, and the right answer.
        The score comes at the end. In a script or a pipe the answers are the lines that follow, one per
        question. A line starting with ':' or the end of the input stops the quiz. Variables are untouched.
        """,
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
