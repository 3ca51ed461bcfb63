using Backprop.Web.Components;
using Bunit;

namespace Backprop.Web.Tests;

/// <summary><c>:quiz</c> on the page (bUnit): one question at a time, each answer judged as the REPL judges it, the score at the end.</summary>
public sealed class QuizPanelTests : BunitContext
{
    private IRenderedComponent<Playground> RunScript(string script)
    {
        var page = Render<Playground>();
        page.Find("[data-testid=source]").Input(script);
        page.Find("[data-testid=run]").Click();
        return page;
    }

    private static void Answer(IRenderedComponent<Playground> page, string answer)
    {
        page.Find("[data-testid=quiz-answer]").Input(answer);
        page.Find("[data-testid=quiz-submit]").Click();
    }

    private static string[] Feedback(IRenderedComponent<Playground> page) =>
        page.FindAll("[data-testid=quiz-feedback]").Select(f => f.TextContent).ToArray();

    [Fact]
    public void Quiz_ShowsTheExpression_AndAsksTheFirstQuestion_WithoutGivingTheGradientsAway()
    {
        var page = RunScript(":quiz 3*4");
        Assert.Contains("3*4 = 12", page.Find("[data-testid=quiz]").TextContent);
        Assert.Equal("1/2  dL/d(3) = ?   (the literal 3 at 1:7)", page.Find("[data-testid=quiz-question]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=gradients]"));
        Assert.Empty(page.FindAll("[data-testid=quiz-score]"));
        Assert.Empty(page.FindAll("[data-testid=error]"));
    }

    [Fact]
    public void RightAnswer_SaysSo_AndMovesOn()
    {
        var page = RunScript(":quiz 3*4");
        Answer(page, "4");
        Assert.Equal(["right: dL/d(3) = 4"], Feedback(page));
        Assert.StartsWith("2/2  dL/d(4) = ?", page.Find("[data-testid=quiz-question]").TextContent);
        Assert.Equal("", page.Find("[data-testid=quiz-answer]").GetAttribute("value"));
    }

    [Fact]
    public void WrongAnswer_ShowsTheLocalRuleWithItsNumbers_AndTheRightAnswer()
    {
        var page = RunScript(":quiz 3*4");
        Answer(page, "12");
        string feedback = Assert.Single(Feedback(page));
        Assert.Equal("not quite: #1 MulLayer applies dx = dout*y = 1*4 = 4, so dL/d(3) = 4", feedback);
        Assert.Equal("1/2  dL/d(3) = ?   (the literal 3 at 1:7) → 12", page.Find(".quiz-answered .asked").TextContent);
        Assert.StartsWith("2/2  dL/d(4) = ?", page.Find("[data-testid=quiz-question]").TextContent);
    }

    [Fact]
    public void AnswersFourAndThree_ScoreTwoOutOfTwo()
    {
        var page = RunScript(":quiz 3*4");
        Answer(page, "4");
        Answer(page, "3");
        Assert.Equal(["right: dL/d(3) = 4", "right: dL/d(4) = 3"], Feedback(page));
        Assert.Equal("score: 2/2", page.Find("[data-testid=quiz-score]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=quiz-question]"));
        Assert.Empty(page.FindAll("[data-testid=quiz-answer]"));
    }

    [Fact]
    public void OneWrongAnswer_ScoresOneOutOfTwo_AndNotANumberIsWrong()
    {
        var page = RunScript(":quiz 3*4");
        Answer(page, "four");
        Answer(page, "6/2");
        var feedback = Feedback(page);
        Assert.StartsWith("'four' is not a number (counted as wrong)", feedback[0]);
        Assert.Contains("so dL/d(3) = 4", feedback[0]);
        Assert.Equal("right: dL/d(4) = 3", feedback[1]);
        Assert.Equal("score: 1/2", page.Find("[data-testid=quiz-score]").TextContent);
    }

    [Fact]
    public void Quiz_ReadsTheSessionsVariables_AndLeavesThemAsTheyWere()
    {
        var page = RunScript("x = 3\n:quiz x*x\n:vars");
        Assert.Contains("x*x = 9", page.Find("[data-testid=quiz]").TextContent);
        Answer(page, "6");
        Assert.Equal(["right: dL/d(x) = 6"], Feedback(page));
        Assert.Equal("score: 1/1", page.Find("[data-testid=quiz-score]").TextContent);
        Assert.EndsWith("x = 3", page.Find("[data-testid=output]").TextContent);
    }

    [Fact]
    public void QuizWithoutAnExpression_MakesASmallRandomOne()
    {
        var page = RunScript(":quiz");
        Assert.NotEmpty(page.Find("[data-testid=quiz-question]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=error]"));
    }

    [Fact]
    public void BadQuizExpression_IsAnErrorWithItsCaret()
    {
        var page = RunScript(":quiz nosuch");
        Assert.Contains("unknown name 'nosuch'", page.Find("[data-testid=error]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=quiz]"));
    }

    [Fact]
    public void HelpQuiz_DescribesIt()
    {
        var page = RunScript(":help quiz");
        Assert.StartsWith("  1│ :quiz [EXPR]", page.Find("[data-testid=output]").TextContent);
    }
}
