using System.CommandLine;
using System.Reflection;
using Backprop.Lang.Evaluation;
using Backprop.Lang.Syntax;
using Backprop.Lang.Text;
using Backprop.Repl.Commands;
using Backprop.Repl.Output;
using Backprop.Repl.Running;
using Backprop.Repl.Terminal;
using Spectre.Console;

namespace Backprop.Repl.Cli;

/// <summary>The <c>backprop</c> command: the REPL, <c>eval</c> and <c>grad</c>, with exit codes 0 (success), 1 (an error in the input) and 2 (usage).</summary>
/// <param name="rawOutput">stdout as bytes, when there is one: JSON is written there directly.</param>
/// <param name="interrupts">Ctrl+C during evaluation; null where there is no console (tests).</param>
internal sealed class BackpropCli(TextReader input, TextWriter output, TextWriter errors, bool isTerminal, Stream? rawOutput = null,
    Interrupts? interrupts = null)
{
    public const int Success = 0, InputError = 1, UsageError = 2;

    /// <summary>Runs with the process's console.</summary>
    public static int RunConsole(string[] args)
    {
        try
        {
            using var interrupts = new Interrupts();
            return new BackpropCli(StandardStreams.In(), StandardStreams.Out, StandardStreams.Error,
                !StandardStreams.IsInputRedirected && !Console.IsOutputRedirected, StandardStreams.OutBytes, interrupts)
            {
                EnvironmentLanguage = Lang.Text.Language.FromEnvironment(Environment.GetEnvironmentVariable),
            }.Run(args);
        }
        catch (OutputStreamFailed failure)
        {
            return StandardStreams.Fail(failure);
        }
    }

    /// <summary>The language the environment asks for (BACKPROP_LANG, then LC_ALL, LC_MESSAGES, LANG); English when unset (tests).</summary>
    public System.Globalization.CultureInfo EnvironmentLanguage { get; init; } = Lang.Text.Language.English;

    /// <summary>Runs the command in the language <c>--lang</c> chooses, or else the environment's; the caller's is put back after.</summary>
    public int Run(string[] args) => Lang.Text.Language.Using(LanguageOf(args) ?? EnvironmentLanguage, () => RunIn(args));

    // Read before the commands are built, so their descriptions and help are in that language too; the option itself
    // (declared in RunIn) says what a wrong value is.
    private static System.Globalization.CultureInfo? LanguageOf(string[] args)
    {
        for (int i = 0; i < args.Length && args[i] != "--"; i++)
        {
            string? code = args[i] == "--lang" && i + 1 < args.Length ? args[i + 1]
                : args[i].StartsWith("--lang=", StringComparison.Ordinal) ? args[i]["--lang=".Length..]
                : null;
            if (code is not null) return Lang.Text.Language.FromCode(code);
        }
        return null;
    }

    private static string L(string english, string japanese) => Lang.Text.Language.Text(english, japanese);

    private int RunIn(string[] args)
    {
        var language = new Option<string>("--lang")
        {
            Description = Lang.Text.Language.Text("The language of messages: en or ja (default: BACKPROP_LANG, then LC_ALL, LC_MESSAGES, LANG)",
                "メッセージの言語: en か ja（既定は BACKPROP_LANG、次に LC_ALL, LC_MESSAGES, LANG）"),
            HelpName = "en|ja",
            Recursive = true,
        };
        language.AcceptOnlyFromAmong([.. Lang.Text.Language.Codes]);
        var json = new Option<bool>("--json") { Description = L("Write one JSON object per line (the contract in README.md)", "1 行に 1 つの JSON オブジェクトを書く（README.md の約束）") };
        var precision = new Option<string>("--precision")
        {
            Description = L("Significant digits in human output: a number from 1 to 17, or 'full' for round-trip digits (default 12)", "人向けの出力の有効桁数: 1 から 17 までの数、または往復できる桁数の 'full'（既定 12）"),
            HelpName = "N|full",
        };
        var files = new Argument<string[]>("FILE") { Description = L("Scripts to run in order; '-' reads stdin", "順に実行するスクリプト。'-' は標準入力を読む"), Arity = ArgumentArity.OneOrMore };
        // A mistyped option (--jsno) would otherwise be taken for a file name and fail as a missing file.
        files.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (token.Value.Length > 1 && token.Value[0] == '-')
                {
                    result.AddError(L($"Unrecognized option '{token.Value}' (a file whose name starts with '-' can be given as ./{token.Value})", $"'{token.Value}' というオプションはありません（'-' で始まる名前のファイルは ./{token.Value} と書けます）"));
                }
            }
        });
        var allowWrite = new Option<string[]>("--allow-write")
        {
            Description = L("Let scripts and piped lines write files inside DIR too (by default only inside their own folder)", "スクリプトとパイプの行に DIR の中への書き込みも許す（既定では自分のフォルダの中だけ）"),
            HelpName = "DIR",
            Recursive = true,
        };
        var expression = new Argument<string>("EXPR") { Description = L("An expression, quoted for the shell", "シェル向けに引用符で囲んだ式") };

        var eval = new Command("eval", L("Run .bp scripts in order in one session (a later file sees an earlier file's variables); stop at the first error (exit code 1)", "1 つのセッションで .bp スクリプトを順に実行する（後のファイルは前のファイルの変数を見る）。最初のエラーで止まる（終了コード 1）")) { files, json, precision };
        eval.SetAction(result => Eval(result.GetValue(files)!, Reporter(result.GetValue(json), result.GetValue(precision)),
            Confined(result.GetValue(allowWrite))));

        var bindings = new Option<string[]>("--set")
        {
            Description = L("Bind an input variable before the expression runs, as in --set x=3 (repeat it for more)", "式の実行前に入力変数に値を結び付ける（例: --set x=3。複数なら繰り返す）"),
            HelpName = "NAME=VALUE",
            AllowMultipleArgumentsPerToken = false,
        };
        var grad = new Command("grad", L("Print the value of an expression and the gradient for every leaf", "式の値と、すべての葉についての勾配を表示する")) { expression, json, precision, bindings };
        grad.SetAction(result => Grad(result.GetValue(expression)!, result.GetValue(bindings) ?? [],
            Reporter(result.GetValue(json), result.GetValue(precision))));

        var dotSource = new Argument<string?>("FILE") { Description = L("A script: its last expression (or :grad line, or assignment) is drawn", "スクリプト: その最後の式（か :grad の行、代入）を描く"), Arity = ArgumentArity.ZeroOrOne };
        var dotExpression = new Option<string?>("--expr", "-e") { Description = L("Draw this expression instead of a script's", "スクリプトの代わりにこの式を描く"), HelpName = "EXPR" };
        var dotOutput = new Option<string?>("--output", "-o") { Description = L("Write to FILE (.dot, or .svg/.png rendered by Graphviz) instead of stdout", "標準出力の代わりに FILE（.dot、または Graphviz で描く .svg/.png）に書く"), HelpName = "FILE" };
        var dot = new Command("dot", L("Print the graph of an expression as Graphviz DOT, or render it to .svg/.png", "式のグラフを Graphviz DOT で表示する、または .svg/.png に描く")) { dotSource, dotExpression, dotOutput };
        dot.SetAction(result => Dot(result.GetValue(dotSource), result.GetValue(dotExpression), result.GetValue(dotOutput),
            result.GetValue(allowWrite) ?? []));

        var root = new RootCommand(L(
            """
            backprop: arithmetic expressions to computational graphs, forward and backward, with dL/d(leaf) for every literal and variable.
            Run without arguments to start the REPL (type :help there).

            Examples:
              backprop eval examples/seed.bp
              backprop eval --json examples/apple.bp
              backprop grad "(1*2)*(10+20)"
              backprop dot -e "(1*2)*(10+20)" -o seed.svg
              printf 'x = 3\n:grad x*x\n' | backprop
              backprop eval --allow-write out/ course/lesson.bp
              backprop jupyter install --user
            """,
            """
            backprop: 算術式を計算グラフにし、順伝播と逆伝播で、すべてのリテラルと変数についての dL/d(葉) を求めます。
            引数なしで起動すると REPL になります（そこで :help と入力してください）。

            例:
              backprop eval examples/seed.ja.bp
              backprop eval --json examples/apple.bp
              backprop grad "(1*2)*(10+20)"
              backprop dot -e "(1*2)*(10+20)" -o seed.svg
              printf 'りんご = 100\n:grad りんご*2\n' | backprop --lang ja
              backprop eval --allow-write out/ course/lesson.bp
              backprop jupyter install --user
            """))
        { eval, grad, dot, Jupyter.JupyterCommand.Create(allowWrite, output, errors) };
        root.Options.Add(allowWrite);
        root.Options.Add(language);
        foreach (var option in root.Options)
        {
            // System.CommandLine's own Japanese resources leave these two in English.
            if (option is System.CommandLine.Help.HelpOption help) help.Description = L("Show help and usage information", "ヘルプと使い方を表示する");
        }
        root.SetAction(result => Repl(result.GetValue(allowWrite) ?? []));

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                errors.WriteLine($"backprop: {Lang.Diagnostics.Printable.Show(error.Message)}");
            }
            errors.WriteLine(L("Try 'backprop --help'.", "'backprop --help' を試してください。"));
            return UsageError;
        }
        if (!_precisionValid)
        {
            return UsageError;
        }
        // No default exception handler: a failed stdout or stderr is handled by RunConsole, and anything else is a bug to see.
        return parsed.Invoke(new InvocationConfiguration { Output = output, Error = errors, EnableDefaultExceptionHandler = false });
    }

    private bool _precisionValid = true;

    private IReporter Reporter(bool json, string? precision)
    {
        IReporter reporter = !json ? new HumanReporter(ConsoleSetup.CreateConsole(output), errors)
            : rawOutput is not null ? new JsonReporter(rawOutput)
            : new JsonReporter(output);
        if (precision is not null)
        {
            if (!NumberFormat.TryParse(precision, out var format))
            {
                errors.WriteLine($"backprop: {ReplMessages.BadPrecision(precision)}");
                _precisionValid = false;
                return reporter;
            }
            if (!json) reporter.Numbers = format;
        }
        return reporter;
    }

    /// <summary>Lines from files and pipes: each may write only inside its own folder and the folders given.</summary>
    private static WritePolicy Confined(string[]? allowed) => new(trustTopLevel: false, allowed ?? []);

    private int Eval(string[] paths, IReporter reporter, WritePolicy writes)
    {
        if (!_precisionValid) return UsageError;
        var interpreter = new Interpreter(new Session(), reporter, writes);
        foreach (var path in paths)
        {
            // Several files run in one session, in order (a data file, then a model); people see where each begins.
            if (paths.Length > 1 && reporter is HumanReporter)
            {
                reporter.Text(new SourceLine(path, 0, ""), ReplMessages.FileHeader(path, first: ReferenceEquals(path, paths[0])));
            }
            LineStatus status;
            if (path == "-")
            {
                status = RunStdin(interpreter, "<stdin>");
            }
            else
            {
                interpreter.Cancellation = interrupts?.Begin() ?? default;
                try
                {
                    status = interpreter.RunFile(path, reporter.Error);
                }
                finally
                {
                    interrupts?.End();
                }
            }
            if (status == LineStatus.Error) return InputError;
            if (status == LineStatus.Cancelled) return Interrupts.ExitCode;
            if (status == LineStatus.Quit) break;
        }
        return Success;
    }

    private int Grad(string text, string[] bindings, IReporter reporter)
    {
        if (!_precisionValid) return UsageError;
        var session = new Session();
        for (int i = 0; i < bindings.Length; i++)
        {
            // --set x=3 is the statement x = 3, so a bad value gets the same diagnostic it would in a script.
            int equals = bindings[i].IndexOf('=');
            if (equals <= 0)
            {
                errors.WriteLine($"backprop: {ReplMessages.BadBinding(bindings[i])}");
                return UsageError;
            }
            var line = new SourceLine("<--set>", i + 1, bindings[i]);
            var bound = session.Execute(SyntaxParser.ParseLine(line));
            foreach (var d in bound.Diagnostics) reporter.Diagnostic(d);
            if (!bound.Succeeded) return InputError;
            if (bound is not AssignmentOutcome)
            {
                errors.WriteLine($"backprop: {ReplMessages.BadBinding(bindings[i])}");
                return UsageError;
            }
        }
        var source = new SourceLine("<arg>", 1, text);
        var (expr, diagnostics) = SyntaxParser.ParseExpression(source);
        if (expr is null)
        {
            foreach (var d in diagnostics) reporter.Diagnostic(d);
            return InputError;
        }
        var outcome = session.Gradient(expr, source);
        if (outcome.Succeeded) reporter.Gradient(outcome);
        foreach (var d in outcome.Diagnostics) reporter.Diagnostic(d);
        // A name the command line never bound: say how to bind it, with the names it lacks.
        var unbound = Lowerer.Measure(expr).Names
            .Where(n => !session.TryGetVariable(n, out _) && !Functions.IsFunction(n) && !Constants.Names.Contains(n))
            .Order(StringComparer.Ordinal).ToList();
        if (!outcome.Succeeded && unbound.Count > 0)
        {
            errors.WriteLine($"backprop: {ReplMessages.BindWithSet(text, bindings, unbound)}");
        }
        return outcome.Succeeded ? Success : InputError;
    }

    private int Dot(string? path, string? text, string? outputPath, string[] allowWrite)
    {
        if ((path is null) == (text is null))
        {
            errors.WriteLine(L("backprop: dot needs a script FILE or -e EXPR (one of them)", "backprop: dot にはスクリプト FILE か -e EXPR のどちらか一方が必要です"));
            return UsageError;
        }
        // Results are not printed: only the picture goes to stdout. Diagnostics still go to stderr.
        var quiet = new HumanReporter(ConsoleSetup.Plain(TextWriter.Null), errors);
        // -o is the user's own choice; a :dot > FILE inside the script is confined to the script's folder.
        var interpreter = new Interpreter(new Session(), quiet, new WritePolicy(trustTopLevel: true, allowWrite));
        var target = text is not null
            ? DotTarget.FromExpression(text, quiet)
            : DotTarget.FromScript(path!, interpreter, quiet);
        if (target is not { } found)
        {
            return InputError;
        }
        var outcome = interpreter.Session.Gradient(found.Expression, found.Source);
        interpreter.Report(outcome.Diagnostics);
        if (!outcome.Succeeded)
        {
            return InputError;
        }
        string picture = Lang.Analysis.DotWriter.Write(outcome.Graph, NumberFormat.Default.Format);
        if (outputPath is null)
        {
            output.Write(picture);
            return Success;
        }
        var saved = Graphviz.Save(picture, outputPath);
        if (saved.Error is { } error)
        {
            quiet.Error(error);
            return InputError;
        }
        errors.WriteLine(saved.Message);
        return Success;
    }

    private int Repl(string[] allowWrite)
    {
        var console = ConsoleSetup.CreateConsole(output);
        var reporter = new HumanReporter(console, errors);
        bool typed = isTerminal || (!Console.IsInputRedirected && ReferenceEquals(input, Console.In));
        var interpreter = new Interpreter(new Session(), reporter, new WritePolicy(trustTopLevel: typed, allowWrite));
        if (isTerminal && ConsoleSetup.IsInteractive(console))
        {
            console.MarkupLine($"[grey]{Markup.Escape(string.Format(ReplMessages.Banner, Version))}[/]");
            using var lines = new TerminalLineSource(console, CommandTable.NamesWithColon.ToList(), Functions.Names.ToList(),
                () => interpreter.Session.Variables.Select(v => v.Name).Concat(interpreter.Session.UserFunctions.Names), new HistoryFile(),
                isUserFunction: interpreter.Session.UserFunctions.Contains);
            ReplLoop.Run(interpreter, lines, interrupts);
            return Success;
        }
        if (!Console.IsInputRedirected && ReferenceEquals(input, Console.In))
        {
            // A terminal the line editor cannot drive (TERM=dumb): still a REPL, with plain prompts.
            ReplLoop.Run(interpreter, new TextLineSource(input, output), interrupts);
            return Success;
        }
        // stdin is a pipe or a file: run it as a script.
        return RunStdin(interpreter, "<stdin>") switch
        {
            LineStatus.Error => InputError,
            LineStatus.Cancelled => Interrupts.ExitCode,
            _ => Success,
        };
    }

    /// <summary>Reads stdin line by line, running each as it arrives, and stops at the first error.</summary>
    private LineStatus RunStdin(Interpreter interpreter, string path)
    {
        var lines = new TextLineSource(input);
        int number = 0;
        interpreter.ReadAnswer = () =>
        {
            string? answer = lines.ReadLine(continuation: false);
            if (answer is not null) number++;
            return answer;
        };
        while (lines.ReadLine(continuation: false) is { } text)
        {
            // Each line its own token: Ctrl+C while waiting for the next line ends the process as usual.
            var status = ReplLoop.RunLine(interpreter, new SourceLine(path, ++number, text), interrupts);
            if (status != LineStatus.Ok) return status;
        }
        return LineStatus.Ok;
    }

    private static string Version =>
        typeof(BackpropCli).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0";
}
