using System.Globalization;
using System.Text.RegularExpressions;
using Backprop.Lang.Analysis;
using Backprop.Lang.Evaluation;
using Backprop.Lang.Graph;
using Backprop.Lang.Layers;
using CsCheck;

namespace Backprop.Lang.Tests;

/// <summary>
/// The analysis behind <c>:trace</c>, <c>:check</c> and <c>:dot</c>: the chain-rule ledger walks the seed graph
/// exactly as the article does by hand, the gradient check agrees with every layer and flags kinks instead of
/// failing them, a layer with a deliberately wrong backward is caught, and the DOT has one node per graph node
/// and one labelled edge per input.
/// </summary>
public partial class AnalysisTests
{
    private const string Seed = "(1*2)*(10+20)";

    private static string Invariant(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static GradientOutcome Gradient(string expression, string setup = "")
    {
        var session = new Session();
        foreach (var outcome in session.Run(setup))
        {
            Assert.True(outcome.Succeeded, string.Join("\n", outcome.Diagnostics));
        }
        var gradient = session.Gradient(expression);
        Assert.True(gradient.Succeeded, string.Join("\n", gradient.Diagnostics));
        return gradient;
    }

    private static IReadOnlyList<int> Leaves(GradientOutcome outcome) =>
        outcome.Literals.Select(l => l.Node).Concat(outcome.Variables.Select(v => v.Node)).ToList();

    private static CheckReport Check(GradientOutcome outcome) =>
        GradientCheck.Run(outcome.Graph, outcome.Gradients, Leaves(outcome));

    private static string Describe(CheckReport report) => string.Join("\n", report.Leaves.Select(l =>
        $"node {l.Node} at {Invariant(l.Value)}: backprop {Invariant(l.Backprop)}, numerical {Invariant(l.Numerical)}, " +
        $"error {Invariant(l.RelativeError)}, {l.Verdict}"));

    // ---- Trace: the seed, as the article walks it -------------------------------------------------------------
    //
    // (1*2)*(10+20) is lowered in creation order: 0 = 1, 1 = 2, 2 = 1*2, 3 = 10, 4 = 20, 5 = 10+20, 6 = (..)*(..).

    [Fact]
    public void Trace_Seed_ForwardHasOneRowPerLayerInCreationOrder()
    {
        var trace = Trace.Of(Gradient(Seed).Graph);

        Assert.Equal(
            [
                (2, "MulLayer", new[] { 0, 1 }, new[] { 1.0, 2.0 }, 2.0),
                (5, "AddLayer", new[] { 3, 4 }, new[] { 10.0, 20.0 }, 30.0),
                (6, "MulLayer", new[] { 2, 5 }, new[] { 2.0, 30.0 }, 60.0),
            ],
            trace.Forward.Select(s => (s.Node, s.Layer, s.Inputs.ToArray(), s.InputValues.ToArray(), s.Output)));
    }

    [Fact]
    public void Trace_Seed_BackwardIsTheArticlesWalk()
    {
        var trace = Trace.Of(Gradient(Seed).Graph);

        // mul_layer2.backward(1) = (30, 2); add_layer.backward(2) = (2, 2); mul_layer1.backward(30) = (60, 30).
        Assert.Equal(
            [
                (6, "MulLayer", 1.0, "dx = dout*y, dy = dout*x", "2 <- 30, 5 <- 2"),
                (5, "AddLayer", 2.0, "dx = dout*1, dy = dout*1", "3 <- 2, 4 <- 2"),
                (2, "MulLayer", 30.0, "dx = dout*y, dy = dout*x", "0 <- 60, 1 <- 30"),
            ],
            trace.Backward.Select(s => (s.Node, s.Layer, s.Dout, s.Rule, Sends(s))));
        Assert.All(trace.Backward.SelectMany(s => s.Sent), sent => Assert.False(sent.Accumulated));
    }

    private static string Sends(BackwardStep step) =>
        string.Join(", ", step.Sent.Select(s => $"{s.To} <- {Invariant(s.Gradient)}"));

    [Fact]
    public void Trace_ReusedVariable_ShowsTheRunningSum()
    {
        var trace = Trace.Of(Gradient("x*x", setup: "x = 3").Graph);

        var step = Assert.Single(trace.Backward);
        Assert.Equal(
            [new GradientSent(0, 3, 3, Accumulated: false), new GradientSent(0, 3, 6, Accumulated: true)],
            step.Sent);
    }

    [Fact]
    public void Trace_InputWithSeveralConsumers_SumsAcrossTheirRows()
    {
        // 0 = x, 1 = x*x, 2 = x*x + x. The add reaches x first (1), then the mul adds 3 twice: 2x + 1 = 7.
        var trace = Trace.Of(Gradient("x*x + x", setup: "x = 3").Graph);

        Assert.Equal(
            [
                (2, new GradientSent(1, 1, 1, false)),
                (2, new GradientSent(0, 1, 1, false)),
                (1, new GradientSent(0, 3, 4, true)),
                (1, new GradientSent(0, 3, 7, true)),
            ],
            trace.Backward.SelectMany(s => s.Sent.Select(sent => (s.Node, sent))));
    }

    [Theory]
    [InlineData("(1*2)*(10+20)", "")]
    [InlineData("x*x + x", "x = 3")]
    [InlineData("h*h + h", "x = 3\nh = x*2")]
    [InlineData("sigmoid(w*x + b) / (1 + exp(-x))", "w = 0.5\nx = 2\nb = -1")]
    [InlineData("max(x, 2) - min(x, 2) + relu(x - 3) * abs(x)", "x = 2")]
    public void Trace_LastRunningSumOfEveryNode_IsWhatBackwardComputes(string expression, string setup)
    {
        var outcome = Gradient(expression, setup);

        var trace = Trace.Of(outcome.Graph);

        var finalSums = new Dictionary<int, double> { [outcome.Output] = 1 };
        foreach (var sent in trace.Backward.SelectMany(s => s.Sent))
        {
            finalSums[sent.To] = sent.RunningSum;
        }
        Assert.Equal(Enumerable.Range(0, outcome.Graph.Count).Select(n => finalSums.GetValueOrDefault(n)), outcome.Gradients);
        // Each layer node runs backward once, after everything that consumes it: its dout is already final.
        Assert.All(trace.Backward, step => Assert.Equal(outcome.Gradients[step.Node], step.Dout));
    }

    [Fact]
    public void Trace_ForwardAndBackward_ListEveryLayerNodeOnce()
    {
        var outcome = Gradient("h*h + h", setup: "x = 3\nh = x*2");

        var trace = Trace.Of(outcome.Graph);

        int[] layerNodes = Enumerable.Range(0, outcome.Graph.Count).Where(n => outcome.Graph.Layer(n) is not null).ToArray();
        Assert.Equal(layerNodes, trace.Forward.Select(s => s.Node));
        Assert.Equal(layerNodes.Reverse(), trace.Backward.Select(s => s.Node));
    }

    // ---- GradientCheck: agrees on every layer -----------------------------------------------------------------

    /// <summary>Each layer at two or three points away from kinks and domain edges; the leaves are the literals.</summary>
    private static readonly string[] LayerPoints =
    [
        "1.5 + 2.25", "(-3) + 0.5",
        "4 - 1.5", "0.25 - 7",
        "1.5 * 2.25", "(-3) * 0.5",
        "1.5 / 2.25", "(-3) / 0.4", "7 / (-0.25)",
        "2 ^ 3", "0.5 ^ (-1.5)", "1.2 ^ 2.7", "pow(3, 0.5)",
        "-(0.7)", "-(250)",
        "exp(-3)", "exp(0)", "exp(2.5)",
        "log(0.05)", "log(1)", "log(40)",
        "sqrt(0.01)", "sqrt(2)", "sqrt(900)",
        "sin(-2)", "sin(0)", "sin(1.3)",
        "cos(-2)", "cos(0.5)", "cos(3)",
        "tan(-1.2)", "tan(0)", "tan(1.4)",
        "tanh(-3)", "tanh(0)", "tanh(0.8)",
        "sigmoid(-8)", "sigmoid(0)", "sigmoid(2.5)",
        "relu(-1.5)", "relu(0.7)", "relu(40)",
        "abs(-1.5)", "abs(0.7)",
        "max(1, 2)", "max(3, -4)",
        "min(1, 2)", "min(3, -4)",
        "sign(-2) * 3", "sign(0.5)",
        "heaviside(-2, 0.5)", "heaviside(1.5, 0.5)",
        "mask(2, 1.5)", "mask(-0.5, 3)",
        "1e6 * 3e-3", "1e-3 / 7e5",
        "softplus(-2)", "softplus(0.5)", "softplus(30)",
        "log1p(-0.5)", "log1p(2)",
        "expm1(-1)", "expm1(0.001)",
        "leaky_relu(-2, 0.1)", "leaky_relu(1.5, 0.3)", "leaky_relu(-3)",
    ];

    public static TheoryData<string> EveryLayer => new(LayerPoints);

    [Theory]
    [MemberData(nameof(EveryLayer))]
    public void Check_EveryLayer_AgreesAtEveryLeaf(string expression)
    {
        var report = Check(Gradient(expression));

        Assert.NotEmpty(report.Leaves);
        Assert.True(report.Leaves.All(l => l.Verdict == CheckVerdict.Agrees), Describe(report));
        Assert.Equal(report.Leaves.Count, report.Agreeing);
        Assert.Equal(0, report.Kinks);
        Assert.Equal(0, report.Disagreeing);
    }

    [Fact]
    public void Check_EveryLayerTable_UsesEveryLayerTheLibraryDefines()
    {
        var defined = typeof(Layer).Assembly.GetTypes()
            // Tensor layers are checked against central differences in Tensors/TensorGradientTests.
            .Where(t => t.IsSubclassOf(typeof(Layer)) && !t.IsAbstract && !t.IsSubclassOf(typeof(TensorLayer)))
            .Select(t => t.Name).Order();

        var used = LayerPoints
            .SelectMany(expression => Trace.Of(Gradient(expression).Graph).Forward.Select(s => s.Layer))
            .Distinct().Order();

        Assert.Equal(defined, used);
    }

    [Fact]
    public void Check_ReusedVariable_AgreesWithTheSummedGradient()
    {
        var outcome = Gradient("x*x*x + 2*x", setup: "x = 1.5");

        var leaf = Assert.Single(Check(outcome).Leaves, l => outcome.Graph.Kind(l.Node) == NodeKind.Input);

        Assert.Equal(3 * 1.5 * 1.5 + 2, leaf.Backprop, 12);
        Assert.Equal(CheckVerdict.Agrees, leaf.Verdict);
    }

    /// <summary>
    /// Smooth expressions over x, y, z in [0.5, 2] whose values stay within about a thousand, so the central
    /// difference's rounding error stays far below the default tolerance: products and quotients only of
    /// positive subexpressions, log and sqrt only of them, exp and pow only with a bounded argument or exponent.
    /// </summary>
    private static readonly Gen<string> SmoothExpressions = BuildSmooth(depth: 3);

    private static Gen<string> BuildSmooth(int depth)
    {
        var variable = Gen.OneOf("x", "y", "z");
        var literal = Gen.Int[5, 20].Select(i => Invariant(i / 10.0));
        var positive = Gen.OneOf(variable, literal);
        var any = positive;
        for (int level = 1; level <= depth; level++)
        {
            var (p, a) = (positive, any);
            positive = Gen.Frequency(
                (3, Gen.OneOf(variable, literal)),
                (2, Gen.Select(p, p, (l, r) => $"({l} + {r})")),
                (2, Gen.Select(p, p, (l, r) => $"({l} * {r})")),
                (2, Gen.Select(p, p, (l, r) => $"({l} / {r})")),
                (1, p.Select(e => $"sqrt({e})")),
                (1, p.Select(e => $"log(1 + {e})")),
                (1, a.Select(e => $"exp(tanh({e}))")),
                (1, a.Select(e => $"(2 + sin({e}))")),
                (1, Gen.Select(p, a, (l, r) => $"pow({l}, sigmoid({r}))")));
            any = Gen.Frequency(
                (3, p),
                (2, Gen.Select(a, a, (l, r) => $"({l} - {r})")),
                (1, Gen.Select(a, a, (l, r) => $"({l} + {r})")),
                (1, a.Select(e => $"(-{e})")),
                (1, a.Select(e => $"cos({e})")));
        }
        return any;
    }

    [Fact]
    public void Check_GeneratedSmoothExpressions_AgreeAtEveryLeaf()
    {
        Gen.Select(SmoothExpressions, Gen.Double[0.5, 2], Gen.Double[0.5, 2], Gen.Double[0.5, 2]).Sample(c =>
        {
            var outcome = Gradient(c.Item1, setup: $"x = {Invariant(c.Item2)}\ny = {Invariant(c.Item3)}\nz = {Invariant(c.Item4)}");
            var report = Check(outcome);
            Assert.True(report.Agreeing == report.Leaves.Count, Describe(report));
        }, iter: 300, print: c => $"{c.Item1} at x={Invariant(c.Item2)}, y={Invariant(c.Item3)}, z={Invariant(c.Item4)}");
    }

    // ---- GradientCheck: kinks are flagged, not failed ---------------------------------------------------------

    [Theory]
    [InlineData("relu(x)", "x = 0")]
    [InlineData("abs(x)", "x = 0")]
    [InlineData("relu(x - 3)", "x = 3")]
    [InlineData("abs(x) * 5", "x = 0")]
    [InlineData("relu(x)", "x = 1e-7")] // the kink lies within one step (h = 1e-6) of x
    [InlineData("max(x, 2)", "x = 2")]
    [InlineData("min(x, 2)", "x = 2")]
    [InlineData("max(x, y)", "x = 1.5\ny = 1.5")]
    public void Check_LeafOnAKink_IsFlaggedNotFailed(string expression, string setup)
    {
        var outcome = Gradient(expression, setup);

        var report = Check(outcome);

        Assert.All(report.Leaves.Where(l => outcome.Graph.Kind(l.Node) == NodeKind.Input),
            leaf => Assert.Equal(CheckVerdict.Kink, leaf.Verdict));
        Assert.True(report.Kinks > 0, Describe(report));
        Assert.Equal(0, report.Disagreeing);
    }

    [Fact]
    public void Check_ReluAtZero_WouldDisagreeWithoutTheKinkFlag()
    {
        // relu'(0) is taken as 0, while the central difference straddles the kink and sees the average slope 1/2.
        var leaf = Assert.Single(Check(Gradient("relu(0)")).Leaves);

        Assert.Equal((0.0, 0.5, CheckVerdict.Kink), (leaf.Backprop, Math.Round(leaf.Numerical, 9), leaf.Verdict));
        Assert.True(leaf.RelativeError > GradientCheck.DefaultTolerance);
    }

    [Fact]
    public void Check_MaxTie_FlagsBothSides()
    {
        var report = Check(Gradient("max(2, 2)"));

        Assert.Equal([CheckVerdict.Kink, CheckVerdict.Kink], report.Leaves.Select(l => l.Verdict));
        Assert.Equal(2, report.Kinks);
    }

    [Theory]
    [InlineData("relu(x)", "x = 0.5")]              // one step is far from the kink
    [InlineData("abs(x)", "x = -0.5")]
    [InlineData("max(x, x)", "x = 2")]             // a tie the leaf cannot break: both sides move together
    [InlineData("abs(x * x)", "x = 0")]            // abs's input is x², which does not change sign around 0
    public void Check_NearOrThroughAKinkItDoesNotCross_Agrees(string expression, string setup)
    {
        var report = Check(Gradient(expression, setup));

        Assert.True(report.Agreeing == report.Leaves.Count, Describe(report));
    }

    [Fact]
    public void Check_KinkOnlyAffectsTheLeavesThatMoveIt()
    {
        // relu(x) sits on its kink, but nudging y does not move relu's input.
        var outcome = Gradient("relu(x) * y", setup: "x = 0\ny = 4");

        var verdicts = Check(outcome).Leaves.ToDictionary(l => outcome.Graph.Name(l.Node)!, l => l.Verdict);

        Assert.Equal(CheckVerdict.Kink, verdicts["x"]);
        Assert.Equal(CheckVerdict.Agrees, verdicts["y"]);
    }

    // ---- GradientCheck: a wrong backward is caught ------------------------------------------------------------

    /// <summary>A MulLayer whose backward swaps the inputs: dx = dout*x, dy = dout*y.</summary>
    private sealed class SwappedMulLayer : BinaryLayer
    {
        public override string Name => "SwappedMulLayer";
        public override string Symbol => "*";
        public override string Rule => "dx = dout*x, dy = dout*y";
        public override double Forward(double x, double y) => x * y;
        public override (double Dx, double Dy) Backward(double dout, double x, double y, double z) => (dout * x, dout * y);
    }

    /// <summary>x² with the factor 2 forgotten: dx = dout*x.</summary>
    private sealed class HalfSquareLayer : UnaryLayer
    {
        public override string Name => "HalfSquareLayer";
        public override string Symbol => "sq";
        public override string Rule => "dx = dout*x";
        public override double Forward(double x) => x * x;
        public override double Backward(double dout, double x, double z) => dout * x;
    }

    [Fact]
    public void Check_LayerWithWrongBackward_Disagrees()
    {
        var graph = new ComputationGraph();
        int x = graph.AddLeaf(NodeKind.Input, 3, name: "x");
        int y = graph.AddLeaf(NodeKind.Input, 5, name: "y");
        int z = graph.AddOperation(new SwappedMulLayer(), x, y);
        graph.Forward();
        var gradients = graph.Backward(z);

        var report = GradientCheck.Run(graph, gradients, [x, y]);

        Assert.Equal(
            [(x, 3.0, 5.0, CheckVerdict.Disagrees), (y, 5.0, 3.0, CheckVerdict.Disagrees)],
            report.Leaves.Select(l => (l.Node, l.Backprop, Math.Round(l.Numerical, 6), l.Verdict)));
        Assert.Equal((0, 0, 2), (report.Agreeing, report.Kinks, report.Disagreeing));
    }

    [Fact]
    public void Check_WrongLayerInsideACorrectGraph_DisagreesOnlyWhereItsGradientFlows()
    {
        // L = 2 * sq(x) + y with sq's backward missing its factor 2: dL/dx is wrong, dL/d2 and dL/dy are not.
        var graph = new ComputationGraph();
        int two = graph.AddLeaf(NodeKind.Literal, 2);
        int x = graph.AddLeaf(NodeKind.Input, 1.5, name: "x");
        int y = graph.AddLeaf(NodeKind.Input, -4, name: "y");
        int square = graph.AddOperation(new HalfSquareLayer(), x, -1);
        int scaled = graph.AddOperation(MulLayer.Instance, two, square);
        int output = graph.AddOperation(AddLayer.Instance, scaled, y);
        graph.Forward();
        var gradients = graph.Backward(output);

        var report = GradientCheck.Run(graph, gradients, [two, x, y]);

        Assert.Equal(
            [(two, CheckVerdict.Agrees), (x, CheckVerdict.Disagrees), (y, CheckVerdict.Agrees)],
            report.Leaves.Select(l => (l.Node, l.Verdict)));
        var wrong = report.Leaves[1];
        Assert.Equal((3.0, 6.0), (wrong.Backprop, Math.Round(wrong.Numerical, 6)));
        Assert.Equal(0.5, wrong.RelativeError, 6);
        // The ledger shows the faulty rule that produced the wrong number.
        Assert.Contains(Trace.Of(graph).Backward, step => step.Layer == "HalfSquareLayer" && step.Rule == "dx = dout*x");
    }

    [Fact]
    public void Check_Run_RestoresEveryValue()
    {
        var outcome = Gradient("sigmoid(w*x + b)", setup: "w = 0.5\nx = 2\nb = -1");
        double[] before = outcome.Graph.Values.ToArray();

        Check(outcome);

        Assert.Equal(before, outcome.Graph.Values.ToArray());
    }

    // ---- GradientCheck: step and error ------------------------------------------------------------------------

    [Theory]
    [InlineData(3e-3, 1e-6, 1e-6)]
    [InlineData(1, 1e-6, 1e-6)]
    [InlineData(-250, 1e-6, 2.5e-4)]
    [InlineData(1e6, 1e-6, 1)]
    [InlineData(1e6, 1e-4, 100)]
    public void Check_Step_IsEpsilonScaledToTheLeaf(double value, double epsilon, double step)
    {
        var graph = new ComputationGraph();
        int x = graph.AddLeaf(NodeKind.Input, value, name: "x");
        int output = graph.AddOperation(NegLayer.Instance, x, -1);
        graph.Forward();

        var report = GradientCheck.Run(graph, graph.Backward(output), [x], epsilon, tolerance: 1e-3);

        Assert.Equal(step, Assert.Single(report.Leaves).Step, 15);
        Assert.Equal((epsilon, 1e-3), (report.Epsilon, report.Tolerance));
    }

    [Theory]
    [InlineData(60, 60, 0)]
    [InlineData(0, 1e-12, 1e-12)]            // both tiny: the absolute difference
    [InlineData(0.5, 0.25, 0.25)]
    [InlineData(100, 101, 1.0 / 101)]        // relative to the larger
    [InlineData(-3, 3, 2)]
    [InlineData(double.NaN, 1, double.PositiveInfinity)]
    [InlineData(double.PositiveInfinity, double.PositiveInfinity, 0)]
    public void RelativeError_Table(double a, double b, double expected)
    {
        Assert.Equal(expected, GradientCheck.RelativeError(a, b), 15);
        Assert.Equal(expected, GradientCheck.RelativeError(b, a), 15);
    }

    // ---- DotWriter ---------------------------------------------------------------------------------------------

    /// <summary>Edges in the order written, one per use: x*x has two edges from x.</summary>
    private sealed record Dot(string[] Lines, Dictionary<string, string> Nodes, List<KeyValuePair<(string From, string To), (string Forward, string Gradient)>> Edges)
    {
        public (string Forward, string Gradient) Edge(string from, string to) => Assert.Single(Edges, e => e.Key == (from, to)).Value;
    }

    [GeneratedRegex("""^  (?<id>n\d+|L) \[(?<attributes>.*)\];$""")]
    private static partial Regex NodeLine();

    [GeneratedRegex("""^  (?<from>n\d+) -> (?<to>n\d+|L) \[label=<<font color="#1f4e79">(?<forward>[^<]*)</font><br/><font color="#c0392b">(?<gradient>[^<]*)</font>>\];$""")]
    private static partial Regex EdgeLine();

    /// <summary>Reads DOT as DotWriter writes it, and fails on any line that is neither a node nor an edge nor the frame.</summary>
    private static Dot ParseDot(string text)
    {
        string[] lines = text.Replace("\r\n", "\n").TrimEnd('\n').Split('\n');
        var nodes = new Dictionary<string, string>();
        var edges = new List<KeyValuePair<(string From, string To), (string Forward, string Gradient)>>();
        Assert.Equal(
            ["digraph backprop {", "  rankdir=LR;", "  ordering=in;", """  node [fontname="Helvetica", fontsize=12];""", """  edge [fontname="Helvetica", fontsize=11];"""],
            lines.Take(5));
        Assert.Equal("}", lines[^1]);
        foreach (string line in lines[5..^1])
        {
            if (EdgeLine().Match(line) is { Success: true } edge)
            {
                edges.Add(new((edge.Groups["from"].Value, edge.Groups["to"].Value), (edge.Groups["forward"].Value, edge.Groups["gradient"].Value)));
            }
            else if (NodeLine().Match(line) is { Success: true } node)
            {
                Assert.True(nodes.TryAdd(node.Groups["id"].Value, node.Groups["attributes"].Value), $"node drawn twice: {line}");
            }
            else
            {
                Assert.Fail($"not a node or an edge: {line}");
            }
        }
        return new Dot(lines, nodes, edges);
    }

    private static string Number(double value) => value.ToString("G12", CultureInfo.InvariantCulture);

    [Fact]
    public void Dot_Seed_HasEveryNodeOnceAndEveryEdgeLabelledWithValueAndGradient()
    {
        var dot = ParseDot(DotWriter.Write(Gradient(Seed).Graph, Number));

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["n0"] = """shape=box, style=rounded, label="1\n1:2" """.TrimEnd(),
                ["n1"] = """shape=box, style=rounded, label="2\n1:4" """.TrimEnd(),
                ["n2"] = """shape=circle, label="×", tooltip="MulLayer at 1:3" """.TrimEnd(),
                ["n3"] = """shape=box, style=rounded, label="10\n1:8" """.TrimEnd(),
                ["n4"] = """shape=box, style=rounded, label="20\n1:11" """.TrimEnd(),
                ["n5"] = """shape=circle, label="+", tooltip="AddLayer at 1:10" """.TrimEnd(),
                ["n6"] = """shape=circle, label="×", tooltip="MulLayer at 1:6" """.TrimEnd(),
                ["L"] = """shape=plaintext, label="L" """.TrimEnd(),
            },
            dot.Nodes);
        Assert.Equal(
            new Dictionary<(string, string), (string, string)>
            {
                [("n0", "n2")] = ("1", "60"),
                [("n1", "n2")] = ("2", "30"),
                [("n3", "n5")] = ("10", "2"),
                [("n4", "n5")] = ("20", "2"),
                [("n2", "n6")] = ("2", "30"),
                [("n5", "n6")] = ("30", "2"),
                [("n6", "L")] = ("60", "1"),
            },
            dot.Edges.ToDictionary());
    }

    [Fact]
    public void Dot_SharedNode_IsDrawnOnceWithOneEdgePerConsumer()
    {
        // 0 = x, 1 = the literal 2, 2 = h = x*2, 3 = h*h, 4 = h*h + h.
        var outcome = Gradient("h*h + h", setup: "x = 3\nh = x*2");
        var graph = outcome.Graph;
        int h = Enumerable.Range(0, graph.Count).Single(n => graph.Name(n) == "h");

        var dot = ParseDot(DotWriter.Write(graph, Number));

        Assert.Equal(graph.Count + 1, dot.Nodes.Count);
        Assert.Single(dot.Nodes, node => node.Value.Contains("label=\"h\\n×\""));
        // h feeds h*h (one edge per use, each carrying h = 6) and the final add (1).
        Assert.Equal(
            [("6", "6"), ("6", "6"), ("6", "1")],
            dot.Edges.Where(e => e.Key.From == "n" + h).Select(e => e.Value));
        Assert.Equal(13, outcome.Gradients[h]);
    }

    [Fact]
    public void Dot_ReusedVariable_HasOneEdgePerUseEachWithItsOwnGradient()
    {
        var dot = ParseDot(DotWriter.Write(Gradient("x*x", setup: "x = 3").Graph, Number));

        Assert.Equal(
            [new(("n0", "n1"), ("3", "3")), new(("n0", "n1"), ("3", "3")), new(("n1", "L"), ("9", "1"))],
            dot.Edges);
        Assert.Equal("""shape=box, style=rounded, label="x\n1:1" """.TrimEnd(), dot.Nodes["n0"]);
    }

    [Fact]
    public void Dot_HandBuiltGraphWithoutSource_HasLabelsWithoutPositions()
    {
        var graph = new ComputationGraph();
        int x = graph.AddLeaf(NodeKind.Input, 3);
        int output = graph.AddOperation(ExpLayer.Instance, x, -1);
        graph.Forward();

        var dot = ParseDot(DotWriter.Write(graph, Number));

        Assert.Equal("""shape=box, style=rounded, label="#0" """.TrimEnd(), dot.Nodes["n0"]);
        Assert.StartsWith("""shape=ellipse, label="exp", """, dot.Nodes["n" + output]);
        Assert.Equal(2, dot.Edges.Count);
    }

    [Fact]
    public void Dot_UsesTheGivenNumberFormat()
    {
        var dot = ParseDot(DotWriter.Write(Gradient("1.1 * 100").Graph, v => v.ToString("R", CultureInfo.InvariantCulture)));

        Assert.Equal(("110.00000000000001", "1"), dot.Edge("n2", "L"));
    }
}
