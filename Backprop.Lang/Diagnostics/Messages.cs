using System.Globalization;

namespace Backprop.Lang.Diagnostics;

/// <summary>Every sentence the library says to a user, one factory per kind of message.</summary>
public static class Messages
{
    private static string Num(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

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

    public static string UnknownFunction(string name, IReadOnlyList<string> near) => near.Count == 0
        ? $"unknown function '{name}'"
        : $"unknown function '{name}': did you mean {Alternatives(near)}?";

    public static string FunctionUsedAsValue(string name, int arity) =>
        $"'{name}' is a function: call it with {arity} argument{(arity == 1 ? "" : "s")}, as in {name}({string.Join(", ", Enumerable.Range(0, arity).Select(i => "xyz"[i]))})";

    public static string WrongArgumentCount(string name, int wanted, int given) =>
        $"'{name}' takes {wanted} argument{(wanted == 1 ? "" : "s")}, but {given} {(given == 1 ? "was" : "were")} given";

    public static string VariableCalled(string name) => $"'{name}' is a variable, not a function";

    // ---- Evaluation warnings ---------------------------------------------------------------------------

    public const string NothingToDescend =
        "nothing to descend on: the expression has no input variable (bind one first, as in w = 0.5, and use it)";

    public static string NotAnInputOf(string name, IReadOnlyList<string> inputs) =>
        $"'{name}' is not an input variable of this expression; it can move {string.Join(", ", inputs)}";

    public static string NonFiniteValue(string operation, double result, IReadOnlyList<double> inputs) =>
        $"{operation}({string.Join(", ", inputs.Select(Num))}) is {Describe(result)}{Why(operation, inputs)}";

    public static string NonFiniteGradient(string operation, double gradient) =>
        $"the gradient through {operation} here is {Describe(gradient)}";

    public static string Tie(string operation, double value) =>
        $"{operation} has a tie at {Num(value)}: the gradient is split evenly between both arguments";

    private static string Why(string operation, IReadOnlyList<double> inputs) => operation switch
    {
        "log" when inputs[0] == 0 => " (log of zero)",
        "log" => " (log of a negative number)",
        "sqrt" => " (square root of a negative number)",
        "/" when inputs[1] == 0 => " (division by zero)",
        _ => " (overflow or an undefined result)",
    };

    private static string Describe(double value) =>
        double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";

    // ---- Helpers ---------------------------------------------------------------------------------------

    private static string Alternatives(IReadOnlyList<string> names) => names.Count == 1
        ? $"'{names[0]}'"
        : string.Join(", ", names.Take(names.Count - 1).Select(n => $"'{n}'")) + $" or '{names[^1]}'";

    private static string Shorten(string text) => Printable.Show(text.Length <= 40 ? text : text[..37] + "...");

    // ---- Command settings (read by every front end) -----------------------------------------------------

    public static string CommandTakesNoRedirect(string name) => $"':{name}' cannot write to a file; only :dot can";

    public static string CommandTakesNoWrt(string name) => $"':{name}' takes no 'wrt' list; only :descend does (the variables it moves)";

    public static string UnknownOption(string command, string option, string known) =>
        known.Length == 0 ? $"':{command}' takes no options, but got '{option}'" : $"unknown option '{option}' for ':{command}': the options are {known}";

    public static string BadOption(string name, string expected) => $"option {name} must be {expected}";

    public static string UnexpectedArgument(string name) => $"':{name}' takes no argument";
}
