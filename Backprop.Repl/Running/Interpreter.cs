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
/// <param name="writes">Where lines may write files; by default typed lines are trusted and the scripts they load are confined.</param>
internal sealed class Interpreter(Session session, IReporter reporter, WritePolicy? writes = null)
{
    /// <summary>How deep <c>:load</c> may nest before it is taken for a script loading itself.</summary>
    public const int MaxLoadDepth = 16;

    /// <summary>Scripts one top-level line may load in all, nested loads included: 15 files that each load the next 8 times would be 8^14 loads.</summary>
    public const int MaxLoads = 10_000;

    /// <summary>Lines one top-level line may run through :load, nested loads included.</summary>
    public const long MaxLoadedLines = 1_000_000;

    private int _loadDepth;
    private int _loads;
    private long _loadedLines;
    private readonly Stack<string> _scriptDirectories = new();

    private readonly WritePolicy _writes = writes ?? WritePolicy.Interactive;

    // Lines not typed at a prompt (a pipe) are confined to the folder the command started in.
    private readonly string? _topLevelFolder = (writes ?? WritePolicy.Interactive).TrustTopLevel ? null : Directory.GetCurrentDirectory();

    private int _lineDepth;

    /// <summary>Cancels what runs now (Ctrl+C); checked between script lines and in the long loops of :descend and :check.</summary>
    public CancellationToken Cancellation { get; set; }

    public Session Session => session;

    /// <summary>
    /// Reads the line after the one being run, for a command that asks questions (<c>:quiz</c>): the next line
    /// of the script, the pipe or the terminal. Null at the end of the input, or where there is none to read.
    /// </summary>
    public Func<string?> ReadAnswer { get; set; } = () => null;
    public IReporter Reporter => reporter;

    public LineStatus RunLine(SourceLine source)
    {
        // load_csv reads through the rules of scripts, relative to the script being run.
        session.DataFiles ??= new CsvFiles(this);
        if (_lineDepth > 0)
        {
            return RunNestedLine(source);
        }
        try
        {
            return RunNestedLine(source);
        }
        catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
        {
            Cancelled(source);
            return LineStatus.Cancelled;
        }
    }

    private void Cancelled(SourceLine source) => Error(source, new TextSpan(0, source.Text.Length), ReplMessages.Cancelled);

    private LineStatus RunNestedLine(SourceLine source)
    {
        _lineDepth++;
        try
        {
            return RunLineOnce(source);
        }
        finally
        {
            _lineDepth--;
        }
    }

    private LineStatus RunLineOnce(SourceLine source)
    {
        var parsed = SyntaxParser.ParseLine(source);
        var outcome = session.Execute(parsed);
        if (!outcome.Succeeded)
        {
            if (parsed.Statement is not CommandStatement
                && CommandHints.For(source, name => session.Variables.Any(v => v.Name == name)) is { } hint)
            {
                Report([hint]);
                return LineStatus.Error;
            }
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
            case FunctionOutcome function:
                reporter.Function(function);
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
        using var lines = SourceLine.Split(text, path).GetEnumerator();
        var outer = ReadAnswer;
        // A :quiz in the script takes its answers from the script's next lines.
        ReadAnswer = () => lines.MoveNext() ? lines.Current.Text : null;
        try
        {
            while (lines.MoveNext())
            {
                var line = lines.Current;
                if (Cancellation.IsCancellationRequested)
                {
                    if (_lineDepth > 0)
                    {
                        throw new OperationCanceledException(Cancellation); // inside a :load: the line that loaded it reports
                    }
                    Cancelled(line);
                    return LineStatus.Cancelled;
                }
                if (_loadDepth > 0 && ++_loadedLines > MaxLoadedLines)
                {
                    Error(line, new TextSpan(0, 0), ReplMessages.LoadBudgetSpent($"{MaxLoadedLines:N0} lines"));
                    return LineStatus.Error;
                }
                var status = RunLine(line);
                if (status != LineStatus.Ok)
                {
                    return status;
                }
            }
            return LineStatus.Ok;
        }
        finally
        {
            ReadAnswer = outer;
        }
    }

    /// <summary>Runs a script file; a file that cannot be read is an error like any other.</summary>
    public LineStatus RunFile(string path, Action<string> fileError)
    {
        bool loaded = _loadDepth > 0;
        string text, error;
        if (!(loaded ? ScriptFiles.TryReadScript(ResolvePath(path), out text, out error) : ScriptFiles.TryRead(ResolvePath(path), out text, out error)))
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

    /// <summary>Runs <paramref name="run"/> as lines of the script at <paramref name="path"/>: relative paths and writes are its folder's.</summary>
    internal T InScriptFolder<T>(string path, Func<T> run)
    {
        _scriptDirectories.Push(Path.GetDirectoryName(Path.GetFullPath(ResolvePath(path))) ?? ".");
        try
        {
            return run();
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
        if (_loadDepth == 0)
        {
            _loads = 0;
            _loadedLines = 0;
        }
        if (++_loads > MaxLoads)
        {
            Error(source, span, ReplMessages.LoadBudgetSpent($"{MaxLoads:N0} scripts"));
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

    /// <summary>Null when the line being run may write <paramref name="path"/> (already resolved); otherwise why not.</summary>
    internal string? MayWrite(string path) =>
        _writes.Check(path, _scriptDirectories.Count > 0 ? _scriptDirectories.Peek() : _topLevelFolder);

    private sealed class CsvFiles(Interpreter interpreter) : Backprop.Lang.Data.IDataFiles
    {
        public byte[]? Read(string path, out string? error) => ScriptFiles.TryReadCsv(interpreter.ResolvePath(path), out error);
    }

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
        var syntax = CommandCatalog.Find(command.Name)!;
        if (CommandSettings.Unexpected(command, source, syntax.Options, syntax.AcceptsWrt, syntax.AcceptsTarget, syntax.AcceptsData) is { } unexpected)
        {
            reporter.Diagnostic(unexpected);
            return LineStatus.Error;
        }
        return definition.Run(this, command, source);
    }
}
