using System.Text.Json;
using System.Text.RegularExpressions;
using Backprop.Lang.Evaluation;
using Backprop.Repl.Output;
using Backprop.Repl.Running;
using Backprop.Repl.Terminal;
using static Backprop.Repl.Tests.Printed;

namespace Backprop.Repl.Tests;

/// <summary>Issue 12, a learner's day: :explain, :quiz, hints, undefined gradients, widths, --set, several files.</summary>
public sealed class LearnerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private const long Memory = 512L * 1024 * 1024;

    /// <summary>Lines typed into a REPL whose output is <paramref name="width"/> columns wide.</summary>
    private static (string Out, string Err) Repl(string input, int width = ConsoleSetup.PlainWidth)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var interpreter = new Interpreter(new Session(), new HumanReporter(ConsoleSetup.Plain(stdout, width), stderr));
        ReplLoop.Run(interpreter, new TextLineSource(new StringReader(input)));
        return (Normalize(stdout.ToString()), Normalize(stderr.ToString()));
    }

    private static BackpropProcess.Result Process(string[] args, string stdin = "") => BackpropProcess.Run(args, Timeout, Memory, stdin);

    // ---- :explain -------------------------------------------------------------------------------------

    [Fact]
    public void Explain_Seed_NumbersTheStepsAndEndsWithWhyDL1Is60()
    {
        var (output, errors) = Repl(":explain (1*2)*(10+20)\n", width: 200);

        Assert.Empty(errors);
        var lines = Lines(output);
        Assert.Equal("L = 60", lines[0]);
        Assert.StartsWith("1.  Forward: #1 MulLayer computes 1 * 2 = 2.", lines[1]);
        Assert.StartsWith("4.  Backward: #3 MulLayer receives dout = 1", lines[4]);
        Assert.Equal("8.  Why dL/d(1) = 60: the chain rule multiplies the local derivatives on the way from L down to 1, dL/dL = 1, d#3/d#1 = 30, d#1/d(1) = 2, so 1 × 30 × 2 = 60.", lines[^1]);
    }

    [Fact]
    public void Explain_Json_IsOneObjectWithTheSteps()
    {
        var explain = GraphCommandTests.JsonOf("explain", ":explain (1*2)*(10+20)\n");

        Assert.Equal(["kind", "line", "steps"], explain.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, explain.GetProperty("line").GetInt32());
        var steps = explain.GetProperty("steps").EnumerateArray().Select(s => s.GetString()!).ToList();
        Assert.Equal(8, steps.Count);
        Assert.StartsWith("Why dL/d(1) = 60", steps[^1]);
    }

    [Fact]
    public void Explain_WithoutExpression_IsAnErrorAndTheSessionGoesOn()
    {
        var (output, errors) = Repl("x = 2\n:explain\nx\n");

        Assert.Equal("x = 2\n2\n", output);
        Assert.Contains("error: ':explain' needs an expression, as in :explain x*y", errors);
    }

    // ---- :quiz ----------------------------------------------------------------------------------------

    [Fact]
    public void Quiz_PipedAnswers_ScoreTwoOfTwo_ThroughTheRealProcess()
    {
        var result = Process([], ":quiz 3*4\n4\n3\n");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Err);
        Assert.Contains("right: dL/d(3) = 4\n", result.Out);
        Assert.Contains("right: dL/d(4) = 3\n", result.Out);
        Assert.EndsWith("score: 2/2\n", Normalize(result.Out));
    }

    [Fact]
    public void Quiz_WrongAnswer_ShowsTheLocalRuleWithTheNumbersAndTheRightAnswer()
    {
        var (output, errors) = Repl(":quiz 3*4\n3\n3\n");

        Assert.Empty(errors);
        Assert.Contains("not quite: #1 MulLayer applies dx = dout*y = 1*4 = 4, so dL/d(3) = 4\n", output);
        Assert.Contains("right: dL/d(4) = 3\n", output);
        Assert.EndsWith("score: 1/2\n", output);
    }

    [Fact]
    public void Quiz_ShowsTheGraphForwardThenAsksFromLBackwards()
    {
        var (output, _) = Repl(":quiz (1*2)*(10+20)\n30\n2\n2\n2\n60\n30\n");

        Assert.Equal(["#1", "MulLayer", "1, 2", "2"], Row(output, "#1", "MulLayer"));
        var questions = Lines(output).Where(l => l.Contains("= ?")).Select(l => l.Split("  ")[1]).ToList();
        Assert.Equal(["dL/d(#1) = ?", "dL/d(#2) = ?", "dL/d(10) = ?", "dL/d(20) = ?", "dL/d(1) = ?", "dL/d(2) = ?"], questions);
        Assert.EndsWith("score: 6/6\n", output);
    }

    [Fact]
    public void Quiz_KeepsTheSessionsVariablesAndLineNumbers()
    {
        var (output, errors) = Repl("x = 3\n:quiz x*x\n6\n:vars\nnosuch\n");

        Assert.EndsWith("score: 1/1\n" + """
            ╭──────┬───────┬───────╮
            │ name │ value │ kind  │
            ├──────┼───────┼───────┤
            │ x    │ 3     │ input │
            ╰──────┴───────┴───────╯

            """, output);
        Assert.StartsWith("<repl>:5:1: error: unknown name 'nosuch'", errors);
    }

    [Fact]
    public void Quiz_EndOfInputOrACommand_StopsItWithTheScoreSoFar()
    {
        Assert.EndsWith("score: 1/1 (the quiz stopped after 1 of 2 questions)\n", Repl(":quiz 3*4\n4\n").Out);
        var (output, _) = Repl(":quiz 3*4\n:vars\n1\n");
        Assert.Contains("score: 0/0 (the quiz stopped after 0 of 2 questions)\n", output);
        Assert.EndsWith("1\n", output);
    }

    [Fact]
    public void Quiz_NotANumber_CountsAsWrong()
    {
        var (output, _) = Repl(":quiz 3*4\nfour\n3\n");

        Assert.Contains("'four' is not a number (counted as wrong)\n", output);
        Assert.EndsWith("score: 1/2\n", output);
    }

    [Fact]
    public void Quiz_WithoutExpression_MakesUpOneOf3To6Layers()
    {
        var (output, errors) = Repl(":quiz\n" + string.Concat(Enumerable.Repeat("0\n", 20)));

        Assert.Empty(errors);
        int layers = TableRows(output).Count - 1;
        Assert.InRange(layers, 3, 6);
        Assert.Matches(new Regex(@"score: \d+/\d+\n"), output);
    }

    [Fact]
    public void Quiz_InAScript_ReadsTheAnswersFromTheNextLines()
    {
        using var temp = new TempDirectory();
        string script = temp.File("quiz.bp", ":quiz 3*4\n4\n3\ny = 1\n");

        var result = GraphCommandTests.Cli(["eval", script]);

        Assert.Equal(0, result.ExitCode);
        Assert.EndsWith("score: 2/2\ny = 1\n", result.Out);
    }

    // ---- undefined gradient of a literal ---------------------------------------------------------------

    [Fact]
    public void Grad_ExponentOfANegativeBase_ShowsUndefinedWithAFootnote_JsonKeepsNaN()
    {
        var (output, _) = Repl("w = 0.5\n:grad (w - 0.9)^2\n");

        Assert.Equal(["2", "literal", "2:17", "2", "undefined"], Row(output, "2", "literal"));
        Assert.Equal(["w", "input", "", "0.5", "-0.8"], Row(output, "w", "input"));
        Assert.Contains("\nundefined: the derivative with respect to this literal does not exist", output);
        Assert.DoesNotContain("NaN", output);

        var grad = GraphCommandTests.JsonOf("grad", "w = 0.5\n:grad (w - 0.9)^2\n");
        var literal = grad.GetProperty("leaves").EnumerateArray().Single(l => l.GetProperty("name").GetString() == "2");
        Assert.Equal("NaN", literal.GetProperty("grad").GetString());
    }

    // ---- hints -----------------------------------------------------------------------------------------

    [Theory]
    [InlineData("help", "'help' is a command: did you mean :help?")]
    [InlineData("quit", "'quit' is a command: did you mean :quit?")]
    [InlineData("exit", "'exit' is a command: did you mean :quit?")]
    [InlineData("vars", "'vars' is a command: did you mean :vars?")]
    [InlineData("grad x*x", "'grad' is a command: did you mean :grad x*x?")]
    [InlineData("sigmoid 0", "missing parentheses: 'sigmoid' is a function, call it as sigmoid(0)")]
    public void Hint_CommandWithoutColonOrCallWithoutParentheses(string line, string message)
    {
        var (_, errors) = Repl(line + "\n");

        Assert.Contains($"error: {message}\n", errors);
    }

    [Fact]
    public void Hint_NotGivenWhenTheWordIsAVariable()
    {
        var (output, errors) = Repl("vars = 2\nvars\nhelp + 1\n");

        Assert.Equal("vars = 2\n2\n", output);
        Assert.Contains("did you mean :help + 1?", errors);
    }

    [Fact]
    public void ReboundName_ShownAsXAt1_CanBeTypedBackInWrt()
    {
        var (output, errors) = Repl("x = 1\ny = x*x\nx = 2\n:descend x*y wrt x@1 steps=1\n");

        Assert.Empty(errors);
        Assert.Equal(["x@1", "1", "0.6"], Row(output, "x@1"));
    }

    // ---- numbers and settings --------------------------------------------------------------------------

    [Fact]
    public void Numbers_LookTheSameEverywhere()
    {
        var (output, _) = Repl("x = 0.000001\nx\n:check x*x\n");

        Assert.DoesNotMatch(new Regex(@"\dE[-+]|e\+|e-0\d"), output);
        Assert.Contains("x = 1e-6\n1e-6\n", output);
        Assert.Contains("agree within 1e-6 (step eps = 1e-6", output);
    }

    // ---- :trace numbering and :dot edges ---------------------------------------------------------------

    [Fact]
    public void Trace_NodeNumbers_HaveNoGaps_AndTheHelpSaysSo()
    {
        var (output, _) = Repl("x = 3\n:trace (x + 1) * (2 * x) - x\n:help trace\n");

        var nodes = TableRows(output).Select(r => r[0]).Where(c => c.StartsWith('#')).Distinct().ToList();
        Assert.Equal(["#1", "#2", "#3", "#4"], nodes);
        Assert.Contains("(#1, #2, ...;", output);
        Assert.Contains("x ← 3, sum 6", Repl("x = 3\n:trace x*x\n").Out);
        Assert.Contains("x ← 3, sum 6", output.Replace("\n", " ") + Repl("x = 3\n:trace x*x\n").Out);
    }

    [Fact]
    public void Dot_ReusedInput_HasOneEdgePerUseEachWithItsGradient()
    {
        var (output, _) = Repl("x = 3\ny = 2\n:dot x*y + x\n");

        var edges = Lines(output).Where(l => l.Contains("n0 -> ")).ToList();
        Assert.Equal(2, edges.Count);
        Assert.Contains("#c0392b\">2</font>", edges[0]); // x as the left input of x*y gets y = 2
        Assert.Contains("#c0392b\">1</font>", edges[1]); // x added gets 1
        Assert.Equal(2, Lines(Repl("x = 3\n:dot x*x\n").Out).Count(l => l.Contains("n0 -> n1")));
    }

    // ---- the command line ------------------------------------------------------------------------------

    [Fact]
    public void Grad_SetBindsInputsFromTheCommandLine()
    {
        var result = Process(["grad", "x*x + y", "--set", "x=3", "--set", "y=1"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Err);
        Assert.StartsWith("L = 10\n", Normalize(result.Out));
        Assert.Equal(["x", "input", "", "3", "6"], Row(result.Out, "x", "input"));
    }

    [Fact]
    public void Grad_SetWithoutEquals_IsAUsageError_AndABadValueAnInputError()
    {
        var usage = GraphCommandTests.Cli(["grad", "x*x", "--set", "x"]);
        Assert.Equal(2, usage.ExitCode);
        Assert.Contains("--set needs NAME=VALUE, as in --set x=3, not 'x'", usage.Err);

        var bad = GraphCommandTests.Cli(["grad", "x*x", "--set", "x=1+"]);
        Assert.Equal(1, bad.ExitCode);
        Assert.StartsWith("<--set>:1:", bad.Err);
    }

    [Fact]
    public void Grad_Json_WithSet_ReportsTheVariable()
    {
        var result = GraphCommandTests.Cli(["grad", "--json", "x*x", "--set", "x=3"]);

        Assert.Equal(0, result.ExitCode);
        var grad = JsonDocument.Parse(Lines(result.Out).Single()).RootElement;
        var x = grad.GetProperty("leaves").EnumerateArray().Single();
        Assert.Equal(6, x.GetProperty("grad").GetDouble());
    }

    // ---- width -----------------------------------------------------------------------------------------

    private const string LongNumbers = "x = 0.37\n:trace sigmoid(x*1.234567)*exp(x/3.14159)/(x + 7.777777) + tanh(x - 0.123456789)\n";

    [Theory]
    [InlineData(60)]
    [InlineData(200)]
    public void Width_TraceGraphAndHelp_FitAndNeverSplitANumberOrAWord(int width)
    {
        var (wide, _) = Repl(LongNumbers + ":help\n:help descend\n", width: 1000);
        var (output, errors) = Repl(LongNumbers + ":help\n:help descend\n", width);

        Assert.Empty(errors);
        Assert.All(Lines(output), line => Assert.True(line.Length <= width, $"{line.Length} > {width}: {line}"));
        // Every number the wide output shows is in the narrow one whole, or cut with a visible '…'.
        foreach (Match number in Regex.Matches(wide, @"(?<![\w.#@])-?\d+(\.\d+)?(e-?\d+)?(?![\w.])"))
        {
            string n = number.Value;
            bool whole = Regex.IsMatch(output, $@"(?<![\w.#@]){Regex.Escape(n)}(?![\w.])");
            bool elided = Enumerable.Range(1, n.Length - 1).Any(k => output.Contains(n[..k] + "…"));
            Assert.True(whole || elided, $"{n} is split at width {width}");
        }
        // The help's words are the same words, in the same order, only wrapped.
        Assert.Equal(HelpWords(wide), HelpWords(output));
    }

    private static string[] HelpWords(string output) =>
        output[output.IndexOf("Statements:", StringComparison.Ordinal)..].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void Width_GradientPicture_ThatDoesNotFit_IsReplacedByANote()
    {
        string line = ":grad 1.5*2.25 + 3.125*4.0625 + 5.03125*6.015625 + 7.0078125*8.00390625\n";

        var (narrow, _) = Repl(line, width: 60);
        var (wide, _) = Repl(line, width: 200);

        Assert.Contains("(the picture of the gradients under the expression needs", narrow);
        Assert.All(Lines(narrow), l => Assert.True(l.Length <= 60, l));
        Assert.Contains("  " + line.TrimEnd(), wide);
    }

    [Fact]
    public void Width_Graph_FitsAt60()
    {
        var (output, _) = Repl("x = 0.37\n:graph sigmoid(x*1.234567)*exp(x/3.14159)/(x + 7.777777)\n", width: 60);

        Assert.All(Lines(output), l => Assert.True(l.Length <= 60, l));
        Assert.Contains("value 0.37", output);
    }
}
