using System.Globalization;
using Backprop.Lang.Evaluation;

// Usage: Backprop.Lang.DepthProbe <workload> <size> [<stack KiB>]
// Builds one very long or very deeply nested line, asks Session.Gradient for it, and prints what came back
// as key=value lines. A stack overflow here kills only this process, which is the point. With a stack size,
// the work runs on a thread with that little stack: nothing that walks the expression may need more.

int stackKiB = 0;
if (args.Length is < 2 or > 3 || !int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out int size) || size < 1
    || (args.Length == 3 && !int.TryParse(args[2], NumberStyles.None, CultureInfo.InvariantCulture, out stackKiB)))
{
    Console.Error.WriteLine("usage: Backprop.Lang.DepthProbe sum|parens|negations|sin|gradsin|funcs <size> [<stack KiB>]");
    return 2;
}

string? line = args[0] switch
{
    // 1+1+...+1: a long left-leaning chain of additions.
    "sum" => string.Join('+', Enumerable.Repeat("1", size)),
    // ((((1)))): nesting that only parentheses can make.
    "parens" => new string('(', size) + "1" + new string(')', size),
    // ----1: a long chain of prefix operators.
    "negations" => new string('-', size) + "1",
    // sin(sin(...sin(1)...)): nested calls.
    "sin" => string.Concat(Enumerable.Repeat("sin(", size)) + "1" + new string(')', size),
    // grad(sin(sin(...sin(x)...)), x) with x = 1: the derivative built as a graph as deep, then backward through it.
    "gradsin" => "grad(" + string.Concat(Enumerable.Repeat("sin(", size)) + "x" + new string(')', size) + ", x)",
    // f<size-1>(1), each f<i>(x) = f<i-1>(x) and f0(x) = x + 1: calls of the user's functions nested as deep,
    // defined, lowered, traced and drawn as clusters.
    "funcs" => $"f{size - 1}(1)",
    // [[[[x]]]]: brackets nested as deep (a stack per level, refused past 32 axes).
    "brackets" => "sum(" + new string('[', size) + "1, x" + new string(']', size) + ")",
    // sum(((X.T).T)...[0:2]...): tensor postfixes chained as long.
    "postfix" => "sum(" + new string('(', size) + "[1, 2]" + string.Concat(Enumerable.Repeat(".T)", size)) + string.Concat(Enumerable.Repeat("[0:2]", size)) + ")",
    _ => null,
};
if (line is null)
{
    Console.Error.WriteLine($"unknown workload '{args[0]}'");
    return 2;
}

GradientOutcome? outcome = null;
var session = new Session();
if (args[0] is "gradsin" or "brackets")
{
    session.Run("x = 1");
}
int clusters = 0;
void Work()
{
    if (args[0] == "funcs")
    {
        session.Run("f0(x) = x + 1");
        for (int i = 1; i < size; i++)
        {
            session.Run($"f{i}(x) = f{i - 1}(x)");
        }
    }
    outcome = session.Gradient(line);
    if (args[0] == "funcs")
    {
        _ = Backprop.Lang.Analysis.Trace.Of(outcome.Graph);
        string dot = Backprop.Lang.Analysis.DotWriter.Write(outcome.Graph, v => v.ToString(CultureInfo.InvariantCulture));
        clusters = dot.Split("subgraph cluster_").Length - 1;
    }
}
if (stackKiB > 0)
{
    var thread = new Thread(Work, stackKiB * 1024);
    thread.Start();
    thread.Join();
}
else
{
    Work();
}
var invariant = CultureInfo.InvariantCulture;
Console.WriteLine($"ok={outcome!.Succeeded}");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"clusters={clusters}"));
Console.WriteLine(string.Create(invariant, $"value={outcome.Value:R}"));
Console.WriteLine(string.Create(invariant, $"literals={outcome.Literals.Count}"));
if (outcome.Literals.Count > 0)
{
    Console.WriteLine(string.Create(invariant, $"first_gradient={outcome.Literals[0].Gradient:R}"));
}
if (outcome.Variables.Count > 0)
{
    Console.WriteLine(string.Create(invariant, $"variable_gradient={outcome.Variables[0].Gradient:R}"));
}
foreach (var diagnostic in outcome.Diagnostics)
{
    // The message only: the formatted diagnostic would echo an excerpt of a megabyte-long line.
    Console.WriteLine($"diagnostic={diagnostic.Severity}@{diagnostic.Column}: {diagnostic.Message}");
}
return 0;
