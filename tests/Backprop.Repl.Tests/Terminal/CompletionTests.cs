using Backprop.Repl.Terminal;

namespace Backprop.Repl.Tests.Terminal;

public sealed class CompletionTests
{
    private readonly List<string> _variables = ["apple", "apple_num", "grad_w", "x"];

    private Completion Create() => new(TestTerminal.Commands, TestTerminal.Functions, () => _variables);

    [Fact]
    public void Completion_CommandPrefix_CompletesToGrad()
    {
        Assert.Equal([":grad"], Create().GetCompletions("", ":gr", ""));
    }

    [Fact]
    public void Completion_CommandAfterOtherText_OffersNothing()
    {
        Assert.Null(Create().GetCompletions("x ", ":gr", ""));
    }

    [Fact]
    public void Completion_NameAfterOperators_KeepsTheWordsHead()
    {
        Assert.Equal(["(1*grad_w"], Create().GetCompletions("", "(1*gr", ""));
    }

    [Fact]
    public void Completion_Prefix_OffersFunctionsAndVariablesInOrder()
    {
        _variables.Add("relative");

        Assert.Equal(["relative", "relu"], Create().GetCompletions("1 + ", "rel", ""));
    }

    [Fact]
    public void Completion_VariableDefinedLater_IsOffered()
    {
        var completion = Create();
        _variables.Add("tax");

        Assert.Equal(["2*tanh", "2*tax"], completion.GetCompletions("", "2*ta", ""));
    }

    [Fact]
    public void Completion_WhileCycling_ReturnsTheSameList()
    {
        var completion = Create();
        var first = completion.GetCompletions("y = ", "app", "");

        Assert.Equal(["apple", "apple_num"], first);
        Assert.Equal(first, completion.GetCompletions("y = ", "apple", ""));
        Assert.Equal(first, completion.GetCompletions("y = ", "apple_num", ""));
    }

    [Fact]
    public void Completion_Number_OffersNothing()
    {
        Assert.Null(Create().GetCompletions("", "2*3", ""));
    }

    [Fact]
    public void Completion_Constants_AreOffered()
    {
        Assert.Equal(["2*pi"], Create().GetCompletions("", "2*p", ""));
        Assert.Equal(["e", "exp"], Create().GetCompletions("x = ", "e", ""));
    }

    [Fact]
    public void Completion_EmptyLine_OffersCommandsFirst()
    {
        var all = Create().GetCompletions("", "", "")!.ToList();

        Assert.Equal(TestTerminal.Commands, all.Take(TestTerminal.Commands.Length));
        Assert.Contains("sin", all);
        Assert.Contains("apple", all);
    }
}
