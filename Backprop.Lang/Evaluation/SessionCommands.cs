using Backprop.Lang.Analysis;
using Backprop.Lang.Diagnostics;
using Backprop.Lang.Syntax;
using Backprop.Lang.Text;

namespace Backprop.Lang.Evaluation;

/// <summary>
/// The commands that work on an expression's gradient and may move the session's input variables: descent and
/// Newton's method, the Hessian, derivative formulas. Each is a gradient of the session (<see cref="Session.GradientAndMap"/>),
/// its own analysis (<see cref="GradientDescent"/>, <see cref="NewtonMethod"/>, <see cref="Analysis.Hessian"/>,
/// <see cref="DerivativeFormula"/>), and for descent the moved inputs bound back (<see cref="Session.Rebind"/>).
/// </summary>
internal static class SessionCommands
{
    /// <summary>What <see cref="Session.Descend"/> does.</summary>
    public static DescentOutcome Descend(Session session, Expr expr, SourceLine source, double learningRate, int steps, IReadOnlyList<NameExpr>? wrt = null,
        long budget = long.MaxValue, DescentMethod method = DescentMethod.Gradient, CancellationToken cancellation = default)
    {
        var outcome = session.GradientAndMap(expr, source, out int[] map);
        if (!outcome.Succeeded)
        {
            return new DescentOutcome(source, outcome, null, outcome.Diagnostics);
        }
        if (InputSelection.Check(outcome, expr, source, wrt, Messages.NothingToDescend) is { } error)
        {
            return new DescentOutcome(source, outcome, null, [.. outcome.Diagnostics, error]);
        }
        var moving = InputSelection.Selected(outcome, wrt);
        if (method == DescentMethod.Newton && outcome.Graph.HasTensors)
        {
            return new DescentOutcome(source, outcome, null, [.. outcome.Diagnostics,
                new Diagnostic(Severity.Error, source, expr.Span, Messages.CommandNotForTensors("descend method=newton"))]);
        }
        var report = method == DescentMethod.Newton
            ? NewtonMethod.Run(outcome, moving, learningRate, steps, budget, cancellation)
            : GradientDescent.Run(outcome, learningRate, steps, budget, moving, cancellation);
        var warnings = session.Rebind(report.Inputs.Select(input => (map[input.Node], input.TensorAfter ?? Tensors.Tensor.Scalar(input.After))), source);
        return new DescentOutcome(source, outcome, report, [.. outcome.Diagnostics, .. warnings]);
    }

    /// <summary>What <see cref="Session.Hessian"/> does.</summary>
    public static HessianOutcome Hessian(Session session, Expr expr, SourceLine source, IReadOnlyList<NameExpr>? wrt = null)
    {
        var outcome = session.GradientAndMap(expr, source, out _);
        if (!outcome.Succeeded)
        {
            return new HessianOutcome(source, outcome, null, outcome.Diagnostics);
        }
        if (outcome.Graph.HasTensors)
        {
            return new HessianOutcome(source, outcome, null, [.. outcome.Diagnostics,
                new Diagnostic(Severity.Error, source, expr.Span, Messages.CommandNotForTensors("hessian"))]);
        }
        if (InputSelection.Check(outcome, expr, source, wrt, Messages.NothingToDifferentiate) is { } error)
        {
            return new HessianOutcome(source, outcome, null, [.. outcome.Diagnostics, error]);
        }
        return new HessianOutcome(source, outcome, Analysis.Hessian.Of(outcome, InputSelection.Selected(outcome, wrt)), outcome.Diagnostics);
    }

    /// <summary>What <see cref="Session.Derive"/> does.</summary>
    public static DerivativeOutcome Derive(Session session, Expr expr, SourceLine source, NameExpr wrt)
    {
        var outcome = session.GradientAndMap(expr, source, out _);
        if (!outcome.Succeeded)
        {
            return new DerivativeOutcome(source, null, outcome.Diagnostics);
        }
        if (outcome.Graph.HasTensors)
        {
            return new DerivativeOutcome(source, null, [.. outcome.Diagnostics,
                new Diagnostic(Severity.Error, source, expr.Span, Messages.CommandNotForTensors("deriv"))]);
        }
        int target = outcome.Variables.FirstOrDefault(v => v.Name == wrt.Name)?.Node
            ?? outcome.Intermediates.FirstOrDefault(v => v.Name == wrt.Name)?.Node ?? -1;
        if (target < 0)
        {
            if (!session.Bindings.ContainsKey(wrt.Name))
            {
                return new DerivativeOutcome(source, null, [.. outcome.Diagnostics, new Diagnostic(Severity.Error, source, wrt.Span,
                    Messages.UnknownName(wrt.Name, Suggestions.Nearest(wrt.Name, session.Bindings.Keys)))]);
            }
            // A variable the expression does not use: the derivative is 0, and saying why is kinder than an error.
            var zero = new DerivativeReport(wrt.Name, new NumberExpr(default, 0, "0"), 0);
            return new DerivativeOutcome(source, zero, [.. outcome.Diagnostics, new Diagnostic(Severity.Warning, source, expr.Span, Messages.DoesNotDependOn(wrt.Name))]);
        }
        var result = DerivativeFormula.Of(outcome, target, wrt.Name);
        if (result.Report is null)
        {
            string message = result.NotDifferentiable is { } layer
                ? Messages.NotDifferentiableTwice(layer)
                : Messages.FormulaTooLarge(result.Terms, DerivativeFormula.MaxTerms);
            return new DerivativeOutcome(source, null, [.. outcome.Diagnostics, new Diagnostic(Severity.Error, source, expr.Span, message)]);
        }
        return new DerivativeOutcome(source, result.Report, outcome.Diagnostics);
    }
}
