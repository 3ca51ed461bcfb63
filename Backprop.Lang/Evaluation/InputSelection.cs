using Backprop.Lang.Diagnostics;
using Backprop.Lang.Syntax;
using Backprop.Lang.Text;

namespace Backprop.Lang.Evaluation;

/// <summary>The input variables a command works with (<c>wrt w, b</c>, or all of them): :descend's and :hessian's.</summary>
internal static class InputSelection
{
    // Checks the names after wrt against the expression's input variables: an error naming the first that is not one.
    public static Diagnostic? Check(GradientOutcome outcome, Expr expr, SourceLine source, IReadOnlyList<NameExpr>? wrt, string nothing)
    {
        if (outcome.Variables.Count == 0)
        {
            return new Diagnostic(Severity.Error, source, expr.Span, nothing);
        }
        foreach (var name in wrt ?? [])
        {
            if (!outcome.Variables.Any(v => v.Name == name.Name))
            {
                return new Diagnostic(Severity.Error, source, name.Span, Messages.NotAnInputOf(name.Name, outcome.Variables.Select(v => v.Name).ToList()));
            }
        }
        return null;
    }

    // The input variables named after wrt, each once, in the order written; every input of the expression without wrt.
    public static List<VariableGradient> Selected(GradientOutcome outcome, IReadOnlyList<NameExpr>? wrt) =>
        wrt is null || wrt.Count == 0
            ? [.. outcome.Variables]
            : wrt.Select(name => name.Name).Distinct().Select(name => outcome.Variables.First(v => v.Name == name)).ToList();
}
