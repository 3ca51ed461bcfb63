using System.Diagnostics.CodeAnalysis;
using Backprop.Lang.Diagnostics;
using Backprop.Lang.Graph;
using Backprop.Lang.Syntax;
using Backprop.Lang.Text;

namespace Backprop.Lang.Evaluation;

/// <summary>
/// The predefined constants <c>pi</c> and <c>e</c>. A constant is a leaf like a literal: each occurrence is a
/// <see cref="NodeKind.Literal"/> of its own, at its own line:column, whose text is its name, so <c>:grad 2*pi</c>
/// lists <c>pi</c> with its gradient as it would list <c>3.14</c>. A variable always wins: <c>e = c - d</c> (as
/// micrograd's tests write) binds <c>e</c> for the session, with a note the first time, and <c>:reset</c> brings the
/// constant back.
/// </summary>
public static class Constants
{
    private static readonly Dictionary<string, double> ByName = new(StringComparer.Ordinal)
    {
        ["pi"] = Math.PI,
        ["e"] = Math.E,
    };

    public static IReadOnlyCollection<string> Names { get; } = [.. ByName.Keys];

    public static bool TryGet(string name, out double value) => ByName.TryGetValue(name, out value);

    /// <summary>
    /// The leaf for <paramref name="name"/> when it is a constant no variable shadows: a literal at the name's span.
    /// </summary>
    internal static bool TryLower(NameExpr name, SourceLine line, ComputationGraph graph, IReadOnlyDictionary<string, int> bindings,
        out int node)
    {
        // Most names are neither, and this runs for every name lowering meets: the length rules them out first.
        if (name.Name.Length <= 2 && ByName.TryGetValue(name.Name, out double value) && !bindings.ContainsKey(name.Name))
        {
            node = graph.AddLeaf(NodeKind.Literal, value, new NodeOrigin(line, name.Span));
            return true;
        }
        node = -1;
        return false;
    }

    /// <summary>Which constants a session has already said it hides, so each is said once (until <see cref="Reset"/>).</summary>
    internal sealed class Shadowing
    {
        private readonly HashSet<string> _noted = new(StringComparer.Ordinal);

        /// <summary>A warning the first time <paramref name="assignment"/> binds a constant's name in this session.</summary>
        public bool TryNote(AssignmentStatement assignment, SourceLine source, [NotNullWhen(true)] out Diagnostic? note)
        {
            if (TryGet(assignment.Name, out double value) && _noted.Add(assignment.Name))
            {
                note = new Diagnostic(Severity.Warning, source, assignment.NameSpan, Messages.ConstantShadowed(assignment.Name, value));
                return true;
            }
            note = null;
            return false;
        }

        public void Reset() => _noted.Clear();
    }
}
