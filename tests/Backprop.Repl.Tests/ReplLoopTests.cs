using Backprop.Lang.Evaluation;
using Backprop.Repl.Output;
using Backprop.Repl.Running;
using Backprop.Repl.Terminal;
using static Backprop.Repl.Tests.Printed;

namespace Backprop.Repl.Tests;

public sealed class ReplLoopTests
{
    /// <summary>Types <paramref name="input"/> into a fresh REPL and returns what it printed on stdout and stderr.</summary>
    private static (string Out, string Err) Repl(string input) => Repl(new StringReader(input));

    private static (string Out, string Err) Repl(TextReader input)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var interpreter = new Interpreter(new Session(), new HumanReporter(ConsoleSetup.Plain(stdout), stderr));
        ReplLoop.Run(interpreter, new TextLineSource(input));
        return (Normalize(stdout.ToString()), Normalize(stderr.ToString()));
    }

    // ---- Statements ------------------------------------------------------------------------------------

    /// <summary>A command whose usage takes EXPR must be parsed with the grammar, or its handler gets no expression.</summary>
    [Fact]
    public void EveryCommandThatTakesAnExpression_IsParsedAsOne()
    {
        foreach (var command in Backprop.Repl.Commands.CommandTable.All)
        {
            bool optional = command.Usage.Contains("[EXPR]");
            Assert.Equal(command.Usage.Contains("EXPR") && !optional, Backprop.Lang.Syntax.CommandSyntax.TakesExpression(command.Name));
            Assert.Equal(optional, Backprop.Lang.Syntax.CommandSyntax.TakesOptionalExpression(command.Name));
        }
    }

    [Fact]
    public void Run_BareExpression_PrintsItsValue()
    {
        var (output, errors) = Repl("1+2\n");

        Assert.Equal("3\n", output);
        Assert.Empty(errors);
    }

    [Fact]
    public void Run_Assignment_PrintsNameEqualsValue()
    {
        var (output, errors) = Repl("x = 3\ny = x * x\n");

        Assert.Equal("x = 3\ny = 9\n", output);
        Assert.Empty(errors);
    }

    [Fact]
    public void Run_BlankLinesAndComments_PrintNothing()
    {
        var (output, errors) = Repl("\n   \n# a comment\n1 # trailing\n");

        Assert.Equal("1\n", output);
        Assert.Empty(errors);
    }

    [Fact]
    public void Run_DefaultPrecision_HidesFloatingPointNoise()
    {
        var (output, _) = Repl("1.1 * 100\n");

        Assert.Equal("110\n", output);
    }

    // ---- Errors ----------------------------------------------------------------------------------------

    [Fact]
    public void Run_ErrorMidSession_KeepsEarlierVariablesAndRunsLaterLines()
    {
        var (output, errors) = Repl("x = 3\ny = x + nosuch\nx * 2\nz = x + 1\n");

        Assert.Equal("x = 3\n6\nz = 4\n", output);
        Assert.StartsWith("<repl>:2:9: error: unknown name 'nosuch'", errors);
    }

    [Fact]
    public void Run_FailedAssignment_LeavesTheNameUnbound()
    {
        var (output, errors) = Repl("y = nosuch\ny\n");

        Assert.Empty(output);
        Assert.Contains("<repl>:1:5: error: unknown name 'nosuch'", errors);
        Assert.Contains("<repl>:2:1: error: unknown name 'y'", errors);
    }

    [Fact]
    public void Run_FailedReassignment_KeepsTheOldValue()
    {
        var (output, _) = Repl("x = 3\nx = nosuch\nx\n");

        Assert.Equal("x = 3\n3\n", output);
    }

    [Fact]
    public void Run_Error_ShowsSourceLineAndCaretUnderTheSpanOnStderr()
    {
        var (output, errors) = Repl("x = 1\ny = x + nosuch\n");

        Assert.Equal("x = 1\n", output);
        Assert.Equal(
            "<repl>:2:9: error: unknown name 'nosuch': assign it first, as in nosuch = 1\n" +
            "  y = x + nosuch\n" +
            "          ^^^^^^\n",
            errors);
    }

    [Fact]
    public void Run_ParseError_IsReportedAndTheSessionGoesOn()
    {
        var (output, errors) = Repl("1 +\n2\n");

        Assert.Equal("2\n", output);
        Assert.StartsWith("<repl>:1:4: error: ", errors);
    }

    [Fact]
    public void Run_Warning_PrintsTheValueAndTheWarning()
    {
        var (output, errors) = Repl("log(0)\n");

        Assert.Equal("-Infinity\n", output);
        Assert.StartsWith("<repl>:1:1: warning: log(0) is -Infinity", errors);
    }

    // ---- Continuation lines ----------------------------------------------------------------------------

    private static string Hint(int line, int column) => Backprop.Repl.ReplMessages.StillOpen(line, column) + "\n";

    [Fact]
    public void Run_UnclosedParenthesis_ContinuesOnTheNextLine()
    {
        var (output, errors) = Repl("x = (1 +\n2) * 3\nx\n");

        Assert.Equal(Hint(1, 5) + "x = 9\n9\n", output);
        Assert.Empty(errors);
    }

    [Fact]
    public void Run_UnclosedParenthesis_ContinuesOverSeveralLines()
    {
        var (output, errors) = Repl("max(1,\n(2 +\n3))\n");

        Assert.Equal(Hint(1, 4) + "5\n", output);
        Assert.Empty(errors);
    }

    [Fact]
    public void Run_ParenthesisInComment_DoesNotContinue()
    {
        var (output, errors) = Repl("1 # (not code\n2\n");

        Assert.Equal("1\n2\n", output);
        Assert.Empty(errors);
    }

    [Fact]
    public void Run_UnclosedParenthesis_SaysWhyThePromptContinues()
    {
        var (output, _) = Repl("x = (1 +\n2)\n");

        Assert.StartsWith("..> (a '(' at 1:5 is still open", output);
        Assert.EndsWith("x = 3\n", output);
    }

    [Theory]
    [InlineData(":quit")]
    [InlineData(":vars")]
    [InlineData("")]
    public void Run_ACommandOrAnEmptyLine_EndsTheContinuation_WithTheErrorAtTheOpenParenthesis(string next)
    {
        var (output, errors) = Repl($"a = 5\nb = (a +\n1\n{next}\nc = 2\n");

        // The error is at the '(' on line 2, where the statement began, not at the line that ended it.
        Assert.StartsWith("<repl>:2:5: error: this '(' is never closed", errors);
        if (next == ":quit")
        {
            Assert.DoesNotContain("c = 2", output);
        }
        else
        {
            Assert.Contains("c = 2", output);
        }
        if (next == ":vars") Assert.Contains("a", output);
    }

    [Fact]
    public void Run_UnclosedParenthesisAtEndOfInput_IsReported()
    {
        var (output, errors) = Repl("x = 1\ny = (x + 2\n");

        Assert.Equal("x = 1\n" + Hint(2, 5), output);
        Assert.StartsWith("<repl>:2:5: error: this '(' is never closed", errors);
    }

    // ---- :grad -----------------------------------------------------------------------------------------

    [Fact]
    public void Grad_InlineLiterals_ReportsEachLiteralsPositionAndGradient()
    {
        var (output, errors) = Repl(":grad (1*2)*(10+20)\n");

        Assert.Empty(errors);
        Assert.StartsWith("L = 60\n", output);
        Assert.Equal(["1", "literal", "1:8", "1", "60"], Row(output, "1", "literal"));
        Assert.Equal(["2", "literal", "1:10", "2", "30"], Row(output, "2", "literal"));
        Assert.Equal(["10", "literal", "1:14", "10", "2"], Row(output, "10", "literal"));
        Assert.Equal(["20", "literal", "1:17", "20", "2"], Row(output, "20", "literal"));
    }

    [Fact]
    public void Grad_InlineLiterals_DrawsGradientsUnderTheExpression()
    {
        var (output, _) = Repl(":grad (1*2)*(10+20)\n");

        Assert.Contains(
            "  :grad (1*2)*(10+20)\n" +
            "         │ │   │  │\n" +
            "         60│   2  2\n" +
            "           30\n",
            output);
    }

    [Fact]
    public void Grad_ReusedVariable_SumsContributionsAndListsIntermediates()
    {
        var (output, errors) = Repl("x = 3\ny = x * x\n:grad y + x\n");

        Assert.Empty(errors);
        Assert.Contains("L = 12\n", output);
        Assert.Equal(["x", "input", "", "3", "7"], Row(output, "x", "input"));
        Assert.Equal(["y", "9", "1"], Row(output, "y", "9"));
    }

    [Fact]
    public void Grad_UnknownName_IsAnErrorAndTheSessionGoesOn()
    {
        var (output, errors) = Repl(":grad nosuch * 2\n1\n");

        Assert.Equal("1\n", output);
        Assert.StartsWith("<repl>:1:7: error: unknown name 'nosuch'", errors);
    }

    [Fact]
    public void Grad_WithoutExpression_IsAnError()
    {
        var (output, errors) = Repl(":grad\n1\n");

        Assert.Equal("1\n", output);
        Assert.StartsWith("<repl>:1:", errors);
        Assert.Contains(": error: ", errors);
    }

    // ---- :vars -----------------------------------------------------------------------------------------

    [Fact]
    public void Vars_ListsInputsAndIntermediatesInOrder()
    {
        var (output, errors) = Repl("x = 3\ny = x * x\nc = 2\n:vars\n");

        Assert.Empty(errors);
        var rows = TableRows(output);
        Assert.Equal(
            [["name", "value", "kind"], ["x", "3", "input"], ["y", "9", "intermediate"], ["c", "2", "input"]],
            rows);
    }

    [Fact]
    public void Vars_NoVariables_SaysHowToMakeOne()
    {
        var (output, errors) = Repl(":vars\n");

        Assert.Equal(ReplMessages.NoVariables + "\n", output);
        Assert.Empty(errors);
    }

    [Fact]
    public void Vars_WithArgument_IsAnError()
    {
        var (output, errors) = Repl(":vars x\n");

        Assert.Empty(output);
        Assert.StartsWith("<repl>:1:7: error: ':vars' takes no argument", errors);
    }

    // ---- :set ------------------------------------------------------------------------------------------

    [Fact]
    public void Set_PrecisionFull_ShowsRoundTripDigits()
    {
        var (output, errors) = Repl(":set precision full\n1.1 * 100\n");

        Assert.Equal("precision = full\n110.00000000000001\n", output);
        Assert.Empty(errors);
    }

    [Fact]
    public void Set_PrecisionFull_AppliesToGradientTables()
    {
        var (output, _) = Repl(":set precision full\napple = 100\nnum = 2\ntax = 1.1\n:grad apple * num * tax\n");

        Assert.Equal(["num", "input", "", "2", "110.00000000000001"], Row(output, "num", "input"));
    }

    [Fact]
    public void Set_PrecisionDigits_RoundsToThatManySignificantDigits()
    {
        var (output, errors) = Repl(":set precision 3\n1/3\n2/3\n");

        Assert.Equal("precision = 3\n0.333\n0.667\n", output);
        Assert.Empty(errors);
    }

    [Fact]
    public void Set_PrecisionBackToDefault_HidesNoiseAgain()
    {
        var (output, _) = Repl(":set precision full\n:set precision 12\n1.1 * 100\n");

        Assert.EndsWith("110\n", output);
    }

    [Theory]
    [InlineData("bad")]
    [InlineData("0")]
    [InlineData("18")]
    [InlineData("-1")]
    public void Set_BadPrecision_IsAnErrorAndKeepsThePrecision(string value)
    {
        var (output, errors) = Repl($":set precision {value}\n1/3\n");

        Assert.Equal("0.333333333333\n", output);
        Assert.StartsWith("<repl>:1:6: error: ", errors);
        Assert.Contains(ReplMessages.BadPrecision(value), errors);
    }

    [Fact]
    public void Set_PrecisionWithoutValue_ShowsTheCurrentSetting()
    {
        var (output, errors) = Repl(":set precision\n:set precision 4\n:set precision\n");

        Assert.Equal("precision = 12\nprecision = 4\nprecision = 4\n", output);
        Assert.Empty(errors);
    }

    [Fact]
    public void Set_UnknownSetting_IsAnError()
    {
        var (output, errors) = Repl(":set colour red\n");

        Assert.Empty(output);
        Assert.Contains(ReplMessages.UnknownSetting("colour"), errors);
    }

    [Fact]
    public void Set_NoArgument_ShowsTheCurrentPrecision()
    {
        var (output, errors) = Repl(":set\n:set precision full\n:set\n");

        Assert.Equal("precision = 12\nprecision = full\nprecision = full\n", output);
        Assert.Empty(errors);
    }

    // ---- :load -----------------------------------------------------------------------------------------

    [Fact]
    public void Load_Script_RunsItInThisSessionAndItsVariablesStay()
    {
        using var temp = new TempDirectory();
        string script = temp.File("lib.bp", "a = 2\nb = a * 5\n");

        var (output, errors) = Repl($"x = 1\n:load {script}\nb + x\n");

        Assert.Equal("x = 1\na = 2\nb = 10\n11\n", output);
        Assert.Empty(errors);
    }

    [Fact]
    public void Load_ScriptSeesTheSessionsVariables()
    {
        using var temp = new TempDirectory();
        string script = temp.File("use.bp", "y = x * 10\n");

        var (output, errors) = Repl($"x = 4\n:load {script}\n");

        Assert.Equal("x = 4\ny = 40\n", output);
        Assert.Empty(errors);
    }

    [Fact]
    public void Load_ScriptWithError_StopsThereNamesTheFileAndTheReplGoesOn()
    {
        using var temp = new TempDirectory();
        string script = temp.File("broken.bp", "a = 1\nb = nosuch\nc = 3\n");

        var (output, errors) = Repl($":load {script}\na + 1\nc\n");

        Assert.Equal("a = 1\n2\n", output);
        Assert.StartsWith($"{script}:2:5: error: unknown name 'nosuch'", errors);
        Assert.Contains("<repl>:3:1: error: unknown name 'c'", errors);
    }

    [Fact]
    public void Load_NestedRelativePath_IsRelativeToTheLoadingScript()
    {
        using var temp = new TempDirectory();
        temp.File("inner.bp", "inner = 7\n");
        string outer = temp.File("outer.bp", ":load inner.bp\nouter = inner + 1\n");

        var (output, errors) = Repl($":load {outer}\n");

        Assert.Equal("inner = 7\nouter = 8\n", output);
        Assert.Empty(errors);
    }

    [Fact]
    public void Load_MissingFile_IsAnErrorAtTheArgumentAndTheReplGoesOn()
    {
        using var temp = new TempDirectory();
        string missing = Path.Combine(temp.Path, "nope.bp");

        var (output, errors) = Repl($":load {missing}\n1\n");

        Assert.Equal("1\n", output);
        Assert.StartsWith($"<repl>:1:7: error: {ReplMessages.FileNotFound(missing)}", errors);
    }

    [Fact]
    public void Load_Directory_IsAnError()
    {
        using var temp = new TempDirectory();

        var (output, errors) = Repl($":load {temp.Path}\n");

        Assert.Empty(output);
        Assert.Contains(ReplMessages.IsDirectory(temp.Path), errors);
    }

    [Fact]
    public void Load_WithoutArgument_IsAnError()
    {
        var (output, errors) = Repl(":load\n");

        Assert.Empty(output);
        Assert.Contains(ReplMessages.MissingArgument("load", ":load FILE"), errors);
    }

    [Fact]
    public void Load_ScriptThatLoadsItself_StopsWithAnError()
    {
        using var temp = new TempDirectory();
        string script = temp.File("self.bp", ":load self.bp\n");

        var (_, errors) = Repl($":load {script}\n");

        Assert.Contains(ReplMessages.LoadNestedTooDeeply(Interpreter.MaxLoadDepth), errors);
    }

    [Fact]
    public void Load_ScriptEndingInQuit_StopsTheScriptButNotTheRepl()
    {
        using var temp = new TempDirectory();
        string script = temp.File("quits.bp", "a = 1\n:quit\nb = 2\n");

        var (output, errors) = Repl($":load {script}\na + 1\n");

        Assert.Equal("a = 1\n2\n", output);
        Assert.Empty(errors);
    }

    // ---- :reset ----------------------------------------------------------------------------------------

    [Fact]
    public void Reset_ForgetsEveryVariable()
    {
        var (output, errors) = Repl("x = 3\ny = x * 2\n:reset\n:vars\nx\n");

        Assert.Equal($"x = 3\ny = 6\n{ReplMessages.Reset}\n{ReplMessages.NoVariables}\n", output);
        Assert.StartsWith("<repl>:5:1: error: unknown name 'x'", errors);
    }

    [Fact]
    public void Reset_ThenAssign_StartsAfresh()
    {
        var (output, errors) = Repl("x = 3\n:reset\nx = 5\n:grad x * x\n");

        Assert.Empty(errors);
        Assert.Equal(["x", "input", "", "5", "10"], Row(output, "x", "input"));
    }

    [Fact]
    public void Reset_BringsBackAConstantAVariableHid()
    {
        var (output, errors) = Repl("e = 1\ne = 2\ne\n:reset\ne\ne = 3\n");

        Assert.Equal($"e = 1\ne = 2\n2\n{ReplMessages.Reset}\n2.71828182846\ne = 3\n", output);
        // The note comes once per session: the first e = 1, and again only after :reset.
        Assert.Equal(2, errors.Split("hiding the constant e").Length - 1);
        Assert.Contains("<repl>:1:1: warning:", errors);
        Assert.Contains("<repl>:6:1: warning:", errors);
    }

    // ---- :help -----------------------------------------------------------------------------------------

    [Fact]
    public void Help_ListsEveryCommand()
    {
        var (output, errors) = Repl(":help\n");

        Assert.Empty(errors);
        foreach (string usage in new[] { ":grad EXPR", ":vars", ":set precision [full|N]", ":load FILE", ":reset", ":help [COMMAND]", ":quit" })
        {
            Assert.Contains("  " + usage, output);
        }
    }

    [Theory]
    [InlineData(":help grad")]
    [InlineData(":help :grad")]
    public void Help_Command_ExplainsThatCommand(string line)
    {
        var (output, errors) = Repl(line + "\n");

        Assert.Empty(errors);
        Assert.StartsWith(":grad EXPR\n", output);
        Assert.Contains(":grad (1*2)*(10+20)", output);
        Assert.DoesNotContain(":load FILE", output);
    }

    [Fact]
    public void Help_UnknownCommand_IsAnErrorUnderTheName()
    {
        var (output, errors) = Repl(":help nosuch\n");

        Assert.Empty(output);
        Assert.Equal(
            "<repl>:1:7: error: unknown command ':nosuch': type :help for the list\n" +
            "  :help nosuch\n" +
            "        ^^^^^^\n",
            errors);
    }

    [Fact]
    public void Help_MisspelledCommand_SuggestsTheNearest()
    {
        var (_, errors) = Repl(":help lod\n");

        Assert.Contains("unknown command ':lod': did you mean ':load'?", errors);
    }

    // ---- :quit -----------------------------------------------------------------------------------------

    [Fact]
    public void Quit_StopsReadingLines()
    {
        var input = new StringReader(":quit\n1+2\n");

        var (output, errors) = Repl(input);

        Assert.Empty(output);
        Assert.Empty(errors);
        Assert.Equal("1+2", input.ReadLine());
    }

    [Fact]
    public void Quit_AfterStatements_KeepsTheirOutput()
    {
        var (output, _) = Repl("x = 1\n:quit\nx = 2\n");

        Assert.Equal("x = 1\n", output);
    }

    [Fact]
    public void Quit_WithArgument_IsAnErrorAndDoesNotQuit()
    {
        var (output, errors) = Repl(":quit now\n1\n");

        Assert.Equal("1\n", output);
        Assert.Contains(ReplMessages.UnexpectedArgument("quit"), errors);
    }

    [Fact]
    public void Run_EndOfInput_EndsTheLoop()
    {
        var (output, errors) = Repl("1\n");

        Assert.Equal("1\n", output);
        Assert.Empty(errors);
    }

    // ---- Unknown commands ------------------------------------------------------------------------------

    [Theory]
    [InlineData(":grda x", "grda", "grad")]
    [InlineData(":vras", "vras", "vars")]
    [InlineData(":reste", "reste", "reset")]
    [InlineData(":quti", "quti", "quit")]
    public void Run_UnknownCommand_SuggestsTheNearest(string line, string typed, string nearest)
    {
        var (output, errors) = Repl(line + "\n");

        Assert.Empty(output);
        Assert.StartsWith($"<repl>:1:1: error: unknown command ':{typed}': did you mean ':{nearest}'?", errors);
    }

    [Fact]
    public void Run_UnknownCommandFarFromAll_PointsToHelp()
    {
        var (_, errors) = Repl(":xyzzyplugh\n");

        Assert.StartsWith("<repl>:1:1: error: unknown command ':xyzzyplugh': type :help for the list", errors);
    }

    [Fact]
    public void Run_UnknownCommand_KeepsTheSessionGoing()
    {
        var (output, _) = Repl("x = 2\n:grda x\nx + 1\n");

        Assert.Equal("x = 2\n3\n", output);
    }
}
