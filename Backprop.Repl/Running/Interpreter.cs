using Backprop.Lang.Commands;
using Backprop.Lang.Diagnostics;
using Backprop.Lang.Evaluation;
using Backprop.Lang.Syntax;
using Backprop.Lang.Text;
using Backprop.Repl.Commands;
using Backprop.Repl.Output;

namespace Backprop.Repl.Running;

/// <summary>
/// Runs lines against a session and sends what they produce to a reporter: the part the REPL, piped
/// stdin and <c>backprop eval</c> share. Statements go to the library; <c>:commands</c> are dispatched here.
/// </summary>
internal sealed class Interpreter(Session session, IReporter reporter)
{
    /// <summary>How deep <c>:load</c> may nest before it is taken for a script loading itself.</summary>
    public const int MaxLoadDepth = 16;

    private int _loadDepth;
    private readonly Stack<string> _scriptDirectories = new();

    public Session Session => session;
    public IReporter Reporter => reporter;

    public LineStatus RunLine(SourceLine source)
    {
        var parsed = SyntaxParser.ParseLine(source);
        var outcome = session.Execute(parsed);
        if (!outcome.Succeeded)
        {
            Report(outcome.Diagnostics);
            return LineStatus.Error;
        }
        switch (outcome)
        {
            case ValueOutcome value:
                reporter.Value(value);
                break;
            case AssignmentOutcome assignment:
                reporter.Assignment(assignment);
                break;
            case CommandOutcome command:
                return RunCommand(command.Command, source);
        }
        Report(outcome.Diagnostics);
        return LineStatus.Ok;
    }

    /// <summary>Runs a script's lines in order and stops at the first error (nothing runs on a broken state) or at <c>:quit</c>.</summary>
    public LineStatus RunScript(string text, string path)
    {
        foreach (var line in SourceLine.Split(text, path))
        {
            var status = RunLine(line);
            if (status != LineStatus.Ok)
            {
                return status;
            }
        }
        return LineStatus.Ok;
    }

    /// <summary>Runs a script file; a file that cannot be read is an error like any other.</summary>
    public LineStatus RunFile(string path, Action<string> fileError)
    {
        if (!ScriptFiles.TryRead(ResolvePath(path), out string text, out string error))
        {
            fileError(error);
            return LineStatus.Error;
        }
        _scriptDirectories.Push(Path.GetDirectoryName(Path.GetFullPath(ResolvePath(path))) ?? ".");
        try
        {
            return RunScript(text, path);
        }
        finally
        {
            _scriptDirectories.Pop();
        }
    }

    /// <summary><c>:load FILE</c>: runs a script in this session, relative to the script that loads it.</summary>
    internal LineStatus Load(string path, SourceLine source, TextSpan span)
    {
        if (_loadDepth >= MaxLoadDepth)
        {
            Error(source, span, ReplMessages.LoadNestedTooDeeply(MaxLoadDepth));
            return LineStatus.Error;
        }
        _loadDepth++;
        try
        {
            return RunFile(path, message => Error(source, span, message));
        }
        finally
        {
            _loadDepth--;
        }
    }

    internal void Error(SourceLine source, TextSpan span, string message) =>
        reporter.Diagnostic(new Diagnostic(Severity.Error, source, span, message));

    /// <summary>
    /// How a command ends: a failed outcome reports its errors; a successful one is shown, then its warnings.
    /// <paramref name="show"/> may still fail (a file that cannot be written) by returning false.
    /// </summary>
    internal LineStatus Finish(Outcome outcome, Func<bool> show)
    {
        if (!outcome.Succeeded)
        {
            Report(outcome.Diagnostics);
            return LineStatus.Error;
        }
        bool shown = show();
        Report(outcome.Diagnostics);
        return shown ? LineStatus.Ok : LineStatus.Error;
    }

    internal void Report(IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            reporter.Diagnostic(diagnostic);
        }
    }

    /// <summary>A file a command writes: relative to the script being run, if any, like :load.</summary>
    internal string ResolveOutput(string path) => ResolvePath(path);

    private string ResolvePath(string path) =>
        _scriptDirectories.Count > 0 && !Path.IsPathRooted(path) ? Path.Combine(_scriptDirectories.Peek(), path) : path;

    private LineStatus RunCommand(CommandStatement command, SourceLine source)
    {
        var definition = CommandTable.Find(command.Name);
        if (definition is null)
        {
            Error(source, command.NameSpan.Cover(new TextSpan(command.Span.Start, 1)),
                ReplMessages.UnknownCommand(command.Name, CommandTable.Nearest(command.Name)));
            return LineStatus.Error;
        }
        if (CommandSettings.Unexpected(command, source, definition.Options, definition.AcceptsWrt, definition.AcceptsTarget) is { } unexpected)
        {
            reporter.Diagnostic(unexpected);
            return LineStatus.Error;
        }
        return definition.Run(this, command, source);
    }
}
