using System.Globalization;
using Backprop.Lang.Evaluation;
using Backprop.Lang.Syntax;
using CsCheck;
using static Backprop.Lang.Tests.Ast;

namespace Backprop.Lang.Tests;

/// <summary>
/// Properties over random input (CsCheck shrinks a failure to a small example and prints its seed):
/// backprop agrees with finite differences, printing round-trips, evaluation is repeatable, and nothing a
/// user can type makes the library throw.
/// </summary>
public class PropertyTests
{
    private const int Iterations = 300;

    private static string Invariant(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    // ---- (a) gradients against finite differences ---------------------------------------------------------

    /// <summary>
    /// Smooth expressions over x, y, z, written fully parenthesized (so they do not depend on the printer).
    /// Three kinds keep every operation inside its domain: <c>Any</c> is any smooth expression, <c>Positive</c>
    /// stays well above zero when x, y, z do (no subtraction, no negation), and <c>Bounded</c> lies in [-1, 1].
    /// Division only by a Positive, log and sqrt only of a Positive, ^ only with a Positive base and a Bounded or
    /// literal exponent, exp only of a Bounded: no kinks, no poles, no overflow.
    /// </summary>
    internal static class Smooth
    {
        private const int Depth = 4;

        public static readonly Gen<string> Any;

        static Smooth()
        {
            var variable = Gen.OneOf("x", "y", "z");
            var literal = Gen.Int[1, 40].Select(i => Invariant(i / 10.0));
            var positive = Gen.OneOf(variable, literal);
            var any = Gen.OneOf(variable, literal, literal.Select(l => $"(-{l})"));
            var bounded = variable.Select(v => $"sin({v})");
            for (int depth = 1; depth <= Depth; depth++)
            {
                var (p, a, b) = (positive, any, bounded);
                positive = Gen.Frequency(
                    (4, Gen.OneOf(variable, literal)),
                    (2, Gen.Select(p, p, (l, r) => $"({l} + {r})")),
                    (2, Gen.Select(p, p, (l, r) => $"({l} * {r})")),
                    (2, Gen.Select(p, p, (l, r) => $"({l} / {r})")),
                    (1, b.Select(e => $"exp({e})")),
                    (1, p.Select(e => $"sqrt({e})")),
                    (1, Gen.Select(p, b, (l, r) => $"({l})^({r})")),
                    (1, Gen.Select(p, literal, (l, r) => $"({l})**{r}")),
                    (1, a.Select(e => $"(2 + cos({e}))")),
                    (1, a.Select(e => $"(0.5 + sigmoid({e}))")),
                    (1, a.Select(e => $"softplus({e})")),
                    (1, p.Select(e => $"log1p({e})")),
                    (1, Gen.Select(p, p, p, (x, y, z) => $"mean({x}, {y}, {z})")));
                any = Gen.Frequency(
                    (3, positive),
                    (2, Gen.Select(a, a, (l, r) => $"({l} + {r})")),
                    (2, Gen.Select(a, a, (l, r) => $"({l} - {r})")),
                    (2, Gen.Select(a, a, (l, r) => $"({l} * {r})")),
                    (2, Gen.Select(a, p, (l, r) => $"({l} / {r})")),
                    (1, a.Select(e => $"(-{e})")),
                    (1, a.Select(e => $"sin({e})")),
                    (1, a.Select(e => $"cos({e})")),
                    (1, a.Select(e => $"tanh({e})")),
                    (1, a.Select(e => $"sigmoid({e})")),
                    (1, p.Select(e => $"log({e})")),
                    (1, b.Select(e => $"expm1({e})")),
                    (1, Gen.Select(a, a, a, (x, y, z) => $"sum({x}, {y}, {z})")));
                bounded = Gen.Frequency(
                    (1, a.Select(e => $"sin({e})")),
                    (1, a.Select(e => $"cos({e})")),
                    (1, a.Select(e => $"tanh({e})")),
                    (1, a.Select(e => $"(2*sigmoid({e}) - 1)")));
            }
            Any = any;
        }
    }

    internal static readonly Gen<(string Expression, double X, double Y, double Z)> SmoothCases =
        Gen.Select(Smooth.Any, Gen.Double[0.5, 2], Gen.Double[0.5, 2], Gen.Double[0.5, 2]);

    internal static Session SessionAt(double x, double y, double z)
    {
        var session = new Session();
        session.Run($"x = {Invariant(x)}\ny = {Invariant(y)}\nz = {Invariant(z)}");
        return session;
    }

    /// <summary>
    /// The five-point stencil (-f(v+2h) + 8f(v+h) - 8f(v-h) + f(v-2h)) / 12h, whose error is O(h⁴): h can be
    /// large enough (1e-3·|v|) that rounding in f is divided by little, and small against the distance to any
    /// domain edge (every variable is at least 0.5, every literal at least 0.1).
    /// </summary>
    private static double FivePoint(Func<double, double> f, double v, double h) =>
        (-f(v + 2 * h) + 8 * f(v + h) - 8 * f(v - h) + f(v - 2 * h)) / (12 * h);

    /// <summary>
    /// Backprop must agree with finite differences to 1e-6 relative, widened by the finite differences' own
    /// error: halving h divides the stencil's error by 16, so |D(h) - D(h/2)| bounds the error of D(h/2). That
    /// keeps a fast-oscillating sample (cos(40·y)) from failing for the oracle's sake and not the library's.
    /// Where the function oscillates faster than h can follow (cos(c/0.1^3.9) moved in its 0.1), successive
    /// estimates do not settle; h is halved until two agree, and the closest pair is the oracle.
    /// </summary>
    internal static void AssertMatchesFiniteDifferences(double backprop, Func<double, double> f, double v, double value, string what)
    {
        double h = 1e-3 * Math.Max(Math.Abs(v), 1e-3);
        double coarse = FivePoint(f, v, h), best = double.NaN, bestGap = double.PositiveInfinity;
        for (int halvings = 1; halvings <= 24; halvings++)
        {
            double fine = FivePoint(f, v, h / (1 << halvings));
            double gap = Math.Abs(coarse - fine);
            if (gap < bestGap)
            {
                (best, bestGap) = (fine, gap);
            }
            if (gap <= 1e-7 * Math.Max(1, Math.Abs(fine)))
            {
                break;
            }
            coarse = fine;
        }
        double tolerance = 1e-6 * Math.Max(1, Math.Max(Math.Abs(best), Math.Abs(value))) + 2 * bestGap;
        Assert.True(Math.Abs(backprop - best) <= tolerance,
            $"{what}: backprop {Invariant(backprop)}, finite differences {Invariant(best)} (±{Invariant(tolerance)})");
    }

    [Fact]
    public void Grad_RandomSmoothExpression_MatchesFiniteDifferences()
    {
        SmoothCases.Sample(c =>
        {
            var g = SessionAt(c.X, c.Y, c.Z).Gradient(c.Expression);
            Assert.True(g.Succeeded, string.Join("\n", g.Diagnostics));
            Assert.Empty(g.Diagnostics);
            Assert.True(double.IsFinite(g.Value), $"value {g.Value}");

            double[] point = [c.X, c.Y, c.Z];
            string[] names = ["x", "y", "z"];
            for (int i = 0; i < 3; i++)
            {
                int k = i;
                var use = g.Variables.SingleOrDefault(v => v.Name == names[k]);
                AssertMatchesFiniteDifferences(use?.Gradient ?? 0, v =>
                {
                    var moved = (double[])point.Clone();
                    moved[k] = v;
                    return SessionAt(moved[0], moved[1], moved[2]).Gradient(c.Expression).Value;
                }, point[k], g.Value, $"d/d{names[k]}");
            }
        }, iter: Iterations, print: c => $"{c.Expression} at x={Invariant(c.X)}, y={Invariant(c.Y)}, z={Invariant(c.Z)}");
    }

    [Fact]
    public void Grad_RandomSmoothExpression_LiteralGradientsMatchFiniteDifferences()
    {
        SmoothCases.Sample(c =>
        {
            var session = SessionAt(c.X, c.Y, c.Z);
            var g = session.Gradient(c.Expression);
            Assert.True(g.Succeeded);
            // Move one literal at a time by rewriting its text in place: an oracle that knows nothing of the graph.
            foreach (var literal in g.Literals.Take(4))
            {
                AssertMatchesFiniteDifferences(literal.Gradient, v =>
                {
                    string moved = c.Expression[..literal.Span.Start] + $"({Invariant(v)})" + c.Expression[literal.Span.End..];
                    return SessionAt(c.X, c.Y, c.Z).Gradient(moved).Value;
                }, literal.Value, g.Value, $"d/d(literal {literal.Text} at column {literal.Column})");
            }
        }, iter: Iterations / 3, print: c => $"{c.Expression} at x={Invariant(c.X)}, y={Invariant(c.Y)}, z={Invariant(c.Z)}");
    }

    // ---- (b) print then parse gives the same tree ---------------------------------------------------------

    private static readonly Gen<string> Names =
        Gen.Select(Gen.Char["abxyz_éΔ"], Gen.Char["abxyz_é0123456789"].Array[0, 4], (first, rest) => first + new string(rest));

    private static readonly Gen<Expr> Leaves = Gen.Frequency(
        (2, Gen.Int[0, 1000].Select(i => (Expr)N(i))),
        (1, Gen.Double[0, 1e6].Select(d => (Expr)N(d))),
        (1, Gen.Double.Where(d => double.IsFinite(d) && d != 0).Select(d => (Expr)N(Math.Abs(d)))),
        (3, Names.Select(n => (Expr)V(n))));

    private static readonly Gen<Expr> Trees = BuildTrees(6);

    private static Gen<Expr> BuildTrees(int depth)
    {
        var tree = Leaves;
        for (int i = 0; i < depth; i++)
        {
            var sub = tree;
            tree = Gen.Frequency(
                (3, Leaves),
                (1, sub.Select(e => (Expr)Neg(e))),
                (1, sub.Select(e => (Expr)Plus(e))),
                (5, Gen.Select(Gen.Enum<BinaryOperator>(), sub, sub, (op, l, r) => (Expr)Bin(op, l, r))),
                (2, Gen.Select(Names, sub.Array[0, 3], (name, args) => (Expr)Call(name, args))));
        }
        return tree;
    }

    [Fact]
    public void Print_ThenParse_GivesAnEqualTree()
    {
        Trees.Sample(tree =>
        {
            string printed = SyntaxPrinter.Print(tree);
            var parsed = SyntaxParser.ParseLine(printed);
            Assert.Empty(parsed.Diagnostics);
            var reparsed = Assert.IsType<ExprStatement>(parsed.Statement).Expr;
            Assert.Equal(tree, reparsed);
            Assert.Equal(tree.GetHashCode(), reparsed.GetHashCode());
            Assert.Equal(printed, SyntaxPrinter.Print(reparsed));
        }, iter: Iterations, print: SyntaxPrinter.Print);
    }

    // ---- (c) evaluation is repeatable --------------------------------------------------------------------

    [Fact]
    public void Grad_SameExpressionTwice_GivesIdenticalResults()
    {
        SmoothCases.Sample(c =>
        {
            var session = SessionAt(c.X, c.Y, c.Z);
            var first = session.Gradient(c.Expression);
            var second = session.Gradient(c.Expression);
            var fresh = SessionAt(c.X, c.Y, c.Z).Gradient(c.Expression);

            foreach (var other in new[] { second, fresh })
            {
                Assert.Equal(first.Value, other.Value);
                Assert.Equal(first.Gradients, other.Gradients);
                Assert.Equal(first.Literals.Select(l => (l.Span, l.Gradient)), other.Literals.Select(l => (l.Span, l.Gradient)));
                Assert.Equal(first.Variables.Select(v => (v.Name, v.Gradient)), other.Variables.Select(v => (v.Name, v.Gradient)));
            }
            var evaluated = Assert.IsType<ValueOutcome>(Assert.Single(session.Run(c.Expression)));
            Assert.Equal(first.Value, evaluated.Value);
            Assert.Equal(3, session.Variables.Count);
        }, iter: Iterations, print: c => $"{c.Expression} at x={Invariant(c.X)}, y={Invariant(c.Y)}, z={Invariant(c.Z)}");
    }

    // ---- (d) nothing typed makes the library throw --------------------------------------------------------

    private const string GrammarAlphabet = "0123456789.eE+-*/^()×÷−,=#:> xyzsinmaxlogp_\t\0\u00A0\u2009\u3000\r\n\u200B\uFEFFé😀";

    private static readonly Gen<string> Typed = Gen.Frequency(
        (2, Gen.Char[GrammarAlphabet].Array[0, 40].Select(c => new string(c))),
        (1, Gen.Char.Array[0, 20].Select(c => new string(c))),
        (1, Gen.Select(Smooth.Any, Gen.Int[0, 60], Gen.Char[GrammarAlphabet], (e, at, c) => Damage(e, at, c))));

    /// <summary>A well-formed expression with one character replaced, inserted or deleted: the typo a user makes.</summary>
    private static string Damage(string text, int at, char c)
    {
        int i = at % (text.Length + 1);
        return (at % 3) switch
        {
            0 => text.Insert(i, c.ToString()),
            1 when i < text.Length => text.Remove(i, 1),
            _ when i < text.Length => text[..i] + c + text[(i + 1)..],
            _ => text + c,
        };
    }

    [Fact]
    public void AnyInput_NeverThrows()
    {
        Typed.Sample(text =>
        {
            var parsed = SyntaxParser.ParseLine(text);
            foreach (var diagnostic in parsed.Diagnostics)
            {
                Assert.InRange(diagnostic.Span.Start, 0, text.Length);
                Assert.InRange(diagnostic.Span.End, diagnostic.Span.Start, text.Length);
                Assert.False(string.IsNullOrWhiteSpace(diagnostic.Message));
                _ = diagnostic.ToString();
            }

            var session = new Session();
            session.Run("x = 1.5\ny = 2\nz = 0.5\nsin_x = sin(x)");
            foreach (var outcome in session.Run(text))
            {
                foreach (var diagnostic in outcome.Diagnostics)
                {
                    _ = diagnostic.ToString();
                }
            }
            var g = session.Gradient(text);
            Assert.Equal(g.Succeeded, !g.Diagnostics.Any(d => d.IsError));
            foreach (var diagnostic in g.Diagnostics)
            {
                _ = diagnostic.ToString();
            }
        }, iter: 500, print: text => string.Concat(text.Select(c => c is >= ' ' and < '\u007f' ? c.ToString() : $"\\u{(int)c:X4}")));
    }
}
