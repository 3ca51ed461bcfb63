using Backprop.Lang.Diagnostics;
using Backprop.Lang.Graph;
using Backprop.Lang.Syntax;
using Backprop.Lang.Text;

namespace Backprop.Lang.Evaluation;

/// <summary>
/// Defining a function (<c>f(x) = x^2 + 1</c>, see <see cref="Session.Define"/>): refused, changing nothing, if its body
/// would call it again, if its name is a variable's, or if its body does not lower; a trial lowering with every name a
/// leaf finds what would fail at every call.
/// </summary>
internal static class FunctionDefiner
{
    public static FunctionOutcome Define(FunctionDefinition definition, SourceLine source, FunctionTable functions, IReadOnlyDictionary<string, int> bindings)
    {
        FunctionOutcome Refused(TextSpan span, string message) =>
            new(source, null, null, [new Diagnostic(Severity.Error, source, span, message)]);

        if (bindings.ContainsKey(definition.Name))
        {
            return Refused(definition.NameSpan, Messages.FunctionNameTaken(definition.Name));
        }
        var function = new UserFunction(definition, source);
        if (functions.SelfCall(function) is var (call, through))
        {
            return Refused(call.NameSpan, Messages.CallsItself(definition.Name, through));
        }
        var inlined = Lowerer.Measure(definition.Body, functions);
        if (inlined.CallsFunctions && inlined.AllNodes > Lowerer.MaxInlinedNodes)
        {
            return Refused(definition.Body.Span, Messages.CallsTooLarge(inlined.AllNodes, Lowerer.MaxInlinedNodes));
        }
        // The body alone: its calls of the user's functions are checked, not inlined.
        var shape = Lowerer.Measure(definition.Body);
        // A trial lowering into a scratch graph, every name bound to a leaf, finds what would fail at every call.
        var scratch = new ComputationGraph(Math.Min(shape.Nodes, 1 << 12) + function.Parameters.Count + shape.Names.Count);
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var warnings = new List<Diagnostic>();
        foreach (string parameter in function.Parameters)
        {
            names[parameter] = scratch.AddLeaf(NodeKind.Input, 1);
        }
        foreach (var name in function.FreeNameUses)
        {
            bool variable = bindings.ContainsKey(name.Name);
            bool constant = !variable && Constants.TryGet(name.Name, out _);
            if (!variable && !constant && !Functions.IsFunction(name.Name) && !functions.Contains(name.Name))
            {
                warnings.Add(new Diagnostic(Severity.Warning, source, name.Span, Messages.NotAVariableYet(name.Name, definition.Name)));
            }
            if (!constant)
            {
                names[name.Name] = scratch.AddLeaf(NodeKind.Input, 1);
            }
        }
        var trial = Lowerer.Lower(definition.Body, shape, source, scratch, names, functions: functions, inlineCalls: false);
        if (!trial.Succeeded)
        {
            return new FunctionOutcome(source, null, null, [.. trial.Diagnostics.Where(d => d.IsError)]);
        }
        int? replaced = functions.TryGet(definition.Name, out var old) ? old.Source.Number : null;
        functions.Set(function);
        return new FunctionOutcome(source, function, replaced, warnings);
    }
}
