using Backprop.Lang.Analysis;
using Backprop.Lang.Evaluation;
using Backprop.Lang.Layers;
using Backprop.Lang.Text;

namespace Backprop.Lang.Tests;

/// <summary><c>:explain</c> and <c>:quiz</c> as data: the sentences and the questions the front ends render.</summary>
public sealed class LearningTests
{
    private static string N(double value) => NumberText.Format(value, 12);

    private static GradientOutcome Grad(string expression, string? setup = null)
    {
        var session = new Session();
        if (setup is not null) session.Run(setup);
        return session.Gradient(expression);
    }

    [Fact]
    public void Explain_Seed_TellsTheArticlesWalkAndEndsWithWhyDL1Is60()
    {
        var steps = Explanation.Of(Grad("(1*2)*(10+20)"), N).Steps;

        Assert.Equal(
        [
            "Forward: #1 MulLayer computes 1 * 2 = 2.",
            "Forward: #2 AddLayer computes 10 + 20 = 30.",
            "Forward: #3 MulLayer computes #1 * #2 = 2 * 30 = 60; this is the output L.",
            "Backward: #3 MulLayer receives dout = 1 (dL/dL = 1: L is its output) and applies its local rule dx = dout*y, dy = dout*x: it sends dx = 1*30 = 30 to #1 and dy = 1*2 = 2 to #2.",
            "Backward: #2 AddLayer receives dout = 2 (what #3 sent it) and applies its local rule dx = dout*1, dy = dout*1: it sends dx = 2*1 = 2 to 10 and dy = 2*1 = 2 to 20.",
            "Backward: #1 MulLayer receives dout = 30 (what #3 sent it) and applies its local rule dx = dout*y, dy = dout*x: it sends dx = 30*2 = 60 to 1 and dy = 30*1 = 30 to 2.",
            "Result: dL/d(1) = 60, dL/d(2) = 30, dL/d(10) = 2, dL/d(20) = 2.",
            "Why dL/d(1) = 60: the chain rule multiplies the local derivatives on the way from L down to 1, dL/dL = 1, d#3/d#1 = 30, d#1/d(1) = 2, so 1 × 30 × 2 = 60.",
        ], steps);
    }

    [Fact]
    public void Explain_ReusedVariable_SaysWhereTheTwoContributionsAreSummed()
    {
        var steps = Explanation.Of(Grad("x*x", "x = 3"), N).Steps;

        Assert.Contains("dy = 1*3 = 3 to x (x was already sent 3 by another use, so the two are summed: 3 + 3 = 6)", steps[1]);
        Assert.Equal("Why dL/d(x) = 6: x is used 2 times, and backward sums what each use sends: 3 + 3 = 6.", steps[^1]);
    }

    [Fact]
    public void Explain_Function_WritesTheCallAndPlugsTheOutputIntoItsRule()
    {
        var steps = Explanation.Of(Grad("exp(0)"), N).Steps;

        Assert.Equal("Forward: #1 ExpLayer computes exp(0) = 1; this is the output L.", steps[0]);
        Assert.Contains("applies its local rule dx = dout*z: it sends dx = 1*1 = 1 to 0.", steps[1]);
    }

    [Fact]
    public void Explain_NegativeNumbers_AreParenthesisedInTheRule()
    {
        var steps = Explanation.Of(Grad("3 * (0 - 2)"), N).Steps;

        Assert.Contains(steps, s => s.Contains("dx = 1*(-2) = -2 to 3"));
    }

    [Fact]
    public void Explain_HugeGraph_StopsAtMaxStepsAndSaysHowManyItLeftOut()
    {
        var steps = Explanation.Of(Grad(string.Join("+", Enumerable.Repeat("x*x", 6000)), "x = 1.5"), N).Steps;

        // 6,000 products and 5,999 sums, forward and backward: 23,998 steps, of which 10,000 are told.
        Assert.Equal(Explanation.MaxSteps + 1, steps.Count);
        Assert.Equal("... and 13,998 more steps: the explanation stops after 10,000 (use :trace for the whole ledger).", steps[^1]);
    }

    [Fact]
    public void Explain_ManyLeaves_TheResultNamesTheFirstTwentyAndCountsTheRest()
    {
        var steps = Explanation.Of(Grad(string.Join("+", Enumerable.Range(1, 30))), N).Steps;

        Assert.EndsWith("dL/d(20) = 1 and 10 more leaves (:grad lists them all).", steps[^2]);
    }

    [Theory]
    [InlineData("MulLayer", 0, "dx = dout*y")]
    [InlineData("MulLayer", 1, "dy = dout*x")]
    [InlineData("AddLayer", 1, "dy = dout*1")]
    [InlineData("MaxLayer", 1, "dy = dout if y > x else 0")]
    [InlineData("SigmoidLayer", 0, "dx = dout*z*(1 - z)")]
    public void LocalRule_IsThePartOfTheLayersRuleForThatInput(string layer, int input, string expected)
    {
        Layer instance = layer switch
        {
            "MulLayer" => MulLayer.Instance,
            "AddLayer" => AddLayer.Instance,
            "MaxLayer" => MaxLayer.Instance,
            _ => SigmoidLayer.Instance,
        };

        Assert.Equal(expected, LocalRule.For(instance, input));
    }

    [Fact]
    public void Quiz_Seed_AsksEveryNodeFromLBackwardsInputsInWrittenOrder()
    {
        var questions = Quiz.Questions(Grad("(1*2)*(10+20)"), N);

        Assert.Equal(["#1", "#2", "10", "20", "1", "2"], questions.Select(q => q.Label));
        Assert.Equal([30.0, 2, 2, 2, 60, 30], questions.Select(q => q.Answer));
        Assert.Equal("not quite: #3 MulLayer applies dx = dout*y = 1*30 = 30, so dL/d(#1) = 30", Quiz.Correction(questions[0], N));
    }

    [Fact]
    public void Quiz_ReusedNode_IsAskedOnceAndItsCorrectionSumsTheUses()
    {
        var questions = Quiz.Questions(Grad("x*x", "x = 3"), N);

        var x = Assert.Single(questions);
        Assert.Equal(6, x.Answer);
        Assert.Equal("not quite: x is used 2 times and the uses are summed: #1 MulLayer applies dx = dout*y = 1*3 = 3; "
            + "#1 MulLayer applies dy = dout*x = 1*3 = 3; so dL/d(x) = 6", Quiz.Correction(x, N));
    }

    [Theory]
    [InlineData("4", 4.0, true)]
    [InlineData(" 4 ", 4.0, true)]
    [InlineData("0.333", 1.0 / 3, true)]
    [InlineData("1/3", 1.0 / 3, true)]
    [InlineData("0.3", 1.0 / 3, false)]
    [InlineData("-2", -2.0, true)]
    [InlineData("2", -2.0, false)]
    [InlineData("0", 0.0, true)]
    [InlineData("NaN", double.NaN, true)]
    public void Quiz_Answers_AreNumbersOrConstantExpressionsWithinATenthOfAPercent(string answer, double expected, bool right)
    {
        Assert.True(Quiz.TryRead(answer, out double value));
        Assert.Equal(right, Quiz.IsRight(value, expected));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("1 +")]
    [InlineData(":quit")]
    public void Quiz_NonNumbers_AreNotRead(string answer)
    {
        Assert.False(Quiz.TryRead(answer, out _));
    }

    [Fact]
    public void Quiz_RandomExpression_Has3To6LayersOfTheDigitsAndPlusMinusTimes()
    {
        var random = new Random(12);
        for (int i = 0; i < 200; i++)
        {
            string text = Quiz.RandomExpression(random);
            var outcome = new Session().Gradient(text);
            Assert.True(outcome.Succeeded, text);
            int layers = Trace.Of(outcome.Graph).Forward.Count;
            Assert.InRange(layers, 3, 6);
            Assert.All(Trace.Of(outcome.Graph).Forward, step => Assert.Contains(step.Layer, new[] { "AddLayer", "SubLayer", "MulLayer" }));
        }
    }

    [Theory]
    [InlineData(1e-6, null, "1e-6")]
    [InlineData(2.02500000001e-9, 12, "2.02500000001e-9")]
    [InlineData(0.5, 12, "0.5")]
    [InlineData(1e300, null, "1e300")]
    [InlineData(6.02e23, 12, "6.02e23")]
    [InlineData(110.00000000000001, 12, "110")]
    [InlineData(-1.5e-7, 3, "-1.5e-7")]
    [InlineData(double.NaN, 12, "NaN")]
    public void NumberText_WritesExponentsAsTheLanguageReadsThem(double value, int? digits, string expected)
    {
        Assert.Equal(expected, NumberText.Format(value, digits));
    }

    [Fact]
    public void StepLabels_NumberTheLayerNodesWithoutGaps()
    {
        var outcome = Grad("(1*2)*(10+20)");
        var labels = new StepLabels(outcome.Graph);

        Assert.Equal(["1", "2", "#1", "10", "20", "#2", "#3"], Enumerable.Range(0, outcome.Graph.Count).Select(labels.Of));
    }
}
