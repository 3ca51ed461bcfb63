using System.Globalization;
using System.Text;

namespace Backprop.Benchmarks;

public enum WorkloadKind
{
    /// <summary>(1) <c>x*1.0001 + x*1.0001 + ...</c>: a left-leaning chain of about 1,000,000 nodes.</summary>
    Chain,
    /// <summary>(2) A balanced tree of about 1,000,000 nodes over a few hundred variables, every operator and function.</summary>
    Tree,
    /// <summary>(3) <c>0.9999*(x + 0.9999*(x + ... x ...))</c>: parentheses nested 100,000 deep.</summary>
    Deep,
}

/// <summary>
/// One expression to benchmark: the variables it needs (bound to inputs before it runs) and the expression line.
/// <see cref="Nodes"/> is the size of its graph once lowered after those variables: every variable leaf, every
/// literal and every operation (a unary plus makes none).
/// </summary>
public sealed record Workload(WorkloadKind Kind, IReadOnlyList<(string Name, double Value)> Variables, string Expression, int Nodes)
{
    public int ExpressionBytes { get; } = Encoding.UTF8.GetByteCount(Expression);

    /// <summary>The script <c>backprop eval</c> runs: the variables, then one <c>:grad</c> line over the expression.</summary>
    public string Script()
    {
        var text = new StringBuilder(Expression.Length + 32 * Variables.Count + 16);
        foreach (var (name, value) in Variables)
        {
            text.Append(CultureInfo.InvariantCulture, $"{name} = {value:R}\n");
        }
        return text.Append(":grad ").Append(Expression).Append('\n').ToString();
    }
}

/// <summary>
/// The benchmark's inputs, generated rather than stored: the same seed gives the same text on every machine.
/// Values are chosen so that nothing overflows or turns NaN, which would add warnings to what is measured.
/// </summary>
public static class Workloads
{
    public const int TargetNodes = 1_000_000;
    public const int DeepNesting = 100_000;
    public const int TreeVariables = 300;
    public const int ScriptLines = 1_000;
    private const int Seed = 5;

    private static readonly Dictionary<WorkloadKind, Workload> Cache = [];

    /// <summary>Each workload is generated once per process.</summary>
    public static Workload Get(WorkloadKind kind)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(kind, out var workload))
            {
                workload = kind switch
                {
                    WorkloadKind.Chain => Chain(TargetNodes),
                    WorkloadKind.Tree => Tree(TargetNodes, TreeVariables),
                    WorkloadKind.Deep => Deep(DeepNesting),
                    _ => throw new ArgumentOutOfRangeException(nameof(kind)),
                };
                Cache[kind] = workload;
            }
            return workload;
        }
    }

    /// <summary>
    /// <c>x*1.0001 + x*1.0001 + ...</c>: each term is a literal and a multiplication, joined by additions, over
    /// one variable x, so n terms make 3n nodes.
    /// </summary>
    public static Workload Chain(int nodes)
    {
        int terms = (nodes + 2) / 3;
        const string term = "x*1.0001";
        var text = new StringBuilder(terms * (term.Length + 3));
        text.Append(term);
        for (int i = 1; i < terms; i++)
        {
            text.Append(" + ").Append(term);
        }
        return new Workload(WorkloadKind.Chain, [("x", 0.5)], text.ToString(), 3 * terms);
    }

    /// <summary>
    /// <c>0.9999*(x + 0.9999*(x + ... 0.9999*(x + x) ...))</c>: each level a literal, an addition and a multiplication,
    /// and one more pair of parentheses. The factor is just under 1 so that the innermost gradient, 0.9999^100,000
    /// (about e^-10), does not underflow to zero as 0.5^100,000 would.
    /// </summary>
    public static Workload Deep(int depth)
    {
        const string open = "0.9999*(x + ";
        var text = new StringBuilder(depth * (open.Length + 1) + 1);
        for (int i = 0; i < depth; i++)
        {
            text.Append(open);
        }
        text.Append('x').Append(')', depth);
        return new Workload(WorkloadKind.Deep, [("x", 0.5)], text.ToString(), 1 + 3 * depth);
    }

    /// <summary>
    /// A balanced binary tree whose leaves are variables and whose inner nodes are <see cref="Templates"/> picked
    /// at random: sized so the graph comes to about <paramref name="nodes"/> nodes.
    /// </summary>
    public static Workload Tree(int nodes, int variableCount)
    {
        var random = new Random(Seed);
        var variables = Enumerable.Range(0, variableCount)
            .Select(i => ($"v{i}", Math.Round(random.NextDouble() * 1.8 - 0.9, 3)))
            .ToArray();
        double meanTemplateNodes = Templates.Average(t => t.Nodes);
        int leaves = (int)Math.Round((nodes - variableCount) / meanTemplateNodes) + 1;

        var text = new StringBuilder(nodes * 5);
        int templateNodes = 0;
        WriteTree(leaves);
        return new Workload(WorkloadKind.Tree, variables, text.ToString(), variableCount + templateNodes);

        // Recursion is as deep as the tree, about log2(200,000) = 18 levels: this is our input, not a user's.
        void WriteTree(int count)
        {
            if (count == 1)
            {
                text.Append(variables[random.Next(variableCount)].Item1);
                return;
            }
            var template = Templates[random.Next(Templates.Length)];
            templateNodes += template.Nodes;
            text.Append(template.Before);
            WriteTree(count / 2);
            text.Append(template.Between);
            WriteTree(count - count / 2);
            text.Append(template.After);
        }
    }

    /// <summary>
    /// An inner node of the tree: <c>Before a Between b After</c>, and how many graph nodes it adds besides a and b.
    /// Each maps inputs in [-1, 1] to an output in [-1, 1], keeps log, sqrt and pow on positive arguments and tan
    /// well away from its poles, so every value and gradient stays finite however deep the tree.
    /// </summary>
    private sealed record Template(string Before, string Between, string After, int Nodes);

    private static readonly Template[] Templates =
    [
        new("tanh(", " + ", ")", 2),
        new("sigmoid(", " - ", ") * 2 - 1", 6),
        new("(", ") * (", ")", 1),
        new("(", ") / (2 + abs(", "))", 4),
        new("exp(-abs(", ")) * sin(", ")", 5),
        new("log(1.5 + (", ")) / 2 - cos(", ") / 4", 9),
        new("sqrt(abs(", ") + 0.01) * (", ") / 2", 7),
        new("tan((", ") / 2) * (", ")", 4),
        new("relu(", ") - relu(", ")", 3),
        new("max(", ", 0.25) * min(", ", -0.25)", 6),
        new("pow(1 + relu(", "), -(", ")) - 1", 7),
        new("(2 + (", ")) ^ (", ") / 3", 5),
        new("((1.5 + (", ")) ** (", ") - 1) / 2", 7),
        new("(+(", ") \u2212 -(", ")) \u00F7 2", 4),
        new("cos(", ") \u00D7 sin(", ")", 3),
        new("min(abs(", "), max(", ", 0.5))", 4),
    ];

    /// <summary>
    /// (4) A script of <see cref="ScriptLines"/> lines: inputs, then assignments that build on earlier names with
    /// the tree's templates, with a <c>:grad</c> every fifth line over a recent name.
    /// </summary>
    public static string Script()
    {
        var random = new Random(Seed);
        var text = new StringBuilder();
        var names = new List<string>();
        const int inputs = 50;
        for (int i = 0; i < inputs; i++)
        {
            names.Add($"a{i}");
            text.Append(CultureInfo.InvariantCulture, $"a{i} = {Math.Round(random.NextDouble() * 1.8 - 0.9, 3):R}\n");
        }
        for (int line = inputs; line < ScriptLines; line++)
        {
            string Pick() => names[names.Count - 1 - random.Next(Math.Min(names.Count, 40))];
            var template = Templates[random.Next(Templates.Length)];
            string expression = template.Before + Pick() + template.Between + Pick() + template.After;
            if (line % 5 == 4)
            {
                text.Append(":grad ").Append(expression).Append('\n');
            }
            else
            {
                string name = $"h{line}";
                text.Append(name).Append(" = ").Append(expression).Append('\n');
                names.Add(name);
            }
        }
        return text.ToString();
    }
}
