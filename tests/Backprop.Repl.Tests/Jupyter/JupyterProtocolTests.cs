using System.Globalization;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Xunit.Abstractions;

namespace Backprop.Repl.Tests.Jupyter;

/// <summary>
/// The kernel through the real protocol: Jupyter's own client (jupyter_client, pyzmq) starts it from the kernelspec
/// that <c>backprop jupyter install</c> wrote, runs cells, asks for completions and help, interrupts, restarts, and sends
/// what no proper client sends (forged signatures, broken frames). protocol_checks.py runs once for the class; each
/// fact judges one part of what it saw.
/// </summary>
[Trait("Category", BackpropProcess.Category)]
public sealed class JupyterProtocolTests(ProtocolRun run, ITestOutputHelper output) : IClassFixture<ProtocolRun>
{
    private JsonObject Cell(string name) => (JsonObject)run.Check("cells")[name]!;

    private static JsonObject Reply(JsonNode cell) => (JsonObject)cell["reply"]!;

    /// <summary>The cell's outputs, without the echo of its input.</summary>
    private static List<JsonObject> Outputs(JsonNode cell) =>
        cell["outputs"]!.AsArray().Select(o => (JsonObject)o!).Where(o => (string)o["msg_type"]! != "execute_input").ToList();

    private static string Type(JsonObject output) => (string)output["msg_type"]!;

    private static JsonObject Data(JsonObject output) => (JsonObject)output["content"]!["data"]!;

    private static string Plain(JsonObject output) => (string)Data(output)["text/plain"]!;

    private static string Text(JsonObject output) => (string)output["content"]!["text"]!;

    private static JsonObject Single(JsonNode cell, string type) => Assert.Single(Outputs(cell), o => Type(o) == type);

    [JupyterFact]
    public void Install_WritesAKernelspec_JupyterFinds()
    {
        var spec = run.Check("kernelspec");
        Assert.True((bool)spec["found"]!);
        Assert.Equal("backprop", (string)spec["language"]!);
        Assert.Equal("backprop", (string)spec["display_name"]!);
        Assert.Equal("message", (string)spec["interrupt_mode"]!);
        Assert.Equal(["jupyter", "kernel", "-f", "{connection_file}"], spec["argv"]!.AsArray().Select(a => (string)a!).TakeLast(4));
        Assert.Subset(spec["files"]!.AsArray().Select(f => (string)f!).ToHashSet(), new HashSet<string> { "kernel.json", "logo-32x32.png", "logo-64x64.png" });
    }

    [JupyterFact]
    public void KernelInfo_SaysProtocol53_AndTheLanguage()
    {
        var info = run.Check("kernel_info");
        Assert.Equal("ok", (string)info["status"]!);
        Assert.Equal("5.3", (string)info["protocol_version"]!);
        Assert.Equal("backprop", (string)info["implementation"]!);
        Assert.Equal("backprop", (string)info["language_info"]!["name"]!);
        Assert.Equal(".bp", (string)info["language_info"]!["file_extension"]!);
    }

    [JupyterFact]
    public void Heartbeat_EchoesThePing() => Assert.Equal("ping", (string?)run.Check("heartbeat")["echo"]);

    [JupyterFact]
    public void Execute_Seed_ShowsTheArticlesGradients_AsTextAndHtml()
    {
        var cell = Cell("seed");
        Assert.Equal("ok", (string)Reply(cell)["status"]!);
        var shown = Single(cell, "display_data");
        string plain = Plain(shown);
        Assert.StartsWith("L = 60", plain);
        Assert.Equal(["1", "literal", "1:8", "1", "60"], Printed.Row(plain, "1"));
        Assert.Equal(["2", "literal", "1:10", "2", "30"], Printed.Row(plain, "2"));
        Assert.Equal(["10", "literal", "1:14", "10", "2"], Printed.Row(plain, "10"));
        Assert.Equal(["20", "literal", "1:17", "20", "2"], Printed.Row(plain, "20"));
        string html = (string)Data(shown)["text/html"]!;
        Assert.Contains("<table", html);
        Assert.Contains("dL/d(leaf)", html);
    }

    [JupyterFact]
    public void Execute_EveryRequest_IsBusyThenIdle_WithItsCount()
    {
        var cell = Cell("seed");
        Assert.Equal(["busy", "idle"], cell["statuses"]!.AsArray().Select(s => (string)s!));
        var input = cell["outputs"]!.AsArray().First()!;
        Assert.Equal("execute_input", (string)input["msg_type"]!);
        Assert.Equal((int)Reply(cell)["execution_count"]!, (int)input["content"]!["execution_count"]!);
        Assert.Equal((int)Reply(cell)["execution_count"]! + 1, (int)Reply(Cell("value"))["execution_count"]!);
    }

    [JupyterFact]
    public void Execute_ABareExpression_IsTheCellsExecuteResult()
    {
        var result = Single(Cell("value"), "execute_result");
        Assert.Equal("60", Plain(result));
        Assert.Equal((int)Reply(Cell("value"))["execution_count"]!, (int)result["content"]!["execution_count"]!);
        // Only the last line's value is the result; an earlier one is shown where it came.
        var outputs = Outputs(Cell("two_values"));
        Assert.Equal(["display_data", "execute_result"], outputs.Select(Type));
        Assert.Equal(["2", "4"], outputs.Select(Plain));
    }

    [JupyterFact]
    public void Execute_VariablesAndFunctions_CarryAcrossCells()
    {
        Assert.Equal(["x = 3\n", "y = 9\n"], Outputs(Cell("assignments")).Select(Text));
        Assert.Equal("10", Plain(Single(Cell("sees_earlier_cell"), "execute_result")));
        Assert.Equal("10", Plain(Single(Cell("function"), "execute_result")));
    }

    [JupyterFact]
    public void Execute_GradPicture_IsTheLibrarysSvg_BesideTheTables()
    {
        var shown = Single(Cell("picture"), "display_data");
        var svg = XDocument.Parse((string)Data(shown)["image/svg+xml"]!);
        var texts = svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value).ToList();
        Assert.Contains("L", texts);
        Assert.Contains("60", texts); // the output's value on its edge to L, and the gradient dL/d(1)
        Assert.Contains("30", texts);
        Assert.Equal(3, svg.Descendants().Count(e => e.Name.LocalName == "circle")); // two MulLayers and an AddLayer
        Assert.Contains("<svg", (string)Data(shown)["text/html"]!);
    }

    [JupyterFact]
    public void Execute_GraphAndDot_AreSvgPictures_DotKeepsItsText()
    {
        var graph = Single(Cell("graph"), "display_data");
        XDocument.Parse((string)Data(graph)["image/svg+xml"]!);
        Assert.StartsWith("L = 60", Plain(graph));
        var dot = Single(Cell("dot"), "display_data");
        XDocument.Parse((string)Data(dot)["image/svg+xml"]!);
        Assert.StartsWith("digraph backprop {", Plain(dot));
    }

    [JupyterFact]
    public void Execute_TraceCheckHessianVars_AreHtmlTables()
    {
        string Html(string name) => (string)Data(Outputs(Cell(name)).Last(o => Type(o) == "display_data"))["text/html"]!;
        Assert.Contains("backward, from L = 1 in reverse order", Html("trace"));
        Assert.Contains("dx = dout*y, dy = dout*x", Html("trace"));
        Assert.Contains("numerical", Html("check"));
        Assert.Contains(">ok</td>", Html("check"));
        Assert.Contains("d²L/d(row)d(column)", Html("hessian"));
        Assert.Contains("background-color:#", Html("hessian")); // the matrix as a heatmap
        Assert.Contains("<table", Html("vars"));
        Assert.Contains("\">p</td>", Html("vars"));
    }

    [JupyterFact]
    public void Execute_Tensors_AreHeatmapGrids()
    {
        var outputs = Outputs(Cell("matrix")).Where(o => Type(o) == "display_data").ToList();
        string assignment = (string)Data(outputs[0])["text/html"]!;
        Assert.Contains("W =", assignment);
        Assert.Contains("background-color:#", assignment);
        Assert.Contains("2×2", assignment);
        Assert.Contains("W = [[1, -2],", Plain(outputs[0]));
    }

    [JupyterFact]
    public void Execute_Train_DrawsTheLossAsSvg()
    {
        var shown = Single(Cell("train"), "display_data");
        var svg = XDocument.Parse((string)Data(shown)["image/svg+xml"]!);
        Assert.Contains(svg.Descendants(), e => e.Name.LocalName == "path" && ((string?)e.Attribute("d") ?? "").Contains('L'));
        Assert.StartsWith("trained by sgd", Plain(shown));
    }

    [JupyterFact]
    public void Execute_AWarning_GoesToStderr()
    {
        var warning = Assert.Single(Outputs(Cell("warning")), o => Type(o) == "stream" && (string)o["content"]!["name"]! == "stderr");
        Assert.Contains("warning: 'e' is now your variable", Text(warning));
        Assert.Equal("ok", (string)Reply(Cell("warning"))["status"]!);
    }

    [JupyterFact]
    public void Execute_AnError_IsAnErrorReply_WithTheCaretLines_AndStopsTheCell()
    {
        var check = run.Check("error");
        var failed = check["failed"]!;
        var reply = Reply(failed);
        Assert.Equal("error", (string)reply["status"]!);
        Assert.Equal("Error", (string)reply["ename"]!);
        Assert.Equal("unexpected '*': expected a number, a name or '('", (string)reply["evalue"]!);
        int count = (int)reply["execution_count"]!;
        Assert.Equal([$"<cell {count}>:2:8: error: unexpected '*': expected a number, a name or '('", "  h = g +* 3", "         ^"],
            reply["traceback"]!.AsArray().Select(l => (string)l!));
        var error = Single(failed, "error");
        Assert.Equal((string)reply["evalue"]!, (string)error["content"]!["evalue"]!);
        Assert.Equal("g = 2\n", Text(Outputs(failed)[0]));
        // The line after the error did not run; the line before it did, and the session kept it.
        Assert.Equal("error", (string)Reply(check["after"]!)["status"]!);
        Assert.Equal("2", Plain(Single(check["kept"]!, "execute_result")));
    }

    [JupyterFact]
    public void Execute_AfterAFailedCell_TheCellsQueuedBehindItAreAborted()
    {
        var check = run.Check("abort");
        Assert.Equal("error", (string)check["first"]!["status"]!);
        Assert.Equal("aborted", (string)check["second"]!["status"]!);
        Assert.Contains("unknown name 'aborted_y'", (string)Reply(check["after"]!)["evalue"]!);
    }

    [JupyterFact]
    public void Execute_Writes_FollowThePipeRules_TheNotebooksFolderOnly()
    {
        var outside = Reply(Cell("write_outside"));
        Assert.Equal("error", (string)outside["status"]!);
        Assert.Contains("may not write through '..'", (string)outside["evalue"]!);
        Assert.False((bool)run.Check("cells")["escaped_written"]!);
        Assert.Equal("ok", (string)Reply(Cell("write_inside"))["status"]!);
        Assert.True((bool)run.Check("cells")["inside_written"]!);
    }

    [JupyterFact]
    public void Complete_Functions_Commands_AndTheSessionsVariables()
    {
        var complete = run.Check("complete");
        static List<string> Matches(JsonNode reply) => reply["matches"]!.AsArray().Select(m => (string)m!).ToList();
        Assert.Equal(["sigmoid", "sign", "sin"], Matches(complete["function"]!));
        Assert.Equal(0, (int)complete["function"]!["cursor_start"]!);
        Assert.Equal(2, (int)complete["function"]!["cursor_end"]!);
        Assert.Equal([":grad", ":graph"], Matches(complete["command"]!));
        Assert.Equal(["weight"], Matches(complete["variable"]!));
        Assert.Equal(4, (int)complete["variable"]!["cursor_start"]!);
        // Inside a run such as "(1*wei", only the name is replaced.
        Assert.Equal(["weight"], Matches(complete["inside"]!));
        Assert.Equal(3, (int)complete["inside"]!["cursor_start"]!);
    }

    [JupyterFact]
    public void IsComplete_AnOpenBracket_IsIncomplete_WithAnIndent()
    {
        var answers = run.Check("is_complete");
        string Status(string code) => (string)answers[code]!["status"]!;
        Assert.Equal("incomplete", Status("f(1,"));
        Assert.Equal("    ", (string)answers["f(1,"]!["indent"]!);
        Assert.Equal("incomplete", Status("W = [[1, 2],"));
        Assert.Equal("complete", Status("1 + 2"));
        Assert.Equal("complete", Status(":grad (1*2)*(10+20)"));
        Assert.Equal("complete", Status(""));
        Assert.Equal("invalid", Status("(1 + 2))"));
        Assert.Equal("invalid", Status("f(1,\n")); // Enter on an empty continuation line ends the statement
    }

    [JupyterFact]
    public void Inspect_ACommand_AFunction_AVariable()
    {
        var inspect = run.Check("inspect");
        string Help(string what) => (string)inspect[what]!["data"]!["text/plain"]!;
        Assert.StartsWith(":grad EXPR", Help("command"));
        Assert.Contains("gives 60, 30, 2, 2", Help("command"));
        Assert.Equal("sigmoid: SigmoidLayer, 1 input\n  local rule: dx = dout*z*(1 - z)", Help("layer"));
        Assert.Equal("weight = 2  (input)", Help("variable"));
        Assert.False((bool)inspect["unknown"]!["found"]!);
    }

    [JupyterFact]
    public void History_TheLastCells()
    {
        var history = run.Check("history")["history"]!.AsArray();
        Assert.Equal(3, history.Count);
        Assert.Equal("weight = 2", (string)history[^1]![2]!);
        Assert.Equal("ok", (string)run.Check("comm_info")["status"]!);
    }

    [JupyterFact]
    public void Quiz_AsksThroughStdin_OrSaysHowToAnswer()
    {
        var quiz = run.Check("quiz");
        string Said(JsonNode cell) => string.Concat(Outputs(cell).Where(o => Type(o) == "stream").Select(Text));
        var asked = quiz["stdin"]!;
        Assert.Equal(4, asked["prompts"]!.AsArray().Count);
        Assert.Contains("score: 4/4", Said(asked));
        var refused = quiz["no_stdin"]!;
        Assert.Empty(refused["prompts"]!.AsArray());
        Assert.Contains("allow_stdin is off", Said(refused));
        Assert.Contains("write the answers on the lines after :quiz", Said(refused).Replace("\n", " "));
        // Answers written in the cell are taken first, as in a script.
        var written = quiz["in_cell"]!;
        Assert.Empty(written["prompts"]!.AsArray());
        Assert.Contains("score: 4/4", Said(written));
    }

    [JupyterFact]
    public void Interrupt_CancelsTheLongCell_AndKeepsTheSession()
    {
        var check = run.Check("interrupt");
        var reply = Reply(check["long"]!);
        Assert.Equal("error", (string)reply["status"]!);
        Assert.Equal("Interrupted", (string)reply["ename"]!);
        Assert.Equal("cancelled (Ctrl+C)", (string)reply["evalue"]!);
        Assert.True((double)check["stopped_after_seconds"]! < 5, $"the cell took {check["stopped_after_seconds"]} s to stop");
        Assert.Equal("8", Plain(Single(check["after"]!, "execute_result")));
    }

    [JupyterFact]
    public void Sigint_CancelsTheLongCell_AndTheKernelStaysUp()
    {
        var check = run.Check("sigint");
        Assert.Equal("Interrupted", (string)Reply(check["long"]!)["ename"]!);
        Assert.True((bool)check["alive_after_idle_signal"]!);
        Assert.Equal("9", Plain(Single(check["after"]!, "execute_result")));
    }

    [JupyterFact]
    public void ForgedMessages_AreDropped_AndTheKernelStaysUp()
    {
        var check = run.Check("forged");
        Assert.Empty(check["forged_replies"]!.AsArray()); // a wrong key, no signature, a signature of the right length that is wrong
        Assert.Equal(["kernel_info_reply"], check["genuine_replies"]!.AsArray().Select(t => (string)t!));
        Assert.True((bool)check["alive"]!);
        Assert.Contains("unknown name 'forged'", (string)Reply(check["forged_ran"]!)["evalue"]!);
        Assert.Contains("its signature is wrong", run.Log);
        Assert.Contains("it is not signed", run.Log);
    }

    [JupyterFact]
    public void MalformedMessages_AndUnknownTypes_NeverEndTheKernel()
    {
        var check = run.Check("malformed");
        // Of the broken messages only the execute_request without code is a message at all: it gets an error reply.
        var reply = Assert.Single(check["replies_to_malformed"]!.AsArray());
        Assert.Equal("execute_reply", (string)reply![0]!);
        Assert.Equal("error", (string)reply[1]!["status"]!);
        Assert.Equal(["kernel_info_reply"], check["genuine_replies"]!.AsArray().Select(t => (string)t!));
        Assert.True((bool)check["alive"]!);
        Assert.Equal("2", Plain(Single(check["still_runs"]!, "execute_result")));
        Assert.Contains("is not JSON", run.Log);
        Assert.Contains("ignored a 'frobnicate_request'", run.Log);
    }

    [JupyterFact]
    public void TwoHundredCells_DoNotGrowTheKernel()
    {
        var check = run.Check("memory");
        long before = (long)check["rss_before_kb"]!, after = (long)check["rss_after_kb"]!;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"kernel RSS before 200 cells {before / 1024.0:F1} MB, after {after / 1024.0:F1} MB ({(after - before) / 1024.0:+0.0;-0.0} MB)"));
        Assert.True(before > 0 && after > 0);
        Assert.True(after - before < 16 * 1024, $"the kernel grew from {before} kB to {after} kB over 200 cells");
    }

    [JupyterFact]
    public void Restart_StartsAFreshSession()
    {
        var check = run.Check("restart");
        Assert.True((bool)check["new_process"]!);
        Assert.Contains("unknown name 'r'", (string)Reply(check["after"]!)["evalue"]!);
        Assert.Equal(1, (int)Reply(check["after"]!)["execution_count"]!);
        Assert.Equal(2, (int)Reply(check["count"]!)["execution_count"]!);
    }

    [JupyterFact]
    public void Shutdown_EndsTheProcess()
    {
        var check = run.Check("shutdown");
        Assert.False((bool)check["alive"]!);
        Assert.Equal(0, (int)check["exit_code"]!);
    }

    [JupyterFact]
    public void Timings_StartUpAndPerCell_AreMeasured()
    {
        var timings = (JsonObject)run.Results["timings"]!;
        output.WriteLine(timings.ToJsonString());
        double startup = (double)timings["startup_seconds"]![0]!;
        double cell = (double)timings["cell_round_trip_median_ms"]!;
        Assert.True(startup < 20, $"the kernel took {startup} s to answer kernel_info");
        Assert.True(cell < 200, $"a trivial cell took {cell} ms");
    }
}
