using System.Globalization;

namespace Backprop.Lang.Diagnostics;

/// <summary>Every sentence the library says to a user, one factory per kind of message.</summary>
public static class Messages
{
    private static string Num(double value) => Text.NumberText.Format(value, 6);

    // ---- Syntax ----------------------------------------------------------------------------------------

    public static string DigitsAfterPoint(string number) => $"expected a digit after the decimal point in '{number}'";

    public static string DigitsInExponent(string number) => $"expected digits for the exponent after '{number}'";

    public static string NumberTooLarge(string number) =>
        $"the number {Shorten(number)} is too large for a double (the largest is about 1.8e308)";

    public static string NestedTooDeeply(int limit) =>
        $"the expression is nested more than {limit:N0} levels deep; split it into named steps";

    public static string MissingOperator(string left, string right) =>
        $"missing operator between '{Shorten(left)}' and '{Shorten(right)}': did you mean {Shorten(left)}*{Shorten(right)}?";

    public static string CommaDecimal(string number) =>
        $"numbers use '.' as the decimal separator: did you mean {number.Replace(',', '.')}?";

    public const string UnmatchedClose = "this ')' has no matching '('";

    /// <summary>What to say to a line that starts with another language's keyword; null for any other word.</summary>
    public static string? Keyword(string word) => word switch
    {
        "for" or "while" or "loop" or "repeat" =>
            $"backprop has no '{word}' loops: a line is one statement; write the steps as lines, or let :descend repeat them (:descend L wrt w steps=100)",
        "if" or "else" => $"backprop has no '{word}': a line is one statement; max, min, relu and heaviside choose between values",
        "def" or "function" or "fn" or "let" or "var" => $"'{word}' is not needed: define a function as f(x) = x^2 + 1, a variable as x = 3",
        "print" or "return" => $"'{word}' is not needed: a line with an expression prints its value",
        _ => null,
    };

    public const string UnclosedParenthesis = "this '(' is never closed: expected ')' before the end of the line";

    public const string SecondDecimalPoint = "a number has at most one decimal point";

    public static string LeadingDecimalPoint(string number) => $"a number starts with a digit: did you mean 0{number}?";

    public const string AssignmentWithoutName = "'=' needs a name on its left, as in x = 3";

    public static string MissingCommandExpression(string command) => $"':{command}' needs an expression, as in :{command} x*y";

    public const string DoubleEquals = "'==' is not an operator; '=' assigns a name, as in x = 3";

    public static string Unexpected(string found, string expected) => $"unexpected {found}: expected {expected}";

    public static string UnexpectedEnd(string expected) => $"the line ends too early: expected {expected}";

    public const string ExpectedExpression = "expected an expression";

    public const string NotAnExpression = "expected an expression, not a statement or command";

    public static string AssignToNonName(string target) =>
        $"only a name can be assigned to, not '{Shorten(target)}' (write name = expression)";

    public static string AssignToFunction(string name) => $"'{name}' is a function and cannot be assigned; choose another name";

    // ---- Names and calls -------------------------------------------------------------------------------

    public static string UnknownName(string name, string? suggestion) => suggestion is null
        ? $"unknown name '{name}': assign it first, as in {name} = 1"
        : $"unknown name '{name}': did you mean '{suggestion}'?";

    public static string UnknownFunction(string name, IReadOnlyList<string> near) => name switch
    {
        // What other tools call these: say which of ours it is.
        "ln" => "unknown function 'ln': the natural logarithm is 'log' here (log(x) is ln x)",
        "log10" or "log2" => $"unknown function '{name}': 'log' is the natural logarithm; write log(x)/log({(name == "log10" ? 10 : 2)})",
        "matmul" or "dot" => $"unknown function '{name}': the matrix product is the operator @, as in A @ B",
        _ when near.Count == 0 => $"unknown function '{name}'",
        _ => $"unknown function '{name}': did you mean {Alternatives(near)}?",
    };

    public static string FunctionUsedAsValue(string name, int arity) =>
        $"'{name}' is a function: call it with {arity} argument{(arity == 1 ? "" : "s")}, as in {name}({string.Join(", ", Enumerable.Range(0, arity).Select(i => "xyz"[i]))})";

    public static string WrongArgumentCount(string name, int wanted, int given) =>
        $"'{name}' takes {wanted} argument{(wanted == 1 ? "" : "s")}, but {given} {(given == 1 ? "was" : "were")} given";

    public static string WrongArgumentRange(string name, int atLeast, int atMost, int given) =>
        $"'{name}' takes {(atMost == int.MaxValue ? $"{atLeast} or more arguments" : $"{atLeast} or {atMost} arguments")}, " +
        $"but {given} {(given == 1 ? "was" : "were")} given";

    public static string ConstantShadowed(string name, double value) =>
        $"'{name}' is now your variable, hiding the constant {name} = {Num(value)} for this session (:reset brings it back)";

    public static string VariableCalled(string name) => $"'{name}' is a variable, not a function";

    // ---- Your own functions ----------------------------------------------------------------------------

    public static string RedefineBuiltIn(string name) => $"'{name}' is a built-in function and cannot be redefined; choose another name";

    public static string ParameterNotAName(string text) =>
        $"a parameter must be a name, not '{Shorten(text)}': as in f(x) = x^2 + 1";

    public static string ParameterIsBuiltIn(string name) => $"'{name}' is a built-in function and cannot be a parameter; choose another name";

    public static string ParameterTwice(string name) => $"parameter '{name}' is named twice";

    public static string CallsItself(string name, string? through) => through is null
        ? $"'{name}' calls itself: the language has no conditional to stop the calls, so a function cannot be recursive"
        : $"'{name}' would call itself through '{through}': the language has no conditional to stop the calls, so a function cannot be recursive";

    public static string FunctionReplaced(string name, int line) => $"'{name}' replaces the function defined on line {line}";

    public static string AssignToUserFunction(string name, int line) =>
        $"'{name}' is a function (defined on line {line}) and cannot be assigned; choose another name, or :reset";

    public static string FunctionNameTaken(string name) => $"'{name}' is a variable; choose another name for the function";

    public static string NotAVariableYet(string name, string function) =>
        $"'{name}' is not a variable yet: {function} looks it up each time it is called";

    public static string InBodyOf(string function, int line, int column, string message) =>
        $"in {function}, called at {line}:{column}: {message}";

    public static string CallsTooLarge(long nodes, int max) =>
        $"the function calls here would build {nodes:N0} nodes, more than the {max:N0} one line may have";

    // ---- Derivatives -----------------------------------------------------------------------------------

    public static string GradOfNonName(string argument) =>
        $"grad's second argument is the variable to differentiate by, a name, not '{Shorten(argument)}': as in grad(x^2, x)";

    public static string GradOfConstant(string name) =>
        $"'{name}' is a constant, not a variable to differentiate by: bind one first, as in p = {name}, and use p";

    public static string NotDifferentiableTwice(string layer) =>
        $"{layer} states its derivative for numbers only, so it cannot be differentiated again";

    public static string DoesNotDependOn(string name) => $"this does not depend on {name}, so its derivative by {name} is 0";

    public static string NonFiniteDerivative(string name, double value) =>
        $"the derivative by {name} is {Describe(value)} at these values";

    // ---- Evaluation warnings ---------------------------------------------------------------------------

    public const string NothingToDescend =
        "nothing to descend on: the expression has no input variable (bind one first, as in w = 0.5, and use it)";

    public const string NothingToDifferentiate =
        "nothing to differentiate by: the expression has no input variable (bind one first, as in x = 3, and use it)";

    public static string FormulaTooLarge(long terms, long limit) =>
        $"the derivative written out has {(terms > limit ? $"more than {limit:N0}" : $"{terms:N0}")} terms, too many to read; " +
        "grad(...) gives its value, and :trace how it is computed";

    // ---- :train -------------------------------------------------------------------------------------------

    public const string NothingToTrain = "nothing to train: the loss reads no input variable besides the data (give one a value, as in W = 0.01*randn(2, 3))";

    public static string NamedTwice(string name) => $"'{name}' is named twice";

    public static string DataNeedsRows(string name) => $"data '{name}' must have rows (a vector or a matrix), but it is a number";

    public static string DataRowsDiffer(string name, int rows, string first, int firstRows) =>
        $"'{name}' has {rows:N0} rows, but '{first}' has {firstRows:N0}: the rows of the data go together, one example each";

    public static string DataAndParameter(string name) => $"'{name}' is data, so :train does not move it; name it after wrt or after data, not both";

    public static string ParameterNotInput(string name) =>
        $"'{name}' is computed from other variables; :train moves input variables, those given a value (as in {name} = 0.01*randn(2, 3))";

    public static string DataDependsOnParameter(string name, string parameter) =>
        $"data '{name}' is computed from the parameter '{parameter}': data must stay still while the parameters move";

    public static string ReportNeedsNumber(string shape) =>
        $"the report is a {shape} tensor, but it is reported as one number per epoch: accuracy(y, t) or mean(...) gives one";

    /// <summary>What a run did, in one sentence (the terminal writes the arrow "->", the page "→").</summary>
    public static string TrainSummary(Analysis.TrainReport report, Func<double, string> number, string arrow = "->")
    {
        var losses = report.Losses;
        string method = Commands.TrainSettings.MethodName(report.Settings.Method), lr = number(report.Settings.LearningRate);
        string loss = $"loss {number(losses[0])} {arrow} {number(losses[^1])}";
        int epochs = report.EpochsRun, batches = report.BatchesPerEpoch;
        return report.DataVariables == 0
            ? $"trained by {method} (lr {lr}): {epochs:N0} step{(epochs == 1 ? "" : "s")} on the whole expression (no data); {loss}"
            : $"trained by {method} (lr {lr}): {epochs:N0} epoch{(epochs == 1 ? "" : "s")} of {batches:N0} batch{(batches == 1 ? "" : "es")} " +
              $"of {report.Batch:N0} rows ({report.Rows:N0} in all); {loss}";
    }

    public static string TrainingEveryInput(IReadOnlyList<string> names) =>
        $"training every input of the loss besides the data: {string.Join(", ", names)} (to keep one still, name what moves: wrt {names[0]})";

    public static string TrainDiverged(int epoch, int batch, double loss) =>
        $"stopped at epoch {epoch:N0}, batch {batch + 1:N0}: the loss became {Num(loss)}; the parameters are those of the last finite loss (try a smaller lr)";

    public static string TrainCancelled(int epoch, int batches, int perEpoch) =>
        $"stopped in epoch {epoch:N0} after {batches:N0} of its {perEpoch:N0} batches; the parameters keep the values reached";

    public static string NotAnInputOf(string name, IReadOnlyList<string> inputs) =>
        $"'{name}' is not an input variable of this expression; it can move {string.Join(", ", inputs)}";

    public static string NonFiniteValue(string operation, double result, IReadOnlyList<double> inputs) =>
        $"{Written(operation, inputs)} is {Describe(result)}{Why(operation, inputs)}";

    // An operator as it is written, 1/0; a function as called, log(0).
    private static string Written(string operation, IReadOnlyList<double> inputs) =>
        inputs.Count == 2 && operation is "+" or "-" or "*" or "/" or "^"
            ? $"{Num(inputs[0])}{(operation is "+" or "-" ? $" {operation} " : operation)}{Num(inputs[1])}"
            : inputs.Count == 1 && operation == "-" ? $"-{Num(inputs[0])}"
            : $"{operation}({string.Join(", ", inputs.Select(Num))})";

    public static string NonFiniteGradient(string operation, double gradient) =>
        $"the gradient through {operation} here is {Describe(gradient)}";

    public static string Tie(string operation, double value) =>
        $"{operation} has a tie at {Num(value)}: the gradient is split evenly between both arguments";

    private static string Why(string operation, IReadOnlyList<double> inputs) => operation switch
    {
        "log" when inputs[0] == 0 => " (log of zero)",
        "log" => " (log of a negative number)",
        "sqrt" => " (square root of a negative number)",
        "log1p" when inputs[0] == -1 => " (log of zero)",
        "log1p" => " (log of a negative number)",
        "/" when inputs[1] == 0 => " (division by zero)",
        _ => " (overflow or an undefined result)",
    };

    private static string Describe(double value) =>
        double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";

    // ---- :explain and :quiz (the sentences of Analysis/Explanation.cs and Analysis/Quiz.cs) -----------------

    public static string ExplainForward(string node, string computation, string value, bool isOutput) =>
        $"Forward: {node} computes {computation} = {value}{(isOutput ? "; this is the output L" : "")}.";

    public static string ExplainBackward(string node, string dout, string from, string rule, string sends) =>
        $"Backward: {node} receives dout = {dout} ({from}) and applies its local rule {rule}: it sends {sends}.";

    public const string ExplainDoutIsSeed = "dL/dL = 1: L is its output";

    public static string ExplainTensorForward(string node, string shapes, string value, bool isOutput) =>
        $"Forward: {node} computes {shapes}, {value}{(isOutput ? "; this is the output L" : "")}.";

    public static string ExplainTensorBackward(string node, string dout, string from, string rule, string sends) =>
        $"Backward: {node} receives dout = {dout} ({from}) and applies its local rule {rule}: it sends {sends}.";

    public static string ExplainTensorSend(string gradient, string to, string shape) =>
        $"{gradient} to {to}, of {to}'s own shape {shape}";

    public static string ExplainMatMulShapes(bool first, string dout, string other, string result, string input) => first
        ? $" (dout {dout} times the other input's transpose {other} gives {result}, the shape of {input}: that is why the rule transposes)"
        : $" (the other input's transpose {other} times dout {dout} gives {result}, the shape of {input}: that is why the rule transposes)";

    public static string ExplainSumToShape(string dout, string shape) =>
        $" (dout {dout} summed over the axes the input was repeated along, back to {shape})";

    public static string ExplainTensorResult(IReadOnlyList<string> gradients) =>
        $"Result: every leaf's gradient has the leaf's own shape (the book's point in 5.6.1): {string.Join("; ", gradients)}.";

    public static string ExplainTensorGradient(string leaf, string shape, string gradient) => $"dL/d{leaf} ({shape}) = {gradient}";

    public static string ExplainDoutFrom(IReadOnlyList<string> senders) => senders.Count == 1
        ? $"what {senders[0]} sent it"
        : senders.Count <= 5 ? $"the sum of what {Listed(senders)} sent it"
        : $"the sum of what {string.Join(", ", senders.Take(4))} and {senders.Count - 4:N0} more layers sent it";

    public static string ExplainSend(string derivative, string plugged, string value, string to) => $"{derivative} = {plugged} = {value} to {to}";

    public static string ExplainSumming(string to, string before, string added, string total) =>
        $" ({to} was already sent {before} by another use, so the two are summed: {before} + {added} = {total})";

    public static string ExplainResult(IReadOnlyList<string> gradients, int more) =>
        $"Result: {string.Join(", ", gradients)}{(more > 0 ? $" and {more:N0} more leaves (:grad lists them all)" : "")}.";

    public static string ExplainCut(int omitted, int told) =>
        $"... and {omitted:N0} more steps: the explanation stops after {told:N0} (use :trace for the whole ledger).";

    public static string ExplainGradient(string leaf, string value) => $"dL/d({leaf}) = {value}";

    public static string ExplainPath(string leaf, string value, IReadOnlyList<string> factors, IReadOnlyList<string> numbers) =>
        $"Why dL/d({leaf}) = {value}: the chain rule multiplies the local derivatives on the way from L down to {leaf}, " +
        $"{string.Join(", ", factors)}, so {string.Join(" × ", numbers)} = {value}.";

    public static string ExplainSum(string leaf, string value, IReadOnlyList<string> parts) =>
        $"Why dL/d({leaf}) = {value}: {leaf} is used {parts.Count:N0} times, and backward sums what each use sends: {Sum(parts)} = {value}.";

    private static string Sum(IReadOnlyList<string> parts) =>
        parts.Count <= 8 ? string.Join(" + ", parts) : string.Join(" + ", parts.Take(6)) + $" + ... ({parts.Count - 6:N0} more) + " + parts[^1];

    public static string ExplainOneUse(string leaf, string value, string sender, string dout) =>
        $"Why dL/d({leaf}) = {value}: it is what {sender} sent it, its dout = {dout} (itself the sum over the paths above) times its local derivative.";

    public static string ExplainNoGradient(string leaf) => $"{leaf} gets no gradient: nothing sends one to it.";

    public static string QuizQuestion(int number, int count, string node, string description) =>
        $"{number}/{count}  dL/d({node}) = ?   ({description})";

    public static string QuizRight(string node, string value) => $"right: dL/d({node}) = {value}";

    public static string QuizWrong(string node, string value, IReadOnlyList<string> contributions) => contributions.Count == 1
        ? $"not quite: {contributions[0]}, so dL/d({node}) = {value}"
        : $"not quite: {node} is used {contributions.Count:N0} times and the uses are summed: {string.Join("; ", contributions.Take(6))}{(contributions.Count > 6 ? $"; and {contributions.Count - 6:N0} more" : "")}; so dL/d({node}) = {value}";

    // dy = -dout = -3, not dy = -dout = -3 = -3: the plugged rule is said once when it is already the number.
    public static string QuizContribution(string from, string rule, string plugged, string value) =>
        plugged == value ? $"{from} applies {rule} = {value}" : $"{from} applies {rule} = {plugged} = {value}";

    public static string QuizNotFinite(string answer, double value) =>
        $"'{Shorten(answer)}' is {Describe(value)}, not a finite number: a gradient here is a number you can write down";

    public static string QuizAboutLayer(string node, string value) => $"{node}, value {value}";

    public static string QuizAboutLiteral(string text, string position) => $"the literal {text} at {position}";

    public static string QuizAboutInput(string name, string value) => $"the input {name} = {value}";

    public static string QuizNotANumber(string answer) => $"'{Shorten(answer)}' is not a number (counted as wrong)";

    public static string QuizScore(int right, int asked, int count) => asked == count
        ? $"score: {right}/{count}"
        : $"score: {right}/{asked} (the quiz stopped after {asked} of {count} questions)";

    public static string CallWithoutParentheses(string name, string argument) =>
        $"missing parentheses: '{name}' is a function, call it as {name}({Shorten(argument)})";

    private static string Listed(IReadOnlyList<string> items) =>
        items.Count == 1 ? items[0] : string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1];

    // ---- Vectors and matrices ----------------------------------------------------------------------------

    public static string CannotBroadcast(string op, string a, string b) =>
        $"cannot broadcast {a} with {b} for '{op}': the sizes must match from the last axis, or one of them be 1";

    public static string MatMulMismatch(string a, string b) =>
        $"'@' needs the inner sizes to match, but {a} @ {b} has {InnerOf(a)} against {FirstOf(b)}";

    public static string MatMulRank(string a, string b) => $"'@' multiplies vectors and matrices, not {a} @ {b}";

    public static string ReshapeSize(string from, long fromCount, string to, long toCount) =>
        $"cannot reshape {from} ({fromCount:N0} elements) to {to} ({toCount:N0} elements): the sizes must be equal";

    public static string TooManyIndices(int count, string shape) => $"{count} indices for a {shape} tensor, which has fewer axes";

    public static string IndexOutOfRange(int index, int axis, int size) =>
        $"index {index} is out of range for axis {axis} of size {size} (from {-size} to {size - 1})";

    public static string IndexOfNumber => "a number has no elements to index";

    public static string AffineMismatch(string x, string w, string b) =>
        $"affine(X, W, b) needs X N×D or D, W D×M and b M, but got X {x}, W {w}, b {b}";

    public static string AffineBias(string w, string b, int m) => $"affine's b must have {m} elements (W is {w}), but it is {b}";

    public static string LossScores(string layer, string x) => $"{layer} takes scores as a vector or an N×K matrix, not {x}";

    public static string LossLabels(string layer, string x, string t, string indices) =>
        $"{layer}'s labels t must be one-hot ({x}) or class indices ({indices}), but t is {t}";

    public static string RaggedStack(int index, string first, string other) =>
        $"every element of a bracket must have the same shape: element 0 is {first}, element {index} is {other}";

    public static string RaggedLiteral(int expected, int found) =>
        $"this row has {found} element{(found == 1 ? "" : "s")}, but the first row has {expected}: rows of a matrix have equal lengths";

    public static string MixedLiteral => "a bracket mixes numbers and rows: write every element as a number, or every one as a row [...]";

    public const string EmptyTensor = "[] has no elements: a vector needs at least one, as in [0]";

    public static string TensorTooLarge(string shape, long count, long limit) =>
        $"a {shape} tensor would hold {count:N0} numbers, more than the {limit:N0} one tensor may hold";

    public static string LineTensorsTooLarge(long count, long limit) =>
        $"this line would make {count:N0} numbers in tensors, more than the {limit:N0} one line may";

    public static string RankTooHigh(int rank, int limit) => $"a tensor of {rank} axes is more than the {limit} backprop allows";

    public static string AxisOutOfRange(int axis, string shape) => $"axis {axis} is out of range for a {shape} tensor";

    public static string IntegerArgument(string function, string what) => $"{function}'s {what} must be a whole number written out, as in {function}(2, 3)";

    public const string SpiralArguments = "spiral takes only seed=N, as in spiral(seed=1984): it makes DeZero's 300 points of 3 classes";
    public const string SeedArgument = "seed must be a whole number from 0 up, as in spiral(seed=1984)";
    public const string LoadCsvArgument = "load_csv takes one file name in quotes, as in load_csv(\"points.csv\")";
    public const string UnclosedString = "this string has no closing '\"'";
    public const string StringOnlyForFiles = "a string only names a file, as in load_csv(\"points.csv\")";
    public const string NoDataFiles = "load_csv has no files to read here";

    public static string SizeArgument(string function, string size) => $"{function}'s sizes must be whole numbers from 1 up, not {size}";

    public static string NamedArgumentUnknown(string function, string name, string known) => known.Length == 0
        ? $"'{function}' takes no named argument, but got '{name}='"
        : $"'{function}' has no argument '{name}': it takes {known}";

    public static string NeedsTensor(string function, string what) => $"{function} needs {what}, but got a number";

    public const string GradThroughTensorGrad =
        "grad(...) of a tensor expression is a value, first order: a gradient through it would be a second derivative, which tensor layers cannot give yet";

    public static string GradNeedsNumber(string shape) =>
        $"the expression is a {shape} tensor, but a gradient starts from one number: wrap it in sum(...) or mean(...)";

    public static string CommandNotForTensors(string command) =>
        $"':{command}' works on numbers only for now; the expression has tensors (:grad, :trace, :graph, :dot, :explain, :check, :descend and :expand take them)";

    public static string NonFiniteTensor(string layer, double first, int bad, int count) =>
        $"{layer} gave {Num(first)} in {bad:N0} of its {count:N0} elements from finite inputs";

    public static string ExpandTooLarge(long count, int limit) =>
        $"this expression expands to {count:N0} scalar layers, more than the {limit} :expand shows; try a smaller batch or fewer units";


    private static string InnerOf(string a) => a.Split('×')[^1];

    private static string FirstOf(string b) => b.Split('×')[0];

    // ---- Helpers ---------------------------------------------------------------------------------------

    private static string Alternatives(IReadOnlyList<string> names) => names.Count == 1
        ? $"'{names[0]}'"
        : string.Join(", ", names.Take(names.Count - 1).Select(n => $"'{n}'")) + $" or '{names[^1]}'";

    private static string Shorten(string text) => Printable.Show(text.Length <= 40 ? text : text[..37] + "...");

    // ---- Command settings (read by every front end) -----------------------------------------------------

    public static string CommandTakesNoRedirect(string name) => $"':{name}' cannot write to a file; only :dot can";

    public static string CommandTakesNoData(string command) => $":{command} takes no 'data' (only :train binds data to minibatches)";
    public static string CommandTakesNoWrt(string name) => $"':{name}' takes no 'wrt' list; only :descend does (the variables it moves)";

    public static string UnknownOption(string command, string option, string known) =>
        known.Length == 0 ? $"':{command}' takes no options, but got '{option}'" : $"unknown option '{option}' for ':{command}': the options are {known}";

    public static string BadOption(string name, string expected) => $"option {name} must be {expected}";

    public static string OptionNotANumber(string name, string word) => $"option {name} is a number, and '{Printable.Show(word)}' is not one (as in {name}=1e-3)";

    public static string UnexpectedArgument(string name) => $"':{name}' takes no argument";
}
