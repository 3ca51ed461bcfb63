using System.Text;
using Backprop.Lang.Analysis;
using Backprop.Lang.Evaluation;
using Backprop.Lang.Graph;
using Backprop.Lang.Layers;
using Backprop.Lang.Tensors;

namespace Backprop.Web.Model;

/// <summary>
/// Walks an expression's graph one node at a time, as the article does by hand: forward through the layers in
/// creation order, then backward from L = 1 in reverse. <see cref="Position"/> counts the steps taken: 0 is
/// the leaves alone, 1..F the forward steps, F+1..F+B the backward ones; the last position shows everything.
/// The numbers come from <see cref="Trace"/>, which calls the same layer rules the gradient was computed with. A
/// tensor layer is one step like any other: its values and gradients are tensors, shown by their shape and in brief.
/// </summary>
public sealed class Stepper
{
    private readonly Dictionary<int, int> _forwardIndex = [];
    private readonly Dictionary<int, int> _backwardIndex = [];

    public Stepper(GradientOutcome outcome)
    {
        Outcome = outcome;
        Trace = Trace.Of(outcome.Graph);
        Labels = new StepLabels(outcome.Graph);
        for (int i = 0; i < Trace.Forward.Count; i++) _forwardIndex[Trace.Forward[i].Node] = i;
        for (int i = 0; i < Trace.Backward.Count; i++) _backwardIndex[Trace.Backward[i].Node] = i;
        Position = End;
    }

    public GradientOutcome Outcome { get; }
    public ComputationGraph Graph => Outcome.Graph;
    public Trace Trace { get; }

    /// <summary>The layers numbered as they run (#1, #2, ...), as :trace and a tensor layer's shapes call them.</summary>
    public StepLabels Labels { get; }
    public int ForwardCount => Trace.Forward.Count;
    public int End => Trace.Forward.Count + Trace.Backward.Count;
    public int Position { get; private set; }

    /// <summary>Everything computed and nothing in focus: how a run starts, and what Show all returns to.</summary>
    public bool ShowingAll { get; private set; } = true;

    /// <summary>The next forward step; after the forward pass (or from the whole picture) forward starts again.</summary>
    public void StepForward()
    {
        Position = ShowingAll || Position >= ForwardCount ? Math.Min(1, End) : Position + 1;
        ShowingAll = false;
    }

    /// <summary>The next backward step; before the forward pass is done it runs to its end first; after the last, it starts again.</summary>
    public void StepBackward()
    {
        Position = ShowingAll || Position < ForwardCount || Position >= End ? Math.Min(ForwardCount + 1, End) : Position + 1;
        ShowingAll = false;
    }

    public void ShowAll()
    {
        Position = End;
        ShowingAll = true;
    }

    public ForwardStep? FocusForward => !ShowingAll && Position >= 1 && Position <= ForwardCount ? Trace.Forward[Position - 1] : null;

    public BackwardStep? FocusBackward => !ShowingAll && Position > ForwardCount ? Trace.Backward[Position - ForwardCount - 1] : null;

    public int? FocusNode => FocusForward?.Node ?? FocusBackward?.Node;

    public bool BackwardStarted => Position > ForwardCount;

    /// <summary>Whether the node's forward value has been computed at this position (a leaf's always has).</summary>
    public bool HasValue(int node) => !_forwardIndex.TryGetValue(node, out int i) || Position > i;

    /// <summary>What flowed back along the edge from <paramref name="input"/> into <paramref name="consumer"/> so far, or null.</summary>
    public double? SentAlong(int input, int consumer)
    {
        if (!_backwardIndex.TryGetValue(consumer, out int i) || Position <= ForwardCount + i) return null;
        double sum = 0;
        foreach (var sent in Trace.Backward[i].Sent)
        {
            if (sent.To == input) sum += sent.Gradient;
        }
        return sum;
    }

    /// <summary>What flowed back along the edge from the tensor <paramref name="input"/> into <paramref name="consumer"/> so far (summed when it is used twice), or null.</summary>
    public Tensor? SentTensorAlong(int input, int consumer)
    {
        if (!_backwardIndex.TryGetValue(consumer, out int i) || Position <= ForwardCount + i) return null;
        Tensor? sum = null;
        bool copied = false;
        foreach (var sent in Trace.Backward[i].Sent)
        {
            if (sent.To != input || sent.GradientTensor is not { } gradient) continue;
            if (sum is null)
            {
                sum = gradient;
                continue;
            }
            // X @ X sends to X twice: add into a copy, never into the trace's own tensor.
            if (!copied) sum = sum.Copy();
            copied = true;
            sum.AddInPlace(gradient);
        }
        return sum;
    }

    /// <summary>How many gradients the tensor <paramref name="node"/> has received so far.</summary>
    public int ReceivedTensors(int node)
    {
        int count = 0;
        int done = Math.Max(0, Position - ForwardCount);
        for (int i = 0; i < done && i < Trace.Backward.Count; i++)
        {
            foreach (var sent in Trace.Backward[i].Sent)
            {
                if (sent.To == node && sent.GradientTensor is not null) count++;
            }
        }
        return count;
    }

    /// <summary>The gradient contributions a node has received so far, in the order they arrived (L's own is 1).</summary>
    public IReadOnlyList<double> Received(int node)
    {
        var received = new List<double>();
        if (node == Graph.Count - 1 && BackwardStarted) received.Add(1);
        int done = Math.Max(0, Position - ForwardCount);
        for (int i = 0; i < done && i < Trace.Backward.Count; i++)
        {
            foreach (var sent in Trace.Backward[i].Sent)
            {
                if (sent.To == node) received.Add(sent.Gradient);
            }
        }
        return received;
    }

    /// <summary>The rule of the node in focus with its numbers: <c>MulLayer: dx = dout·y = 1·30 = 30, ...</c>.</summary>
    public string FocusRule()
    {
        if (FocusForward is { OutputTensor: { } output } tensorStep)
        {
            // A tensor layer: what it does with the shapes, and its output in brief.
            return $"{tensorStep.Layer}: {tensorStep.Shapes} = {TensorDisplay.Brief(output)}";
        }
        if (FocusBackward is { } tensorBack && Graph.Layer(tensorBack.Node) is TensorLayer)
        {
            return TensorBackwardRule(tensorBack);
        }
        if (FocusForward is { } f)
        {
            var layer = Graph.Layer(f.Node)!;
            string formula = ForwardFormula(layer.Symbol, layer.Arity, "x", "y");
            string numbers = ForwardFormula(layer.Symbol, layer.Arity, Numbers.Operand(f.InputValues[0]),
                f.InputValues.Count > 1 ? Numbers.Operand(f.InputValues[1]) : "");
            return $"{f.Layer}: z = {formula} = {numbers} = {Numbers.Format(f.Output)}";
        }
        if (FocusBackward is { } b)
        {
            var inputs = NodeLabels.Inputs(Graph, b.Node);
            double x = Graph.Value(inputs[0]), y = inputs.Length > 1 ? Graph.Value(inputs[1]) : 0, z = Graph.Value(b.Node);
            var parts = new List<string>();
            foreach (string part in RuleParts(b.Rule))
            {
                int which = part.StartsWith("dx = ", StringComparison.Ordinal) ? 0 : part.StartsWith("dy = ", StringComparison.Ordinal) ? 1 : -1;
                if (which < 0 || which >= b.Sent.Count)
                {
                    parts.Add(part);
                    continue;
                }
                string rule = part[5..];
                parts.Add($"{part[..2]} = {Dotted(rule)} = {Substitute(rule, b.Dout, x, y, z)} = {Numbers.Format(b.Sent[which].Gradient)}");
            }
            return $"{b.Layer}: {string.Join(", ", parts)}";
        }
        return "";
    }

    /// <summary>
    /// A tensor layer's rule with what each part sent, in brief: <c>dA = dout @ transpose(B) = [[1, -1], [1, -1]], ...</c>.
    /// A rule of one part for many inputs (a stack's <c>dx_i = dout[i]</c>) is followed by what each input got.
    /// </summary>
    private string TensorBackwardRule(BackwardStep b)
    {
        string Sent(GradientSent sent) => sent.GradientTensor is { } g ? TensorDisplay.Brief(g) : Numbers.Format(sent.Gradient);
        var parts = RuleParts(b.Rule);
        if (parts.Count == b.Sent.Count)
        {
            return $"{b.Layer}: {string.Join(", ", parts.Select((part, i) => $"{Dotted(part)} = {Sent(b.Sent[i])}"))}";
        }
        return $"{b.Layer}: {Dotted(b.Rule)}; {string.Join(", ", b.Sent.Select(sent => $"{Labels.Of(sent.To)} {WebMessages.FocusSent} {Sent(sent)}"))}";
    }

    /// <summary>A rule's parts, one per input: split at the commas outside parentheses (<c>sum(dout, axis=0)</c> is one).</summary>
    private static List<string> RuleParts(string rule)
    {
        var parts = new List<string>();
        int depth = 0, start = 0;
        for (int i = 0; i < rule.Length; i++)
        {
            depth += rule[i] switch { '(' or '[' => 1, ')' or ']' => -1, _ => 0 };
            if (depth == 0 && rule[i] == ',' && i + 1 < rule.Length && rule[i + 1] == ' ')
            {
                parts.Add(rule[start..i]);
                start = i + 2;
            }
        }
        parts.Add(rule[start..]);
        return parts;
    }

    private static string ForwardFormula(string symbol, int arity, string x, string y) => (symbol, arity) switch
    {
        ("-", 1) => $"-{x}",
        ("*", _) => $"{x}·{y}",
        ("+" or "-" or "/" or "^", _) => $"{x} {symbol} {y}",
        (_, 1) => $"{symbol}({x})",
        _ => $"{symbol}({x}, {y})",
    };

    private static string Dotted(string rule) => rule.Replace("*", "·");

    /// <summary>Puts the numbers in place of dout, x, y and z (whole words only: sign(x) keeps its sign).</summary>
    private static string Substitute(string rule, double dout, double x, double y, double z)
    {
        var text = new StringBuilder();
        int i = 0;
        while (i < rule.Length)
        {
            if (!char.IsLetter(rule[i]))
            {
                text.Append(rule[i] == '*' ? '·' : rule[i]);
                i++;
                continue;
            }
            int start = i;
            while (i < rule.Length && char.IsLetter(rule[i])) i++;
            string word = rule[start..i];
            text.Append(word switch
            {
                "dout" => Numbers.Operand(dout),
                "x" => Numbers.Operand(x),
                "y" => Numbers.Operand(y),
                "z" => Numbers.Operand(z),
                _ => word,
            });
        }
        return text.ToString();
    }
}
