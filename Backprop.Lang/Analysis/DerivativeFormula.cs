using Backprop.Lang.Evaluation;
using Backprop.Lang.Graph;
using Backprop.Lang.Rules;
using Backprop.Lang.Syntax;

namespace Backprop.Lang.Analysis;

/// <summary>A derivative written as a formula of the language, and its value at the current values.</summary>
public sealed record DerivativeReport(string Wrt, Expr Formula, double Value)
{
    public string Text => Formula.ToString();
}

/// <summary>
/// <c>:deriv</c>: the derivative as a formula a person can read. The expression's graph is run forward and then
/// backward in the arithmetic of formulas (<see cref="Formula"/>), with the same layer rules as every gradient, so
/// the formula is what backprop computes, conventions at kinks included (relu'(x) is heaviside(x, 0)). Input
/// variables appear by name, named intermediates are written out in terms of them, and a variable bound to
/// something else since keeps the value it had, so the formula holds at any values of the variables.
/// </summary>
public static class DerivativeFormula
{
    /// <summary>How many terms a formula may print as: sharing in a graph can make the written-out form explode.</summary>
    public const long MaxTerms = 2_000;

    /// <summary>The formula, or why there is none: too large, or a layer with no generic rule.</summary>
    public readonly record struct Result(DerivativeReport? Report, long Terms, string? NotDifferentiable);

    public static Result Of(GradientOutcome outcome, int target, string name)
    {
        var graph = outcome.Graph;
        var formula = new Formula(MaxTerms);
        var values = new Expr[outcome.Output + 1];
        for (int node = 0; node <= outcome.Output; node++)
        {
            if (node == target)
            {
                values[node] = Formula.Name(name);
                continue;
            }
            values[node] = graph.Kind(node) switch
            {
                // A variable rebound since is shown as x@3 and is not one the user can type: its value stands in.
                NodeKind.Input when graph.Name(node) is { } n && !n.Contains('@') => Formula.Name(n),
                NodeKind.Operation when graph.Layer(node)!.HasGenericRule =>
                    graph.Layer(node)!.Apply(formula, values[graph.X(node)], graph.Y(node) >= 0 ? values[graph.Y(node)] : values[graph.X(node)]),
                NodeKind.Operation => Formula.Name("?"),
                _ => formula.Constant(graph.Value(node)),
            };
        }
        var result = GraphDerivative.Backward(graph, outcome.Output, [target], formula, node => values[node]);
        if (result.NotDifferentiable is not null)
        {
            return new Result(null, 0, result.NotDifferentiable);
        }
        var derivative = result.Derivatives[0];
        long terms = formula.Size(derivative);
        return terms > MaxTerms
            ? new Result(null, terms, null)
            : new Result(new DerivativeReport(name, derivative, outcome.Gradients[target]), terms, null);
    }
}
