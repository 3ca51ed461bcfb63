using System.Text.Json;
using static Backprop.Repl.Tests.GraphCommandTests;

namespace Backprop.Repl.Tests;

/// <summary><c>:train</c> through the REPL and <c>backprop eval --json</c>: the contract's fields, the chart, the stops.</summary>
public class TrainCommandTests
{
    private const string Net = """
        X = [[0, 0], [0, 1], [1, 0], [1, 1]]
        t = [0, 1, 1, 0]
        :set seed 2
        W1 = randn(2, 8)
        b1 = zeros(8)
        W2 = randn(8, 2)
        b2 = zeros(2)
        y = affine(tanh(affine(X, W1, b1)), W2, b2)

        """;

    [Fact]
    public void Train_Json_HasTheContractsFields_InOrder()
    {
        var train = JsonOf("train", Net + ":train softmax_with_loss(y, t) wrt W1, b1, W2, b2 data X, t batch=2 epochs=50 lr=0.5 report=accuracy(y, t)\n");

        Assert.Equal(["kind", "line", "method", "epochs", "batch", "loss", "accuracy", "stop", "parameters"],
            train.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("train", 9, "sgd", 50, 2, "finished"),
            (train.GetProperty("kind").GetString(), train.GetProperty("line").GetInt32(), train.GetProperty("method").GetString(),
             train.GetProperty("epochs").GetInt32(), train.GetProperty("batch").GetInt32(), train.GetProperty("stop").GetString()));
        var loss = train.GetProperty("loss").EnumerateArray().Select(e => e.GetDouble()).ToList();
        Assert.Equal(50, loss.Count);
        Assert.True(loss[^1] < loss[0], $"{loss[0]} -> {loss[^1]}");
        Assert.Equal(50, train.GetProperty("accuracy").GetArrayLength());
        Assert.Equal(1.0, train.GetProperty("accuracy")[49].GetDouble());
        var parameters = train.GetProperty("parameters").EnumerateArray()
            .Select(p => (p.GetProperty("name").GetString(), string.Join("x", p.GetProperty("shape").EnumerateArray().Select(n => n.GetInt32())))).ToList();
        Assert.Equal([("W1", "2x8"), ("b1", "8"), ("W2", "8x2"), ("b2", "2")], parameters);
    }

    [Fact]
    public void Train_Json_WithoutReport_HasNoAccuracy_AndANumberHasShapeEmpty()
    {
        var train = JsonOf("train", "w = 0\n:train (w - 3)^2 wrt w epochs=3 method=adam lr=0.1\n");

        Assert.False(train.TryGetProperty("accuracy", out _));
        Assert.Equal("adam", train.GetProperty("method").GetString());
        Assert.Equal(1, train.GetProperty("batch").GetInt32());
        Assert.Equal(0, train.GetProperty("parameters")[0].GetProperty("shape").GetArrayLength());
    }

    [Fact]
    public void Train_Json_Diverged_SaysSo()
    {
        var train = JsonOf("train", "w = 1\n:train w^2 wrt w epochs=1000 lr=10\n");

        Assert.Equal("diverged", train.GetProperty("stop").GetString());
        Assert.True(train.GetProperty("loss").GetArrayLength() < 1000);
    }

    [Fact]
    public void Train_Human_ShowsTheSummary_TheChart_AndTheReportColumn()
    {
        var (output, errors) = GraphCommandTests.Repl(Net + ":train softmax_with_loss(y, t) wrt W1, b1, W2, b2 data X, t batch=2 epochs=50 lr=0.5 report=accuracy(y, t)\n:vars\n");

        Assert.Equal("", errors);
        Assert.Contains("trained by sgd (lr 0.5): 50 epochs of 2 batches of 2 rows (4 in all); loss ", output);
        // The braille chart: eight rows of dots with the largest and smallest loss on the left, epochs 1 to 50 below.
        var chart = output.Split('\n').Where(l => l.Contains(" ┤")).ToList();
        Assert.Equal(8, chart.Count);
        Assert.All(chart, line => Assert.True(line.Length <= 60, line));
        Assert.Contains(output.Split('\n'), l => l.Trim().StartsWith("1 ") && l.Trim().EndsWith("50"));
        Assert.Contains("accuracy(y, t)", output);
        // The parameters keep their new values: y follows them.
        Assert.Contains("largest change", output);
    }

    [Fact]
    public void Train_WithoutWrt_TrainsEveryInputButTheData_AndSaysWhich()
    {
        var (output, _) = GraphCommandTests.Repl(Net + ":train softmax_with_loss(y, t) data X, t epochs=2\n");

        Assert.Contains("training every input of the loss besides the data: W1, b1, W2, b2", output);
    }

    [Fact]
    public void Train_Error_KeepsTheSessionsVariables()
    {
        var (output, errors) = GraphCommandTests.Repl(Net + ":train softmax_with_loss(y, t) wrt W1, y data X, t\n:vars\n");

        Assert.Contains("'y' is computed from other variables", errors);
        Assert.Contains("W1", output.Split(":vars").Last());
    }
}

/// <summary>:check on a narrow terminal: a leaf per line, wrapped between words, no number cut (issue 24's rough edge).</summary>
public class NarrowCheckTests
{
    [Theory]
    [InlineData(60)]
    [InlineData(80)]
    public void Check_OnANarrowTerminal_WritesALeafPerLine_AndCutsNoNumber(int width)
    {
        var stdout = new StringWriter();
        var interpreter = new Backprop.Repl.Running.Interpreter(new Backprop.Lang.Evaluation.Session(),
            new Backprop.Repl.Output.HumanReporter(Backprop.Repl.Terminal.ConsoleSetup.Plain(stdout, width), new StringWriter()));
        foreach (var line in new[] { "x = 0.37", "W = [[0.1, -0.2], [0.3, 0.4]]", ":check sin(x)*exp(x/3.14159) + sum(W @ [1, 2])" })
        {
            interpreter.RunLine(new Backprop.Lang.Text.SourceLine("<repl>", 1, line));
        }
        string output = stdout.ToString();

        Assert.DoesNotContain("…", output);
        Assert.All(output.Split('\n'), line => Assert.True(line.Length <= width, $"wider than {width}: {line}"));
        Assert.Contains("x = 0.37: backprop ", output);
        Assert.Matches(@"rel\. error \d(\.\d+)?e-\d+", output.Replace("\n", " "));
        Assert.Contains("leaves agree", output);
    }
}
