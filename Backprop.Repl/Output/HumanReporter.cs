using Backprop.Lang.Diagnostics;
using Backprop.Lang.Evaluation;
using Backprop.Lang.Syntax;
using Backprop.Lang.Text;
using Spectre.Console;

namespace Backprop.Repl.Output;

/// <summary>Results as text and Spectre.Console tables on stdout; diagnostics as compiler-style messages on stderr.</summary>
internal sealed class HumanReporter(IAnsiConsole console, TextWriter errors) : IReporter
{
    /// <summary>Tables longer than this are cut, with a line saying how many rows were left out.</summary>
    public const int MaxRows = 200;

    public NumberFormat Numbers { get; set; } = NumberFormat.Default;

    public IAnsiConsole Console => console;

    private string N(double value) => Numbers.Format(value);

    public void Value(ValueOutcome outcome) => console.WriteLine(N(outcome.Value));

    public void Assignment(AssignmentOutcome outcome) => console.WriteLine($"{outcome.Name} = {N(outcome.Value)}");

    public void Gradient(GradientOutcome outcome)
    {
        console.WriteLine($"L = {N(outcome.Value)}");
        // The whole line as written, so the picture's columns are the table's columns.
        var picture = GradientPicture.Draw(outcome.Source.Text.TrimEnd(),
            outcome.Literals.Select(l => (l.Span.Start, N(l.Gradient))).ToList());
        if (picture is not null)
        {
            console.WriteLine();
            foreach (var line in picture)
            {
                console.WriteLine("  " + line);
            }
        }

        var leaves = NewTable("leaf", "kind", "at", "value", "dL/d(leaf)");
        int rows = 0;
        foreach (var literal in outcome.Literals)
        {
            if (rows++ < MaxRows)
                leaves.AddRow(Cell(literal.Text), Cell("literal"), Cell($"{literal.Line}:{literal.Column}"), Cell(N(literal.Value)), Cell(N(literal.Gradient)));
        }
        foreach (var variable in outcome.Variables)
        {
            if (rows++ < MaxRows)
                leaves.AddRow(Cell(variable.Name), Cell("input"), Cell(""), Cell(N(variable.Value)), Cell(N(variable.Gradient)));
        }
        if (rows > 0)
        {
            console.WriteLine();
            console.Write(leaves);
            Omitted(rows);
        }

        if (outcome.Intermediates.Count > 0)
        {
            var named = NewTable("intermediate", "value", "dL/d(name)");
            foreach (var intermediate in outcome.Intermediates.Take(MaxRows))
            {
                named.AddRow(Cell(intermediate.Name), Cell(N(intermediate.Value)), Cell(N(intermediate.Gradient)));
            }
            console.Write(named);
            Omitted(outcome.Intermediates.Count);
        }
    }

    public void Variables(SourceLine source, IReadOnlyList<Variable> variables)
    {
        if (variables.Count == 0)
        {
            console.WriteLine(ReplMessages.NoVariables);
            return;
        }
        var table = NewTable("name", "value", "kind");
        foreach (var v in variables.Take(MaxRows))
        {
            table.AddRow(Cell(v.Name), Cell(N(v.Value)), Cell(v.Kind == VariableKind.Input ? "input" : "intermediate"));
        }
        console.Write(table);
        Omitted(variables.Count);
    }

    public void Text(SourceLine source, string text) => console.WriteLine(text);

    public void Diagnostic(Diagnostic diagnostic)
    {
        console.Profile.Out.Writer.Flush();
        errors.WriteLine(DiagnosticFormatter.Format(diagnostic));
        errors.Flush();
    }

    public void Error(string message)
    {
        console.Profile.Out.Writer.Flush();
        errors.WriteLine($"backprop: error: {message}");
        errors.Flush();
    }

    internal static Table NewTable(params string[] headers)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn(new Text(header)));
        }
        return table;
    }

    /// <summary>Plain text in a cell: user text may contain '[' which markup would misread.</summary>
    internal static Text Cell(string text) => new(text);

    private void Omitted(int rows)
    {
        if (rows > MaxRows)
        {
            console.WriteLine(ReplMessages.RowsOmitted(rows - MaxRows));
        }
    }
}
