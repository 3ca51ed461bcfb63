using Backprop.Lang.Syntax;
using Backprop.Lang.Text;
using Backprop.Repl.Output;
using Backprop.Repl.Running;

namespace Backprop.Repl.Cli;

/// <summary>Which expression <c>backprop dot</c> draws: the one given, or the last one a script computes.</summary>
internal readonly record struct DotTarget(Expr Expression, SourceLine Source)
{
    public static DotTarget? FromExpression(string text, IReporter reporter)
    {
        var source = new SourceLine("<arg>", 1, text);
        var (expr, diagnostics) = SyntaxParser.ParseExpression(source);
        foreach (var d in diagnostics) reporter.Diagnostic(d);
        return expr is null ? null : new DotTarget(expr, source);
    }

    /// <summary>
    /// Runs the script up to its last line that has an expression (a bare expression, an expression
    /// command such as <c>:grad</c>, or an assignment, whose name is drawn) and returns that expression.
    /// </summary>
    public static DotTarget? FromScript(string path, Interpreter interpreter, IReporter reporter) =>
        interpreter.InScriptFolder(path, () => RunScript(path, interpreter, reporter));

    private static DotTarget? RunScript(string path, Interpreter interpreter, IReporter reporter)
    {
        if (!ScriptFiles.TryRead(path, out string text, out string error))
        {
            reporter.Error(error);
            return null;
        }
        var lines = SourceLine.Split(text, path).ToList();
        int last = lines.FindLastIndex(line => SyntaxParser.ParseLine(line).Statement is ExprStatement or AssignmentStatement
            or CommandStatement { Expression: not null });
        if (last < 0)
        {
            reporter.Error(ReplMessages.NothingToDraw);
            return null;
        }
        for (int i = 0; i < last; i++)
        {
            if (interpreter.RunLine(lines[i]) != LineStatus.Ok) return null;
        }
        var statement = SyntaxParser.ParseLine(lines[last]).Statement;
        if (statement is AssignmentStatement assignment)
        {
            if (interpreter.RunLine(lines[last]) != LineStatus.Ok) return null;
            return new DotTarget(new NameExpr(assignment.NameSpan, assignment.Name), lines[last]);
        }
        var expression = statement is ExprStatement e ? e.Expr : ((CommandStatement)statement!).Expression!;
        return new DotTarget(expression, lines[last]);
    }
}
