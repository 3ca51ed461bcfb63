using System.Text;

namespace Backprop.Fuzz;

/// <summary>
/// Where fuzz inputs come from: arbitrary bytes, token soups (grammar pieces in any order), and mutations of known
/// inputs (the catalogue, plus a few well-formed statements). Each input is a function of its random generator alone.
/// </summary>
internal static class Inputs
{
    /// <summary>Mutations stop growing an input here: a long input tests the same code more slowly.</summary>
    private const int MaxLength = 2048;

    /// <summary>Characters that have tripped parsers before: every kind of space, line break, control, mark and symbol.</summary>
    private const string Exotic =
        "\0\t\r\n\v\f\u0001\u001b\u007f\u0085\u00A0\u2009\u3000\u200B\u200E\u202E\u2028\uFEFF\uFFFD\u0301\uD800\uDC00" +
        "é€😀ｘ²⟦⟧α∑√−×÷·…'\"`$%&;?@[]{}|~!<>\\";

    private const string GrammarCharacters = "0123456789.eE+-*/^(),=#:> xyzsapletanhxmgorudvqck_";

    private static readonly string[] Tokens =
    [
        // numbers, including the malformed ones
        "0", "1", "2", "2.5", "10", "1e3", "1E-3", "1e400", "1e-400", "1e", "1e+", "1.", "1..2", ".5", "1,5", "007",
        "123456789012345678901234567890", "0.000000001",
        // names: inputs, the intermediate, unknown, non-ASCII, and every function
        "x", "y", "z", "s", "apple", "aple", "foo", "α", "é", "_", "x1", "exp", "log", "sqrt", "sin", "cos", "tan", "tanh",
        "sigmoid", "relu", "abs", "max", "min", "pow", "sinn", "grad", "grad(", "sign", "heaviside", "mask", "gard",
        // operators and punctuation
        "+", "-", "*", "/", "^", "**", "×", "÷", "−", "=", "==", "(", ")", ",", "#", "# note", " ", "  ", "\t",
        // command pieces
        "eps=", "tol=", "eps=1e-3", "tol=0", "eps=2", "lr=", "lr=0.1", "lr=1e300", "steps=", "steps=3", "steps=0.5", "wrt", "wrt x", "wrt x, y", "method=newton", "method=", "method=foo", "method=1", "> g.dot", "> out.txt", ">", "> ", "> .",
        // paths the write policy must keep inside the script's folder (issue 11)
        "> ../escape.dot", "> ../allowed/g.dot", "> sub/../../escape.dot", "> ../escape.txt", "> input.bp", "> -c.dot", "> g.pdf", "eps=1e-17", "1e10",
        // the user's functions (issue 15): definitions, calls, and the names they take
        "f(x) =", "f(x, y) =", "f(", "f()", "f(x)", "sq(x) = x*x", "sq(", "g(t) = f(t)", "f(x) = f(x)", "loss(", "neuron(", "t",
        // the built-ins, constants and compound assignment of issue 15
        "pi", "e", "sum", "mean", "leaky_relu", "softplus", "log1p", "expm1", "sum(", "mean(", "max(1, 2, 3)", "+=", "-=", "*=", "/=", "x +=", "e =",
        // vectors and matrices (issue 20)
        "[", "]", "[1, 2]", "[[1, 2], [3, 4]]", "[[1], [2, 3]]", "[]", "[x, 2*x]", "@", ".T", ".", "[0]", "[-1]", "[1:3]", "[:, 0]", "[:]", "[::]",
        "[99]", "axis=", "axis=0", "axis=9", "axis=x", "transpose(", "reshape(", "affine(", "softmax(", "softmax_with_loss(", "cross_entropy_error(",
        "zeros(2, 3)", "ones(3)", "eye(2)", "randn(2, 2)", "rand(3)", "one_hot(", "zeros(100000, 100000)", "randn(-1)", ":expand", ":set seed 1",
        // training and data (issue 21)
        ":train", "data", "data X, t", "data x", "batch=", "batch=2", "batch=0", "epochs=", "epochs=3", "epochs=-1", "method=sgd", "method=adam",
        "method=momentum", "method=adagrad", "momentum=0.9", "beta1=0.5", "beta2=1", "shuffle=false", "shuffle=", "report=", "report=accuracy(",
        "spiral()", "spiral(seed=1)", "load_csv(", "load_csv(\"p.csv\")", "\"", "\"p.csv\"", "argmax(", "accuracy(", "axis=1",
    ];

    private static readonly string[] Commands =
    [
        ":grad", ":trace", ":graph", ":dot", ":check", ":descend", ":hessian", ":deriv", ":vars", ":set", ":set precision", ":load", ":reset", ":help",
        ":help grad", ":quit", ":gard", ":", "::", ":explain", ":quiz", "help", "grad", "exit", ":funcs", ":help funcs", ":expand", ":set seed",
        ":train", ":help train",
    ];

    /// <summary>Well-formed statements to mutate, besides the catalogue's inputs.</summary>
    public static readonly string[] Seeds =
    [
        "x = 3", "y = x * x + 2*x", "(1*2)*(10+20)", ":grad x*y + sin(z)", ":trace max(x, y) * relu(x - y)",
        ":graph s * s", ":dot x*y", ":dot x*y > g.dot", ":check abs(x) + max(x, x) eps=1e-3 tol=1e-4",
        ":descend (x - 3)^2 + sin(y) lr=0.1 steps=5", ":descend (x*y - z)^2 wrt x lr=0.1 steps=5", ":vars",
        ":set precision full", ":set precision 3", "w = exp(-x) / (1 + exp(-x))", "pow(x, 0.5) - sqrt(x)", ":load input.bp",
        "log(0)", "1/0", "sqrt(-1) * x", "x^-1 + 2^3^2", "-2^2", ":help check", "# comment", "",
        "d = grad(x^3, x)", "grad(grad(sin(x)*y, x), y)", ":hessian x*y + z^2", ":hessian x^y wrt y, x", ":deriv x^3 wrt x",
        ":deriv relu(x)*max(x, y) wrt y", ":descend x^4 - 2*x^2 wrt x method=newton steps=10", ":trace grad(x*x, x)",
        ":train (x - 3)^2 wrt x epochs=3 method=adam lr=0.1", "D = spiral()", ":train sum(D[:, 0:2] @ [[1], [1]] * x) wrt x data D batch=50 epochs=2",
        ":explain x*y + sin(z)", ":quiz x*x", "sigmoid 0", ":descend (x*y)^2 wrt x@1 steps=2",
        ":check x*x + 1e10", ":dot x*x > ../escape.dot", ":dot x > input.bp", ":load notes.txt", ":load /dev/stdin",
        "sq(t) = t*t", "f(t) = sq(t) + 3*x", ":trace f(x) * f(2)", ":dot f(sq(x))", "loss(y, t) = (y - t)^2", ":grad loss(f(x), 1)",
        ":funcs", "g(t) = grad(f(t), t)",
        "x += 1", "x *= y + 2", "e = x - 1", ":grad mean(x, y, 2*pi) + leaky_relu(x) + softplus(y)", ":trace max(x, y, z) - min(x, 1, e)",
        "grad(grad(log1p(x) * expm1(y), x), y)", ":hessian leaky_relu(x - y, 0.2) + sum(x, y, z)^2",
    ];

    public static byte[] Bytes(Random random)
    {
        var bytes = new byte[random.Next(0, 64)];
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = random.Next(4) switch
            {
                0 => (byte)random.Next(256),
                1 => (byte)"\n\r\t \0()+-*/^=:#,."[random.Next(17)],
                _ => (byte)GrammarCharacters[random.Next(GrammarCharacters.Length)],
            };
        }
        return bytes;
    }

    public static string Soup(Random random)
    {
        var text = new StringBuilder();
        int lines = random.Next(1, 4);
        for (int line = 0; line < lines; line++)
        {
            if (line > 0)
            {
                text.Append(random.Next(8) switch { 0 => "\r\n", 1 => "\r", _ => "\n" });
            }
            if (random.Next(3) == 0)
            {
                text.Append(Pick(random, Commands)).Append(' ');
            }
            int tokens = random.Next(0, 12);
            for (int i = 0; i < tokens; i++)
            {
                text.Append(random.Next(20) == 0 ? Exotic[random.Next(Exotic.Length)].ToString() : Pick(random, Tokens));
                if (random.Next(3) == 0)
                {
                    text.Append(' ');
                }
            }
        }
        return text.ToString();
    }

    public static string Mutate(Random random, string text, IReadOnlyList<string> corpus)
    {
        int mutations = random.Next(1, 5);
        for (int m = 0; m < mutations && text.Length < MaxLength; m++)
        {
            int at = random.Next(text.Length + 1);
            text = random.Next(9) switch
            {
                0 => text.Insert(at, Exotic[random.Next(Exotic.Length)].ToString()),
                1 => text.Insert(at, GrammarCharacters[random.Next(GrammarCharacters.Length)].ToString()),
                2 => text.Insert(at, Pick(random, Tokens)),
                3 when text.Length > 0 => text.Remove(Math.Min(at, text.Length - 1), 1),
                4 when text.Length > 0 => Replace(text, Math.Min(at, text.Length - 1), Exotic[random.Next(Exotic.Length)]),
                5 when text.Length > 0 => Duplicate(random, text),
                6 => text.Insert(at, "\n"),
                7 when text.Length > 0 => text[..at],
                _ => text.Insert(at, Pick(random, corpus)),
            };
        }
        return text.Length <= MaxLength ? text : text[..MaxLength];
    }

    private static string Replace(string text, int at, char c) => text[..at] + c + text[(at + 1)..];

    /// <summary>Repeats a slice in place, which makes nesting and long chains: "((" becomes "((((".</summary>
    private static string Duplicate(Random random, string text)
    {
        int start = random.Next(text.Length);
        int length = random.Next(1, Math.Min(16, text.Length - start) + 1);
        string slice = text.Substring(start, length);
        return text.Insert(start, string.Concat(Enumerable.Repeat(slice, random.Next(1, 8))));
    }

    private static string Pick(Random random, IReadOnlyList<string> items) => items[random.Next(items.Count)];
}
