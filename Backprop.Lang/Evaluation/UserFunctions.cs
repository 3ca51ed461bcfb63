using System.Diagnostics.CodeAnalysis;
using Backprop.Lang.Syntax;
using Backprop.Lang.Text;

namespace Backprop.Lang.Evaluation;

/// <summary>
/// A function the user defined, <c>f(x) = x^2 + 1</c>. A call is lowered by lowering <see cref="Body"/> with the
/// parameters bound to the arguments' nodes; other names in the body are the session's variables at the time of
/// the call.
/// </summary>
public sealed class UserFunction
{
    internal UserFunction(FunctionDefinition definition, SourceLine source)
    {
        Definition = definition;
        Source = source;
        Parameters = definition.Parameters.Select(p => p.Name).ToArray();
        var parameters = new HashSet<string>(Parameters, StringComparer.Ordinal);
        // What one call appends by itself, the other names it reads, and the user's functions it calls: the
        // body is walked once here (with a stack: a body may nest as deep as any expression).
        var free = new HashSet<string>(StringComparer.Ordinal);
        var firstUses = new List<NameExpr>();
        var calls = new List<CallExpr>();
        long nodes = 0;
        var pending = new Stack<Expr>();
        pending.Push(definition.Body);
        while (pending.TryPop(out var expr))
        {
            switch (expr)
            {
                case NumberExpr:
                    nodes++;
                    break;
                case NameExpr n when !parameters.Contains(n.Name):
                    if (free.Add(n.Name)) firstUses.Add(n);
                    break;
                case UnaryExpr u:
                    nodes += u.Operator == UnaryOperator.Negate ? 1 : 0;
                    pending.Push(u.Operand);
                    break;
                case BinaryExpr b:
                    nodes++;
                    pending.Push(b.Right);
                    pending.Push(b.Left);
                    break;
                case ListExpr l:
                    nodes++;
                    for (int i = l.Elements.Count - 1; i >= 0; i--) pending.Push(l.Elements[i]);
                    break;
                case IndexExpr x:
                    nodes++;
                    pending.Push(x.Target);
                    break;
                case NamedArgumentExpr n:
                    pending.Push(n.Value);
                    break;
                case CallExpr c:
                    if (Functions.IsFunction(c.Function)) nodes++;
                    else calls.Add(c);
                    for (int i = c.Arguments.Count - 1; i >= 0; i--) pending.Push(c.Arguments[i]);
                    break;
            }
        }
        OwnNodes = nodes;
        FreeNames = free;
        FreeNameUses = firstUses;
        UserCalls = calls;
    }

    public string Name => Definition.Name;
    public IReadOnlyList<string> Parameters { get; }
    public Expr Body => Definition.Body;
    public FunctionDefinition Definition { get; }

    /// <summary>The line the function was defined on: the body's literals and errors point into it.</summary>
    public SourceLine Source { get; }

    /// <summary>The definition as written, <c>f(x) = x^2 + 1</c>.</summary>
    public string Text => Source.ToString(Definition.Span);

    /// <summary>Nodes one call appends, not counting what the user's functions it calls append.</summary>
    internal long OwnNodes { get; }

    /// <summary>Names in the body that are not parameters: session variables (or constants), read at each call.</summary>
    internal IReadOnlySet<string> FreeNames { get; }

    /// <summary>The first use of each of <see cref="FreeNames"/>, in the order written: where a warning about one points.</summary>
    internal IReadOnlyList<NameExpr> FreeNameUses { get; }

    /// <summary>The calls in the body of functions that are not built-in, in the order written.</summary>
    internal IReadOnlyList<CallExpr> UserCalls { get; }
}

/// <summary>The user's functions in a session, in the order they were first defined.</summary>
public sealed class FunctionTable
{
    private readonly Dictionary<string, UserFunction> _byName = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    // What a call of each function inlines (see Expanded). A new function changes no other's (a body can only call
    // functions that exist), so only redefining one empties it.
    private readonly Dictionary<string, (long, IReadOnlySet<string>)> _expanded = new(StringComparer.Ordinal);

    public IReadOnlyList<UserFunction> All => _order.Select(name => _byName[name]).ToList();

    public IReadOnlyCollection<string> Names => _order;

    public int Count => _order.Count;

    public bool TryGet(string name, [NotNullWhen(true)] out UserFunction? function) => _byName.TryGetValue(name, out function);

    public bool Contains(string name) => _byName.ContainsKey(name);

    internal void Set(UserFunction function)
    {
        if (!_byName.ContainsKey(function.Name))
        {
            _order.Add(function.Name);
        }
        else
        {
            _expanded.Clear();
        }
        _byName[function.Name] = function;
    }

    internal void Clear()
    {
        _byName.Clear();
        _order.Clear();
        _expanded.Clear();
    }

    /// <summary>
    /// The call in <paramref name="function"/>'s body that makes it call itself, directly or through the user's
    /// other functions, and the function it goes through (null when it calls itself directly); null when none does.
    /// </summary>
    internal (CallExpr Call, string? Through)? SelfCall(UserFunction function)
    {
        foreach (var call in function.UserCalls)
        {
            if (call.Function == function.Name)
            {
                return (call, null);
            }
        }
        // Only a function being redefined can be reached from another: a body cannot call a function that does not exist.
        if (!_byName.ContainsKey(function.Name))
        {
            return null;
        }
        foreach (var call in function.UserCalls)
        {
            if (Reaches(call.Function, function.Name))
            {
                return (call, call.Function);
            }
        }
        return null;
    }

    // Whether calling `from` ends up calling `target`: a walk over the table with a stack and a visited set.
    private bool Reaches(string from, string target)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>();
        pending.Push(from);
        while (pending.TryPop(out var name))
        {
            if (name == target) return true;
            if (!seen.Add(name) || !_byName.TryGetValue(name, out var function)) continue;
            foreach (var call in function.UserCalls) pending.Push(call.Function);
        }
        return false;
    }

    /// <summary>
    /// What calling <paramref name="name"/> costs once everything it calls is inlined: the nodes appended (saturating
    /// at <see cref="long.MaxValue"/>) and the free names read. Remembered until a function is redefined.
    /// </summary>
    internal (long Nodes, IReadOnlySet<string> Names) Expanded(string name)
    {
        var memo = _expanded;
        if (memo.TryGetValue(name, out var known)) return known;
        // Post-order over the call graph (acyclic: a definition that would close a cycle is refused), with a stack.
        var pending = new Stack<(string Name, bool Ready)>();
        pending.Push((name, false));
        while (pending.TryPop(out var item))
        {
            if (memo.ContainsKey(item.Name)) continue;
            if (!_byName.TryGetValue(item.Name, out var function))
            {
                memo[item.Name] = (0, new HashSet<string>());
                continue;
            }
            if (!item.Ready)
            {
                pending.Push((item.Name, true));
                foreach (var call in function.UserCalls)
                {
                    if (!memo.ContainsKey(call.Function)) pending.Push((call.Function, false));
                }
                continue;
            }
            long nodes = function.OwnNodes;
            var names = new HashSet<string>(function.FreeNames, StringComparer.Ordinal);
            foreach (var call in function.UserCalls)
            {
                var (inner, innerNames) = memo[call.Function];
                nodes = inner > long.MaxValue - nodes ? long.MaxValue : nodes + inner;
                names.UnionWith(innerNames);
            }
            memo[item.Name] = (nodes, names);
        }
        return memo[name];
    }
}
