using System.Text;
using Backprop.Lang.Syntax;
using Backprop.Lang.Text;
using Backprop.Repl.Output;
using Backprop.Repl.Running;

namespace Backprop.Repl.Commands;

/// <summary>The REPL's everyday commands: <c>:grad</c> and the session's housekeeping.</summary>
internal static class BasicCommands
{
    public static readonly ReplCommand Grad = new(
        "grad", ":grad EXPR",
        "value of EXPR and dL/d(leaf) for every literal, input variable and named intermediate",
        """
        Runs the expression forward, seeds dL/dL = 1, runs backward, and reports the gradient of the
        expression L with respect to every literal (each occurrence, with its line:column), every input
        variable it depends on (summed over its uses) and every named intermediate on the way.
        Example: :grad (1*2)*(10+20)   gives 60, 30, 2, 2 for the literals 1, 2, 10, 20.
        """,
        (interpreter, command, source) =>
        {
            var outcome = interpreter.Session.Gradient(command.Expression!, source);
            return interpreter.Finish(outcome, () =>
            {
                interpreter.Reporter.Gradient(outcome);
                return true;
            });
        });

    public static readonly ReplCommand Vars = new(
        "vars", ":vars", "the variables: name, value, and whether each is an input or an intermediate",
        """
        An input is a variable bound to a constant (x = 3): gradients stop there. An intermediate is bound
        to a graph that leads back to inputs (y = x*x): gradients flow through it.
        """,
        (interpreter, command, source) =>
        {
            if (!NoArgument(interpreter, command, source)) return LineStatus.Error;
            interpreter.Reporter.Variables(source, interpreter.Session.Variables);
            return LineStatus.Ok;
        });

    public static readonly ReplCommand Funcs = new(
        "funcs", ":funcs", "your functions, with their definitions",
        """
        Define a function as f(x) = x^2 + 1, or loss(y, t) = (y - t)^2 with several parameters, and call it
        as f(3). Parameters are local; other names in the body are the session's variables, looked up at each
        call. A body may call functions defined before it, but not itself. Defining f again replaces it.
        :trace shows a call as one composite layer with its inner layers indented under it; :graph and :dot
        draw it as a labelled cluster. :reset forgets functions with the variables.
        """,
        (interpreter, command, source) =>
        {
            if (!NoArgument(interpreter, command, source)) return LineStatus.Error;
            interpreter.Reporter.Functions(source, interpreter.Session.UserFunctions.All);
            return LineStatus.Ok;
        });

    public static readonly ReplCommand Set = new(
        "set", ":set precision [full|N]", "how many significant digits human output shows (default 12); :set seed N",
        """
        By default numbers show at most 12 significant digits, which hides binary floating-point noise
        (110.00000000000001 shows as 110). ':set precision full' shows every digit needed to round-trip;
        ':set precision' alone shows the current setting. Numbers are written one way everywhere: 0.5,
        1e-6, 2.5e-9. JSON output always has full precision. Tensor grids show at most 6 digits.
        ':set seed N' restarts the session's random numbers (randn, rand) at seed N (0 when never set):
        the same N gives the same numbers on every run and machine (xoshiro256**, not numpy's).
        """,
        (interpreter, command, source) =>
        {
            var words = command.Argument.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0 || words is ["precision"])
            {
                interpreter.Reporter.Text(source, ReplMessages.PrecisionSet(interpreter.Reporter.Numbers.ToString()));
                return LineStatus.Ok;
            }
            if (words[0] == "seed")
            {
                if (words.Length != 2 || !ulong.TryParse(words[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ulong seed))
                {
                    interpreter.Error(source, command.ArgumentSpan, ReplMessages.BadSeed(words.Length > 1 ? string.Join(' ', words[1..]) : ""));
                    return LineStatus.Error;
                }
                interpreter.Session.Seed(seed);
                interpreter.Reporter.Text(source, ReplMessages.SeedSet(seed));
                return LineStatus.Ok;
            }
            if (words[0] != "precision")
            {
                interpreter.Error(source, command.ArgumentSpan, ReplMessages.UnknownSetting(words[0]));
                return LineStatus.Error;
            }
            if (words.Length != 2 || !NumberFormat.TryParse(words[1], out var format))
            {
                interpreter.Error(source, command.ArgumentSpan, ReplMessages.BadPrecision(words.Length > 1 ? string.Join(' ', words[1..]) : ""));
                return LineStatus.Error;
            }
            interpreter.Reporter.Numbers = format;
            interpreter.Reporter.Text(source, ReplMessages.PrecisionSet(format.ToString()));
            return LineStatus.Ok;
        });

    public static readonly ReplCommand Load = new(
        "load", ":load FILE", "run a script in this session (its variables stay)",
        "Runs FILE line by line in the current session and stops at its first error. A relative path inside a script is relative to that script.",
        (interpreter, command, source) =>
        {
            if (command.Argument.Length == 0)
            {
                interpreter.Error(source, command.NameSpan, ReplMessages.MissingArgument("load", ":load FILE"));
                return LineStatus.Error;
            }
            var status = interpreter.Load(command.Argument, source, command.ArgumentSpan);
            return status == LineStatus.Quit ? LineStatus.Ok : status;
        });

    public static readonly ReplCommand Reset = new(
        "reset", ":reset", "forget every variable and function", "Starts the session afresh: every variable and every function you defined is forgotten.",
        (interpreter, command, source) =>
        {
            if (!NoArgument(interpreter, command, source)) return LineStatus.Error;
            interpreter.Session.Reset();
            interpreter.Reporter.Text(source, ReplMessages.Reset);
            return LineStatus.Ok;
        });

    public static readonly ReplCommand Help = new(
        "help", ":help [COMMAND]", "this list, or more about one command",
        "':help grad' explains :grad. Statements are 'name = expr' or a bare expression; '#' starts a comment.",
        (interpreter, command, source) =>
        {
            string topic = command.Argument.TrimStart(':');
            if (topic.Length == 0)
            {
                interpreter.Reporter.Text(source, Overview());
                return LineStatus.Ok;
            }
            var found = CommandTable.Find(topic);
            if (found is null)
            {
                interpreter.Error(source, command.ArgumentSpan, ReplMessages.UnknownCommand(topic, CommandTable.Nearest(topic)));
                return LineStatus.Error;
            }
            interpreter.Reporter.Text(source, $"{found.Usage}\n  {found.Summary}\n\n{found.Help}");
            return LineStatus.Ok;
        });

    public static readonly ReplCommand Quit = new(
        "quit", ":quit", "leave (Ctrl+D on an empty line does too)", "Ends the REPL, or stops a script without an error.",
        (interpreter, command, source) => NoArgument(interpreter, command, source) ? LineStatus.Quit : LineStatus.Error);

    private static string Overview()
    {
        var text = new StringBuilder();
        text.AppendLine("Statements: 'x = 3' binds a name, '(1*2)*(10+20)' prints a value, '#' starts a comment.");
        text.AppendLine("Your own functions: 'f(x) = x^2 + 1' defines one, 'f(3)' calls it; :funcs lists them.");
        text.AppendLine("Operators: + - * / ^ (also ** × ÷), parentheses; functions: exp log (natural) sqrt sin cos tan tanh sigmoid relu abs max min pow.");
        text.AppendLine("Derivatives: grad(EXPR, NAME) is dEXPR/dNAME as an expression; sign heaviside mask write derivatives at kinks.");
        text.AppendLine("Also: sum mean (of any number), max min (of two or more), leaky_relu softplus log1p expm1; constants pi e; x += 2 (-= *= /=).");
        text.AppendLine("Vectors and matrices: [1, 2], [[1, 2], [3, 4]], A @ B, X.T, X[0, 1:3], sum(X, axis=0); zeros ones eye randn rand one_hot;");
        text.AppendLine("  transpose reshape affine softmax softmax_with_loss cross_entropy_error. Element-wise with numpy's broadcasting.");
        text.AppendLine();
        // Usage above summary: the usages are too long for two columns in a narrow terminal.
        foreach (var command in CommandTable.All)
        {
            text.Append("  ").AppendLine(command.Usage);
            text.Append("      ").AppendLine(command.Summary);
        }
        return text.ToString().TrimEnd();
    }

    private static bool NoArgument(Interpreter interpreter, CommandStatement command, SourceLine source)
    {
        if (command.Argument.Length == 0)
        {
            return true;
        }
        interpreter.Error(source, command.ArgumentSpan, ReplMessages.UnexpectedArgument(command.Name));
        return false;
    }
}
