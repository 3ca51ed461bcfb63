using Backprop.Lang.Analysis;
using Backprop.Lang.Diagnostics;
using Backprop.Lang.Text;
using Backprop.Repl.Output;

namespace Backprop.Repl;

/// <summary>Every sentence the command and the REPL say, beyond the library's own diagnostics.</summary>
internal static class ReplMessages
{
    public const string Banner = "backprop {0}: expressions in, gradients out. Type :help for commands, :quit or Ctrl+D to leave.";

    public const string NoVariables = "no variables yet: assign one, as in x = 3";

    public const string Reset = "all variables and functions forgotten";

    public static string FunctionDefined(string definition) => $"defined {definition}";

    public static string FunctionReplaced(string definition, int line) => $"defined {definition} (it replaces the one defined on line {line})";

    public const string CompositeRule = "the layers below, chained";

    public const string NoFunctions = "no functions yet: define one, as in f(x) = x^2 + 1";

    public const string RadLineNote = "line editing by RadLine";

    public static string RowsOmitted(int count) => $"... and {count:N0} more rows (use --json for all of them)";

    public static string UnknownCommand(string name, string? nearest) => nearest is null
        ? $"unknown command ':{Printable.Show(name)}': type :help for the list"
        : $"unknown command ':{Printable.Show(name)}': did you mean ':{nearest}'?";

    public static string MissingArgument(string name, string usage) => $"':{name}' needs an argument: {usage}";

    public static string UnexpectedArgument(string name) => Backprop.Lang.Diagnostics.Messages.UnexpectedArgument(name);

    public static string UnknownSetting(string setting) => $"unknown setting '{Printable.Show(setting)}': the settings are precision and seed";

    public static string BadPrecision(string value) => $"precision must be 'full' or a number of digits from 1 to 17, not '{Printable.Show(value)}'";

    public static string PrecisionSet(string value) => $"precision = {value}";

    public static string FileNotFound(string path) => $"cannot read '{Printable.Path(path)}': no such file";

    public static string IsDirectory(string path, string what = "a script") => $"cannot read '{Printable.Path(path)}': it is a directory, not {what}";

    public static string AccessDenied(string path) => $"cannot read '{Printable.Path(path)}': permission denied";

    public static string Unreadable(string path, string reason) => $"cannot read '{Printable.Path(path)}': {Printable.Path(reason)}";

    public static string TooLarge(string path, long limit) => $"cannot read '{Printable.Path(path)}': it is larger than {limit / (1024 * 1024)} MB";

    public static string BinaryFile(string path) => $"'{Printable.Path(path)}' looks like a binary file (it contains NUL bytes), not a backprop script";

    public static string LoadNestedTooDeeply(int limit) => $":load is nested more than {limit} deep (does a script load itself?)";

    public static string CheckSummary(int agreeing, int total, int kinks, int undefined, double tolerance, double epsilon) =>
        $"{agreeing} of {total} leaves agree within {NumberText.Format(tolerance, 3)} (step eps = {NumberText.Format(epsilon, 3)}·max(1, |x|))" +
        (kinks > 0 ? $"; {kinks} on a kink, where finite differences are meaningless" : "") +
        (undefined > 0 ? $"; {undefined} where the derivative is infinite or undefined" : "");

    public static string CheckLimited(int checkedLeaves, int total) =>
        $"checked the first {checkedLeaves:N0} of {total:N0} leaves: each one re-runs the whole graph twice";

    public static string DescentSummary(string before, string after, int steps, string learningRate, bool newton = false) =>
        $"L went from {before} to {after} in {steps:N0} {(newton ? "Newton " : "")}step{(steps == 1 ? "" : "s")} (lr = {learningRate})";

    public const string DescentRose = "L ended higher than it started: the steps overshoot (try a smaller lr)";

    /// <summary>Why a descent stopped before the steps asked for; null when it did not.</summary>
    public static string? DescentStoppedEarly(DescentReport report, int nodes) => report.Stop switch
    {
        DescentStop.Diverged => DescentDiverged(report.StepsTaken, report.StepsAsked),
        DescentStop.GradientNotFinite => DescentNoDirection(report.StepsTaken, report.StepsAsked),
        DescentStop.OutOfBudget => DescentLimited(report.StepsTaken, report.StepsAsked, nodes),
        DescentStop.SecondDerivativeSingular => DescentFlat(report.StepsTaken, report.StepsAsked),
        _ => null,
    };

    public static string DescentDiverged(int taken, int asked) =>
        $"stopped after {taken:N0} of {asked:N0} steps: the next would have made L or an input NaN or infinite (try a smaller lr); the inputs keep the last finite values";

    public static string DescentNoDirection(int taken, int asked) =>
        $"stopped after {taken:N0} of {asked:N0} steps: a gradient is not a finite number there (sqrt or log at 0?), so there is no direction to step in";

    public static string DescentFlat(int taken, int asked) =>
        $"stopped after {taken:N0} of {asked:N0} steps: the second derivative is 0 there (the matrix of second derivatives is singular), so Newton's method has no step to take";

    public static string DescentLimited(int taken, int asked, int nodes) =>
        $"ran {taken:N0} of {asked:N0} steps: each one re-runs the whole graph of {nodes:N0} nodes forward and backward";

    public static string DotWritten(string path) => $"wrote {Printable.Path(path)}";

    public static string DotRendered(string path) => $"rendered {Printable.Path(path)} with Graphviz";

    public static string GraphvizMissing(string wanted, string written, bool replaced) =>
        $"Graphviz's 'dot' is not on the PATH, so {Printable.Path(wanted)} was not rendered; {(replaced ? "replaced" : "wrote")} {Printable.Path(written)} instead. " +
        $"Install Graphviz (apt-get install graphviz, brew install graphviz, or winget install graphviz) and run" +
        // The command to paste, exact; for paths too long for a message, only what to run.
        (Printable.Path(wanted) == Printable.Show(wanted) && Printable.Path(written) == Printable.Show(written)
            ? ":\n" + Fit.CodeIndent + Printable.Show($"dot -T{System.IO.Path.GetExtension(wanted).TrimStart('.').ToLowerInvariant()} {ShellQuote.Path(written)} -o {ShellQuote.Path(wanted)}")
            : " dot on the .dot file.");

    public static string GraphvizFailed(string message) => $"Graphviz failed: {Printable.Show(message)}";

    // The system's reason may quote the path again: shortened like one.
    public static string CannotWrite(string path, string reason) => $"cannot write '{Printable.Path(path)}': {Printable.Path(reason)}";

    public const string MissingTarget = "'>' needs a file name, as in :dot x*y > graph.svg";

    public const string HessianTitle = "the gradient, then the second derivatives d²L/d(row)d(column):";

    public const string DerivNeedsOneName = ":deriv needs the one variable to differentiate by, as in :deriv x^3 wrt x";

    public static string GraphShared(string label) => $"(shared: {label}, drawn above)";

    public static string GraphCut(int shown, int total) => $"... {total - shown:N0} more nodes not drawn";

    public const string NothingToDraw = "the script has no expression to draw: end it with an expression or a :grad line";

    public static string PictureTooWide(int needed, int width) =>
        $"(the picture of the gradients under the expression needs {needed} columns and the terminal has {width}; the table below has the same numbers)";

    public const string Undefined = "undefined";

    public const string UndefinedLiteralGradient =
        "undefined: the derivative with respect to this literal does not exist at these values (as d(x^y)/dy for x < 0, where ln x is undefined); a literal is a constant, so L and the other gradients are not affected";

    public static string QuizIntro(string expression, string value) =>
        $"quiz on {Printable.Show(expression)} (L = {value}); answer each dL/d(node), or type :quit to stop. The graph, forward:";

    public static string CommandWithoutColon(string name, string suggestion) =>
        $"'{Printable.Show(name)}' is a command: did you mean {Printable.Show(suggestion.Length <= 60 ? suggestion : suggestion[..57] + "...")}?";

    public static string BadBinding(string text) => $"--set needs NAME=VALUE, as in --set x=3, not '{Printable.Show(text)}'";

    /// <summary>The line before each file's output when <c>eval</c> runs several.</summary>
    public static string FileHeader(string path, bool first) => $"{(first ? "" : "\n")}==> {Printable.Path(path)} <==";

    public static string OutputFailed(string stream, string reason) => $"cannot write to {stream}: {Printable.Show(reason)}";

    public static string GraphvizWroteNothing(string path) => $"it exited without writing {Printable.Path(path)}";

    public static string WriteThroughParent(string path) =>
        $"will not write '{Printable.Path(path)}': a script or a pipe may not write through '..' (start backprop with --allow-write DIR, or type the line at the prompt)";

    public static string WriteOutsideFolder(string path, string folder) =>
        $"will not write '{Printable.Path(path)}': a script or a pipe writes only inside its own folder, {Printable.Path(folder)} (start backprop with --allow-write DIR to allow another)";

    public static string WouldOverwrite(string path, string pictures) =>
        $"will not replace '{Printable.Path(path)}': it exists, and a script or a pipe replaces only a graph picture ({pictures})";

    public static string NotAScriptName(string path) => $"':load' runs only scripts named *.bp, and '{Printable.Path(path)}' is not one";

    public static string NotACsvName(string path) => $"load_csv reads only files named *.csv, and '{Printable.Path(path)}' is not one";

    public static string NotARegularFile(string path, string what = "a script") =>
        $"cannot read '{Printable.Path(path)}': it is a device, a pipe or a system file, not {what}";

    public static string LoadBudgetSpent(string what) => $":load stopped: one line may load {what} in all, counting every nested :load (do the scripts load each other in a loop?)";

    public static string CheckInconclusive(int count, string value, double epsilon) =>
        $"{count} inconclusive: the step (eps = {epsilon:G3}) is below the precision left at L = {value}, so f(x+h) - f(x-h) is mostly rounding; " +
        "a larger eps, or a smaller constant term, lets the numerical side resolve the gradient";

    public const string Cancelled = "cancelled (Ctrl+C)";

    public static string GraphLevelsCut(int levels) => $"... deeper levels not drawn (the graph is {levels:N0} more levels deep than shown)";

    public static string GraphDeepSummary(int shown, int depth, int nodes) =>
        $"drew {shown:N0} of {depth:N0} levels ({nodes:N0} nodes not drawn): a wider terminal shows more, and --json has every node";

    public static string CheckedElements(string shape, int checkedCount, int elements) => checkedCount == elements
        ? $"{shape}, all {elements:N0} elements\n(worst shown)"
        : $"{shape}, {checkedCount:N0} of {elements:N0}\nelements (seeded sample;\nworst shown)";

    public static string MeanDifference(string mean) => $"mean |Δ| {mean}";

    public static string BadSeed(string given) =>
        $"a seed is a whole number from 0 up, as in :set seed 42{(given.Length == 0 ? "" : $", not '{Printable.Show(given)}'")}";

    public static string SeedSet(ulong seed) => $"random numbers now from seed {seed} (randn, rand)";

    public static string Expanded(int layers) =>
        $"the same expression, element by element, as the article's scalar layers: {layers} of them";

    public static string ExpandVerdict(bool agrees, int elements) => agrees
        ? $"every one of the {elements} leaf elements gets the same gradient from the scalar layers as from the tensor layers"
        : "some elements differ: the tensor layers and the scalar layers disagree (a bug; please report it)";

    public static string BindWithSet(string expression, IReadOnlyList<string> given, IReadOnlyList<string> names) =>
        $"give {string.Join(", ", names.Select(n => $"'{Printable.Show(n)}'"))} a value with --set, as in: backprop grad {ShellQuote.Word(expression)} " +
        string.Join(" ", given.Select(g => "--set " + ShellQuote.Word(g)).Concat(names.Select(n => $"--set {n}=1")));

    public static string StillOpen(int line, int column) =>
        $"..> (a '(' at {line}:{column} is still open; Ctrl+C drops the line)";

    public static string MovingEveryInput(IReadOnlyList<string> names) =>
        $"moving every input of the expression: {string.Join(", ", names)} (to keep data still, name what moves: wrt {names[^1]})";

    public const string TrainProgressTitle = "training";

    public static string TrainProgress(int epoch, int epochs, IReadOnlyList<double> losses) =>
        losses.Count == 0 ? $"epoch {Math.Min(epoch, epochs):N0}/{epochs:N0}" : $"epoch {Math.Min(epoch, epochs):N0}/{epochs:N0}  loss {NumberText.Format(losses[^1], 4)}";

}
