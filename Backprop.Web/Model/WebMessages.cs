namespace Backprop.Web.Model;

/// <summary>Every sentence the page says that the library does not.</summary>
internal static class WebMessages
{
    public const string Title = "backprop playground";

    public const string Tagline = "Type expressions (one per line, as in a script), press Run (or Ctrl+Enter), then step through forward and backward.";

    public const string Run = "Run";

    public const string StepForward = "Forward ▸";

    public const string StepBackward = "◂ Backward";

    public const string ShowAll = "Show all";

    public const string NothingToShow = "Nothing to show yet: write an expression or a :grad line and press Run.";

    public const string FocusHint = "Press Forward to run the layers one at a time, then Backward to send the gradient back.";

    public const string AllShown = "All values and gradients are shown. Step to see how each one is computed.";

    public const string ShareLink = "The address now holds this script: copy it to share the page as it is.";

    public static string UnknownCommand(string name, string? nearest) =>
        nearest is null ? $"unknown command ':{name}'; the page knows {Commands}" : $"unknown command ':{name}': did you mean :{nearest}?";

    public static string NotOnThePage(string name) => $"':{name}' is for the terminal (backprop); the page knows {Commands}";

    public const string NoFilesOnThePage = "the page cannot write files: use :dot without '>' and copy the text";

    public const string Commands = ":grad, :trace, :graph, :dot, :check, :descend, :train, :expand, :explain, :hessian, :deriv, :quiz, :set seed, :vars, :funcs, :reset and :help";

    public static readonly string[] Help =
    [
        ":grad EXPR    the value and dL/d(leaf) for every literal and variable, with the graph to step through",
        ":trace EXPR   the chain-rule ledger: every layer forward, then backward with its rule",
        ":graph EXPR   the graph of EXPR, drawn and ready to step",
        ":dot EXPR     the graph in Graphviz DOT",
        ":check EXPR [eps=1e-6] [tol=1e-6]   backprop beside central differences, for every leaf",
        ":descend EXPR [wrt NAME, ...] [lr=0.1] [steps=100] [method=gradient|newton]   gradient descent or Newton's method, with the loss plotted",
        ":train L wrt W, b, ... data X, t [batch=N] [epochs=100] [lr=R] [method=sgd|momentum|adagrad|adam] [report=EXPR]   train parameters on minibatches of data, with the loss plotted as it falls (and a 2-D classifier's decision regions); Stop keeps the parameters reached",
        ":hessian EXPR [wrt NAME, ...]   the gradient and the matrix of second derivatives",
        ":deriv EXPR wrt NAME   the derivative as a formula of the language, and its value",
        ":set seed N   random numbers (randn, rand, the shuffling of :train) from seed N, the same on every machine",
        ":vars         the variables so far",
        ":funcs        your functions (define one as f(x) = x^2 + 1)",
        ":explain EXPR  the forward and backward passes told in sentences, in the article's terms",
        ":reset        forget every variable and function",
        ":help [COMMAND]   these lines, or one command's",
        ":quiz [EXPR]  practice: you give dL/d(node) for each node, from L backwards (a small random EXPR without one)",
        $":expand EXPR  a tensor expression as the article's scalar layers, element by element, to step through (at most {Backprop.Lang.Analysis.Expansion.MaxScalarLayers} of them)",
    ];

    public const string OnlySeedOnThePage = "the page has one setting, :set seed N; ':set precision' is for the terminal (backprop)";

    public static string BadSeed(string given) =>
        $"a seed is a whole number from 0 up, as in :set seed 42{(given.Length == 0 ? "" : $", not '{Backprop.Lang.Diagnostics.Printable.Show(given)}'")}";

    public static string SeedSet(ulong seed) => $"random numbers now from seed {seed} (randn, rand)";

    public static string NoSuchDataFile(string path, IReadOnlyList<string> names) =>
        $"the page has no file '{Backprop.Lang.Diagnostics.Printable.Path(path)}': it has no files of its own, only the examples' data ({string.Join(", ", names)})";

    // ---- :train ----

    public const string TrainTitle = ":train, the loss at each epoch";

    public const string TrainStop = "Stop";

    public const string TrainStopping = "stopping…";

    public const string LossLegend = "loss";

    public const string RegionsCaption = "The classes the network picks across the plane (paler where it is less sure), with the data on top.";

    /// <summary>The progress line while it trains: the epoch under way, and the last finished epoch's loss and report.</summary>
    public static string TrainProgress(int epoch, int epochs, double? loss, string? report, double? reported)
    {
        string text = $"epoch {Math.Min(epoch, epochs):N0}/{epochs:N0}";
        if (loss is { } l) text += $" · loss {Backprop.Lang.Text.NumberText.Format(l, 4)}";
        if (report is not null && reported is { } r) text += $" · {report} {Backprop.Lang.Text.NumberText.Format(r, 4)}";
        return text;
    }

    public const string TrainNoEpoch = "no epoch ran to its end, so there is no loss to show";

    public const string QuizTitle = ":quiz, the backward pass by hand";

    public static string QuizExpression(string expression, string value) => $"{expression} = {value}";

    public static readonly string QuizHint = string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"Type a number or a constant expression such as 1/3 (within {Backprop.Lang.Analysis.Quiz.RelativeTolerance * 100:0.#} % counts as right), then Answer or Enter.");

    public const string QuizAnswer = "Answer";

    public const string QuizNoQuestions = "nothing to ask: the expression has no layer to send a gradient back through";

    public static string Derivative(string wrt, string formula, string value) => $"d/d{wrt} = {formula} = {value}";

    public static string HessianRow(string name, string gradient, IEnumerable<string> row) =>
        $"dL/d{name} = {gradient};  d²L/d{name}d(·) = [{string.Join(", ", row)}]";

    public const string DerivNeedsOneName = ":deriv needs the one variable to differentiate by, as in :deriv x^3 wrt x";

    public static string GraphTooLarge(int nodes, int limit) =>
        $"The graph has {nodes:N0} nodes; the page draws at most {limit:N0}. The tables below still have every gradient.";

    public static string CheckLimited(int checkedLeaves, int total) =>
        $"checked the first {checkedLeaves:N0} of {total:N0} leaves: each one re-runs the whole graph twice";

    public static string CheckSummary(int agreeing, int total) => $"{agreeing} of {total} leaves agree";

    public static string DescentSummary(string before, string after, int steps, string learningRate) =>
        $"L went from {before} to {after} in {steps} steps of lr = {learningRate}";

    public static string DescentStopped(Backprop.Lang.Analysis.DescentStop stop) => stop switch
    {
        Backprop.Lang.Analysis.DescentStop.Diverged => "stopped early: the next step would have made L or an input NaN or infinite (try a smaller lr)",
        Backprop.Lang.Analysis.DescentStop.GradientNotFinite => "stopped early: a gradient was not a finite number",
        Backprop.Lang.Analysis.DescentStop.OutOfBudget => "stopped: the steps asked for would take too long on this graph",
        _ => "",
    };

    public static string Verdict(Backprop.Lang.Analysis.CheckVerdict verdict) => verdict switch
    {
        Backprop.Lang.Analysis.CheckVerdict.Agrees => "agrees",
        Backprop.Lang.Analysis.CheckVerdict.Disagrees => "DISAGREES",
        Backprop.Lang.Analysis.CheckVerdict.Kink => "kink: not comparable",
        Backprop.Lang.Analysis.CheckVerdict.Inconclusive => "inconclusive: the step is below the precision left",
        _ => "undefined here",
    };

    public static string Assigned(string name, string value) => $"{name} = {value}";

    public static string Variable(string name, string value, bool input) => $"{name} = {value}{(input ? "" : IntermediateNote)}";

    public const string IntermediateNote = "  (intermediate)";

    /// <summary>
    /// A tensor printed as the REPL prints it: its grid's lines after <paramref name="label"/> (<c>X = </c>), the
    /// later lines indented under the first, its shape after the last, then <paramref name="after"/>.
    /// </summary>
    public static IEnumerable<string> Grid(string label, IReadOnlyList<string> lines, string shape, string after = "")
    {
        string indent = new(' ', label.Length);
        for (int i = 0; i < lines.Count; i++)
        {
            yield return (i == 0 ? label : indent) + lines[i] + (i == lines.Count - 1 ? $"  ({shape}){after}" : "");
        }
    }

    public static string Named(string name) => $"{name} = ";

    public static string GridLabel(string shape, bool heatmap) => heatmap
        ? $"a {shape} gradient: red cells are positive, blue negative, the stronger the larger"
        : $"a {shape} tensor";

    public static string GridElement(string position, string value) => $"{position} = {value}";

    public static string TensorValueHint(string shape) =>
        $"The value is a {shape} tensor. A gradient starts from one number: try :grad sum(...) or :grad mean(...).";

    public const string TensorValueLabel = "value =";

    /// <summary>Under a tensor node of the graph that more than one gradient reached: the focus panel shows their sum.</summary>
    public static string TensorSum(int count, string shape) => $"Σ of {count} gradients ({shape})";

    public static string LeafTitle(bool literal, string text, string position, string? shape) =>
        (literal ? $"literal {text} at {position}" : $"input variable {text}") + (shape is null ? "" : $", {shape}");

    public static string LayerTitle(string layer, string label, string position, string? shape) =>
        $"{layer} {label} at {position}" + (shape is null ? "" : $", output {shape}");

    public const string FocusOutput = "→";

    public const string FocusSent = "←";

    public const string SumSoFar = "sum so far";

    public static string CheckedElements(string shape, int checkedCount, int elements) => checkedCount == elements
        ? $"{shape}, all {elements:N0} elements"
        : $"{shape}, {checkedCount:N0} of {elements:N0} elements (a seeded sample)";

    public static string MeanDifference(string mean) => $"mean |Δ| {mean}";

    public const string CheckTensorNote =
        "For a tensor leaf, backprop and numerical are its worst element's, and the mean |Δ| is over the elements checked (the book's measure).";

    public const string ExpandTitle = ":expand, the tensor layers as the article's scalar layers";

    public static string Expanded(int layers) =>
        $"The same expression, element by element, as {layers} scalar layers: the graph above steps through them.";

    public static string Same(bool agrees) => agrees ? "yes" : "NO";

    public static string ExpandVerdict(bool agrees, int elements) => agrees
        ? $"every one of the {elements} leaf elements gets the same gradient from the scalar layers as from the tensor layers"
        : "some elements differ: the tensor layers and the scalar layers disagree (a bug; please report it)";

    public static string RowsLimited(int shown, int total) =>
        $"showing at most {shown:N0} rows of each kind, of {total:N0} leaves (backprop eval --json FILE writes them all)";

    public const string NoVariables = "no variables yet";

    public const string ResetDone = "all variables and functions forgotten";

    public static string Defined(string definition) => $"defined {definition}";

    public const string NoFunctions = "no functions yet: define one, as in f(x) = x^2 + 1";
}
