using System.Text.Json.Nodes;

namespace Backprop.Repl.Jupyter;

/// <summary>Where a running cell's outputs go: iopub messages in answer to its execute_request.</summary>
internal interface ICellOutput
{
    /// <summary>Text on <c>stdout</c> or <c>stderr</c> (a <c>stream</c> message).</summary>
    void Stream(string name, string text);

    /// <summary>A rich output (<c>display_data</c>): <paramref name="data"/> maps MIME types to their content.</summary>
    /// <param name="displayId">Names the output so that <see cref="UpdateDisplay"/> can replace it later.</param>
    void Display(JsonObject data, string? displayId = null);

    /// <summary>Replaces the output named <paramref name="displayId"/> (<c>update_display_data</c>).</summary>
    void UpdateDisplay(JsonObject data, string displayId);

    /// <summary>The cell's value (<c>execute_result</c>).</summary>
    void Result(JsonObject data);
}

/// <summary>Outputs nobody sees: a silent execute_request, or no cell running.</summary>
internal sealed class NoCellOutput : ICellOutput
{
    public static readonly NoCellOutput Instance = new();

    public void Stream(string name, string text) { }
    public void Display(JsonObject data, string? displayId = null) { }
    public void UpdateDisplay(JsonObject data, string displayId) { }
    public void Result(JsonObject data) { }
}
