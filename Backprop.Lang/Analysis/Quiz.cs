using System.Globalization;
using Backprop.Lang.Diagnostics;
using Backprop.Lang.Evaluation;
using Backprop.Lang.Graph;
using Backprop.Lang.Text;

namespace Backprop.Lang.Analysis;

/// <summary>One use of a node by a layer: what that layer's local rule sends it, with the numbers plugged in.</summary>
public sealed record QuizContribution(string From, string Rule, string Plugged, double Value);

/// <summary>One question of a quiz: dL/d(node), the right answer, and how it is made up.</summary>
public sealed record QuizQuestion(int Node, string Label, string Description, double Answer, IReadOnlyList<QuizContribution> Contributions);

/// <summary>
/// <c>:quiz</c>: practice at the backward pass. The questions ask dL/d(node) for every node from L backwards,
/// in the order <c>:trace</c> lists the backward pass and, within a layer, its inputs in written order; a
/// node used twice is asked once, where it is first reached, and its answer is the sum over its uses.
/// </summary>
public static class Quiz
{
    /// <summary>How close an answer must be: within 0.1 % of the right one (so 0.333 is 1/3), or 1e-9 of 0.</summary>
    public const double RelativeTolerance = 1e-3;

    public static IReadOnlyList<QuizQuestion> Questions(GradientOutcome outcome, Func<double, string> number)
    {
        var graph = outcome.Graph;
        var trace = Trace.Of(graph);
        var labels = new StepLabels(graph);
        var contributions = new Dictionary<int, List<QuizContribution>>();
        var order = new List<int>();
        foreach (var step in trace.Backward)
        {
            var inputs = NodeLabels.Inputs(graph, step.Node);
            double x = graph.Value(inputs[0]), y = inputs.Length > 1 ? graph.Value(inputs[1]) : 0, z = graph.Value(step.Node);
            for (int i = 0; i < step.Sent.Count; i++)
            {
                var sent = step.Sent[i];
                // A number nobody wrote (the 3 of mean's division, leaky_relu's default slope) has no gradient to ask for.
                if (graph.Kind(sent.To) == NodeKind.Constant) continue;
                string rule = LocalRule.For(graph.Layer(step.Node)!, i);
                if (!contributions.TryGetValue(sent.To, out var list))
                {
                    contributions[sent.To] = list = [];
                    order.Add(sent.To);
                }
                list.Add(new QuizContribution($"{labels.Of(step.Node)} {graph.Layer(step.Node)!.Name}", rule,
                    LocalRule.Plugged(rule, step.Dout, x, y, z, number), sent.Gradient));
            }
        }
        return order.Select(node => new QuizQuestion(node, labels.Of(node), Describe(graph, node, labels, number),
            outcome.Gradients[node], contributions[node])).ToList();
    }

    /// <summary>Reads an answer: a number (<c>0.5</c>, <c>-2</c>, <c>1e-3</c>, <c>NaN</c>) or a constant expression (<c>1/3</c>).</summary>
    public static bool TryRead(string answer, out double value)
    {
        string text = answer.Trim();
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }
        if (text.Length == 0 || text.StartsWith(':'))
        {
            return false;
        }
        var (expr, diagnostics) = Syntax.SyntaxParser.ParseExpression(new SourceLine("<answer>", 1, text));
        if (expr is null || diagnostics.Any(d => d.IsError))
        {
            return false;
        }
        var outcome = new Session().Gradient(expr, new SourceLine("<answer>", 1, text));
        value = outcome.Value;
        return outcome.Succeeded;
    }

    public static bool IsRight(double answer, double expected)
    {
        if (double.IsNaN(expected)) return double.IsNaN(answer);
        if (double.IsInfinity(expected)) return answer == expected;
        double difference = Math.Abs(answer - expected);
        return expected == 0 ? difference <= 1e-9 : difference <= RelativeTolerance * Math.Abs(expected);
    }

    /// <summary>
    /// A small expression to practise on: <paramref name="layers"/> layers (3 to 6 when null) of +, - and *
    /// over the digits 1 to 9, each new layer taking what came before on its left or its right.
    /// </summary>
    public static string RandomExpression(Random random, int? layers = null)
    {
        int count = layers ?? random.Next(3, 7);
        char[] operators = ['+', '-', '*'];
        // Each part is its text and its loosest operator (' ' for a single digit), so parentheses go only where the graph needs them.
        (string Text, char Top) expression = (Digit(random), ' ');
        for (int i = 0; i < count; i++)
        {
            char op = operators[random.Next(operators.Length)];
            (string Text, char Top) other = (Digit(random), ' ');
            // Two fresh digits now and then, so the graph is not always a chain.
            if (i + 1 < count && random.Next(3) == 0)
            {
                char inner = operators[random.Next(operators.Length)];
                other = ($"{Digit(random)} {inner} {Digit(random)}", inner);
                i++;
            }
            var (left, right) = random.Next(2) == 0 ? (expression, other) : (other, expression);
            expression = ($"{Operand(left, op, isRight: false)} {op} {Operand(right, op, isRight: true)}", op);
        }
        return expression.Text;
    }

    /// <summary>
    /// An operand as written next to <paramref name="op"/>: in parentheses when its own operator binds more loosely,
    /// or, on the right, when it binds the same (a - (b - c), a * (b * c): the parentheses keep the graph as made).
    /// </summary>
    private static string Operand((string Text, char Top) part, char op, bool isRight)
    {
        if (part.Top == ' ') return part.Text;
        int Rank(char c) => c == '*' ? 2 : 1;
        bool needed = Rank(part.Top) < Rank(op) || (isRight && Rank(part.Top) == Rank(op));
        return needed ? $"({part.Text})" : part.Text;
    }

    private static string Digit(Random random) => random.Next(1, 10).ToString(CultureInfo.InvariantCulture);

    /// <summary><c>#1 MulLayer, value 2</c>, or <c>literal 10</c>, <c>input x = 3</c>.</summary>
    private static string Describe(ComputationGraph graph, int node, StepLabels labels, Func<double, string> number) => graph.Kind(node) switch
    {
        NodeKind.Operation => Messages.QuizAboutLayer(labels.WithLayer(node), number(graph.Value(node))),
        NodeKind.Literal => Messages.QuizAboutLiteral(labels.Of(node), NodeLabels.Position(graph, node)),
        _ => Messages.QuizAboutInput(labels.Of(node), number(graph.Value(node))),
    };

    /// <summary>What a wrong answer is told: each use's rule with the numbers plugged in, and the right answer.</summary>
    public static string Correction(QuizQuestion question, Func<double, string> number) =>
        Messages.QuizWrong(question.Label, number(question.Answer),
            question.Contributions.Select(c => Messages.QuizContribution(c.From, c.Rule, c.Plugged, number(c.Value))).ToList());
}
