using Backprop.Lang.Diagnostics;
using Backprop.Lang.Graph;
using Backprop.Lang.Text;

namespace Backprop.Lang.Evaluation;

public enum VariableKind
{
    /// <summary>Bound to a constant (<c>x = 3</c>): a leaf of every graph that uses it.</summary>
    Input,
    /// <summary>Bound to a graph that leads back to inputs (<c>y = x*x</c>): gradients flow through it.</summary>
    Intermediate,
}

/// <summary>A variable and its value; <see cref="Tensor"/> holds it when it has a shape (then <see cref="Value"/> is NaN).</summary>
public sealed record Variable(string Name, double Value, VariableKind Kind)
{
    public Tensors.Tensor? Tensor { get; init; }
}

/// <summary>What one statement did. Errors mean nothing was bound and nothing changed.</summary>
public abstract record Outcome(SourceLine Source, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool Succeeded => !Diagnostics.Any(d => d.IsError);
    public IEnumerable<Diagnostic> Errors => Diagnostics.Where(d => d.IsError);
    public IEnumerable<Diagnostic> Warnings => Diagnostics.Where(d => !d.IsError);
}

/// <summary>A blank or comment-only line, or a line that failed to parse.</summary>
public sealed record EmptyOutcome(SourceLine Source, IReadOnlyList<Diagnostic> Diagnostics) : Outcome(Source, Diagnostics);

/// <summary>An expression's value: a number, or a tensor in <see cref="Tensor"/> (then <see cref="Value"/> is NaN).</summary>
public sealed record ValueOutcome(SourceLine Source, double Value, IReadOnlyList<Diagnostic> Diagnostics) : Outcome(Source, Diagnostics)
{
    public Tensors.Tensor? Tensor { get; init; }
}

public sealed record AssignmentOutcome(SourceLine Source, string Name, double Value, VariableKind Kind, IReadOnlyList<Diagnostic> Diagnostics)
    : Outcome(Source, Diagnostics)
{
    public Tensors.Tensor? Tensor { get; init; }
}

/// <summary>A <c>:command</c> line: the library parsed it; the front end decides what it does.</summary>
public sealed record CommandOutcome(SourceLine Source, Syntax.CommandStatement Command, IReadOnlyList<Diagnostic> Diagnostics)
    : Outcome(Source, Diagnostics);

/// <summary>
/// A function definition: <see cref="Function"/> is null when it was refused. <see cref="Replaced"/> is the line of
/// the definition it replaced, if any.
/// </summary>
public sealed record FunctionOutcome(SourceLine Source, UserFunction? Function, int? Replaced, IReadOnlyList<Diagnostic> Diagnostics)
    : Outcome(Source, Diagnostics);

/// <summary>dL/d(literal) for one occurrence of a number in the expression (or in the body of a function it calls).</summary>
/// <remarks>
/// For a tensor literal (<c>[1, 2]</c>, <c>randn(2, 3)</c>) it is a <see cref="TensorLiteralGradient"/>, whose
/// <see cref="TensorValue"/> and <see cref="TensorGradient"/> hold the value and the gradient, of one shape (the
/// doubles are then NaN). A number's record keeps no room for them: a :grad of a million-node sum has a third of a
/// million literals, and two more fields each were 5 MB more at its peak.
/// </remarks>
public record LiteralGradient(string Text, double Value, double Gradient, SourceLine Source, TextSpan Span, int Node)
{
    public virtual Tensors.Tensor? TensorValue => null;
    public virtual Tensors.Tensor? TensorGradient => null;

    public int Line => Source.Number;
    public int Column => Source.ColumnOf(Span.Start);
}

/// <summary>A tensor literal's gradient: its value and gradient, of one shape.</summary>
public sealed record TensorLiteralGradient(string Text, SourceLine Source, TextSpan Span, int Node, Tensors.Tensor Tensor, Tensors.Tensor Grad)
    : LiteralGradient(Text, double.NaN, double.NaN, Source, Span, Node)
{
    public override Tensors.Tensor? TensorValue => Tensor;
    public override Tensors.Tensor? TensorGradient => Grad;
}

/// <summary>dL/d(variable) for an input variable, summed over every use.</summary>
public sealed record VariableGradient(string Name, double Value, double Gradient, int Node)
{
    public Tensors.Tensor? TensorValue { get; init; }
    public Tensors.Tensor? TensorGradient { get; init; }
}

/// <summary>dL/d(name) for a named intermediate the gradient flowed through (the book's <c>dapple_price</c>).</summary>
public sealed record IntermediateGradient(string Name, double Value, double Gradient, int Node)
{
    public Tensors.Tensor? TensorValue { get; init; }
    public Tensors.Tensor? TensorGradient { get; init; }
}

/// <summary>
/// The value of an expression and the gradient of it with respect to every leaf. <see cref="Graph"/> is the
/// expression's own graph (only the nodes it depends on, output last) and <see cref="Gradients"/> holds
/// dL/d(node) for each of its nodes; the node numbers in the leaf records index both.
/// </summary>
public sealed record GradientOutcome(
    SourceLine Source,
    double Value,
    IReadOnlyList<LiteralGradient> Literals,
    IReadOnlyList<VariableGradient> Variables,
    IReadOnlyList<IntermediateGradient> Intermediates,
    ComputationGraph Graph,
    double[] Gradients,
    IReadOnlyList<Diagnostic> Diagnostics) : Outcome(Source, Diagnostics)
{
    public int Output => Graph.Count - 1;

    /// <summary>dL/d(node) for the graph's tensor nodes (null for numbers, and where nothing arrived); null when it has none.</summary>
    public Tensors.Tensor?[]? TensorGradients { get; init; }

    /// <summary>The gradient of a tensor node: the zeros of its shape where nothing arrived.</summary>
    public Tensors.Tensor TensorGradientOf(int node) =>
        TensorGradients?[node] ?? (Graph.IsTensor(node) ? Tensors.Tensor.Zeros(Graph.ShapeOf(node)) : Tensors.Tensor.Scalar(Gradients[node]));

    /// <summary>The gradient of the input variable with this name (summed over its uses), or of a named intermediate.</summary>
    public double GradientOf(string name) =>
        Variables.FirstOrDefault(v => v.Name == name)?.Gradient
        ?? Intermediates.FirstOrDefault(v => v.Name == name)?.Gradient
        ?? throw new KeyNotFoundException($"The expression does not depend on '{name}'.");
}

/// <summary>
/// <c>:descend</c>: the gradient at the start, and what descent did (null when it could not start: an error, or
/// no input variable to move).
/// </summary>
public sealed record DescentOutcome(SourceLine Source, GradientOutcome Start, Analysis.DescentReport? Report, IReadOnlyList<Diagnostic> Diagnostics)
    : Outcome(Source, Diagnostics);

/// <summary><c>:train</c>: what the training run did (null when it could not start).</summary>
public sealed record TrainOutcome(SourceLine Source, Analysis.TrainReport? Report, IReadOnlyList<Diagnostic> Diagnostics)
    : Outcome(Source, Diagnostics);

/// <summary>
/// A training run set up by <see cref="Session.StartTraining"/> (null with the errors that stopped it), and the session's
/// nodes of its parameters, which <see cref="Session.FinishTraining"/> copies the values reached into.
/// </summary>
public sealed record TrainingStart(Analysis.Training? Run, IReadOnlyList<int> ParameterNodes, IReadOnlyList<Diagnostic> Diagnostics);

/// <summary><c>:hessian</c>: the gradient at the point, and the second derivatives (null when it could not start).</summary>
public sealed record HessianOutcome(SourceLine Source, GradientOutcome Start, Analysis.HessianReport? Report, IReadOnlyList<Diagnostic> Diagnostics)
    : Outcome(Source, Diagnostics);

/// <summary><c>:deriv</c>: the derivative as a formula, and its value now (null when there is none).</summary>
public sealed record DerivativeOutcome(SourceLine Source, Analysis.DerivativeReport? Report, IReadOnlyList<Diagnostic> Diagnostics)
    : Outcome(Source, Diagnostics);
