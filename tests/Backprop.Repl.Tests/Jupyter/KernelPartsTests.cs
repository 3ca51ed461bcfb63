using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Backprop.Lang.Drawing;
using Backprop.Lang.Evaluation;
using Backprop.Repl.Jupyter;
using Backprop.Repl.Running;

namespace Backprop.Repl.Tests.Jupyter;

/// <summary>The kernel's parts without a front end: signing, reading messages, cells, completion, rendering, pictures.</summary>
public sealed class KernelPartsTests
{
    private static readonly byte[] Header = """{"a":1}"""u8.ToArray(), Empty = "{}"u8.ToArray(), Content = """{"b":2}"""u8.ToArray();

    [Fact]
    public void Sign_IsHmacSha256InLowercaseHex()
    {
        // Python: hmac.new(b"secret", b'{"a":1}{}{}{"b":2}', hashlib.sha256).hexdigest()
        Assert.Equal("9b14d94617bffb278285cea390d9dc17e01ec3188dba313f9548021906557a7b",
            new MessageSigner("secret").Sign(Header, Empty, Empty, Content));
    }

    [Theory]
    [InlineData("9b14d94617bffb278285cea390d9dc17e01ec3188dba313f9548021906557a7b", true)]
    [InlineData("9B14D94617BFFB278285CEA390D9DC17E01EC3188DBA313F9548021906557A7B", true)]
    [InlineData("9b14d94617bffb278285cea390d9dc17e01ec3188dba313f9548021906557a7c", false)]
    [InlineData("9b14d946", false)]
    [InlineData("", false)]
    [InlineData("zz14d94617bffb278285cea390d9dc17e01ec3188dba313f9548021906557a7b", false)]
    public void Verify_AcceptsOnlyTheMessagesOwnSignature(string signature, bool accepted) =>
        Assert.Equal(accepted, new MessageSigner("secret").Verify(Encoding.ASCII.GetBytes(signature), Header, Empty, Empty, Content));

    [Fact]
    public void Verify_AChangedContent_IsRejected()
    {
        var signer = new MessageSigner("secret");
        byte[] signature = Encoding.ASCII.GetBytes(signer.Sign(Header, Empty, Empty, Content));
        Assert.False(signer.Verify(signature, Header, Empty, Empty, """{"b":3}"""u8.ToArray()));
    }

    [Fact]
    public void Message_RoundTripsThroughItsFrames()
    {
        var signer = new MessageSigner("k");
        var sent = KernelMessage.Create("execute_request", new JsonObject { ["code"] = "x = 3" }, null, "session", identities: ["client"u8.ToArray()]);
        var read = KernelMessage.Read(sent.ToFrames(signer), signer, out string? problem);
        Assert.Null(problem);
        Assert.Equal("execute_request", read!.Type);
        Assert.Equal(sent.Id, read.Id);
        Assert.Equal("x = 3", (string)read.Content["code"]!);
        Assert.Equal("client"u8.ToArray(), Assert.Single(read.Identities));
        Assert.Equal("5.3", (string)read.Header["version"]!);
    }

    [Fact]
    public void Message_AReplyCarriesItsRequestsHeader_AndGoesBackToItsSender()
    {
        var request = KernelMessage.Create("kernel_info_request", [], null, "client-session", identities: ["peer"u8.ToArray()]);
        var reply = KernelMessage.Create("kernel_info_reply", [], request, "kernel-session");
        Assert.Equal(request.Id, (string)reply.Parent["msg_id"]!);
        Assert.Equal("peer"u8.ToArray(), Assert.Single(reply.Identities));
    }

    public static TheoryData<string, byte[][]> Malformed => new()
    {
        { "no <IDS|MSG> delimiter", [[1, 2, 3]] },
        { "frames after the delimiter", [KernelMessage.Delimiter, "sig"u8.ToArray()] },
        { "not signed", [KernelMessage.Delimiter, [], Header, Empty, Empty, Content] },
        { "signature is wrong", [KernelMessage.Delimiter, "00"u8.ToArray(), Header, Empty, Empty, Content] },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Message_Malformed_IsDroppedWithWhy(string why, byte[][] frames)
    {
        Assert.Null(KernelMessage.Read(frames, new MessageSigner("secret"), out string? problem));
        Assert.Contains(why, problem);
    }

    [Theory]
    [InlineData("{not json", "is not JSON")]
    [InlineData("[1]", "is not a JSON object")]
    public void Message_SignedButNotJson_IsDropped(string content, string why)
    {
        var signer = new MessageSigner("secret");
        byte[] bytes = Encoding.UTF8.GetBytes(content);
        byte[][] frames = [KernelMessage.Delimiter, Encoding.ASCII.GetBytes(signer.Sign(Header, Empty, Empty, bytes)), Header, Empty, Empty, bytes];
        Assert.Null(KernelMessage.Read(frames, signer, out string? problem));
        Assert.Contains(why, problem);
    }

    [Fact]
    public void ConnectionFile_TellsWhereToBind()
    {
        var file = ConnectionFile.Parse("""
            {"shell_port": 5001, "iopub_port": 5002, "stdin_port": 5003, "control_port": 5004, "hb_port": 5005,
             "ip": "127.0.0.1", "key": "abc", "transport": "tcp", "signature_scheme": "hmac-sha256", "kernel_name": "backprop"}
            """, "c.json", out string? error);
        Assert.Null(error);
        Assert.Equal("tcp://127.0.0.1:5001", file!.Endpoint(file.ShellPort));
        Assert.Equal("tcp://127.0.0.1:5005", file.Endpoint(file.HeartbeatPort));
        Assert.Equal("abc", file.Key);
    }

    [Theory]
    [InlineData("""{"transport": "ipc", "ip": "kernel", "shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5}""", "transport 'ipc' is not supported")]
    [InlineData("""{"ip": "127.0.0.1", "signature_scheme": "hmac-md5", "shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5}""", "hmac-md5")]
    [InlineData("""{"ip": "127.0.0.1", "shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4}""", "'hb_port'")]
    [InlineData("""{"ip": "127.0.0.1", "shell_port": 70000, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5}""", "'shell_port'")]
    [InlineData("[]", "not a JSON object")]
    [InlineData("{", "not a JSON object")]
    public void ConnectionFile_Unusable_SaysWhy(string text, string why)
    {
        Assert.Null(ConnectionFile.Parse(text, "c.json", out string? error));
        Assert.Contains(why, error);
    }

    [Fact]
    public void Statements_AnOpenBracket_TakesTheNextLines()
    {
        var statements = CellRunner.Statements("W = [[1, 2],\n     [3, 4]]\nf(1,\n  2)\nx = 1", "<cell 1>");
        Assert.Equal(["W = [[1, 2],      [3, 4]]", "f(1,   2)", "x = 1"], statements.Select(s => s.Text));
        Assert.Equal([1, 3, 5], statements.Select(s => s.Number));
    }

    [Fact]
    public void Statements_ABlankOrCommandLine_EndsAnOpenStatement()
    {
        var statements = CellRunner.Statements("y = (1 +\n\n:vars\nz = (2 +\n:grad 1", "<cell 1>");
        Assert.Equal(["y = (1 +", "", ":vars", "z = (2 +", ":grad 1"], statements.Select(s => s.Text));
    }

    [Fact]
    public void PictureFlag_IsBlanked_SoColumnsStay()
    {
        var line = CellRunner.WithoutPictureFlag(new Lang.Text.SourceLine("<cell 1>", 1, ":grad --picture (1*2)"), out bool picture);
        Assert.True(picture);
        Assert.Equal(":grad           (1*2)", line.Text);
        CellRunner.WithoutPictureFlag(new Lang.Text.SourceLine("<cell 1>", 1, ":grad --pictures 1"), out bool not);
        Assert.False(not);
    }

    [Fact]
    public void Complete_CountsCodePoints_NotUtf16()
    {
        // "𝑥" is two UTF-16 units and one code point: the cursor after "𝑥 + si" is at code point 6.
        var completions = CodeIntrospection.Complete(new Session(), "𝑥 + si", 6);
        Assert.Equal(4, completions.CursorStart);
        Assert.Equal(6, completions.CursorEnd);
        Assert.Contains("sin", completions.Matches);
    }

    [Theory]
    [InlineData("relu", "relu: ReluLayer, 1 input")]
    [InlineData("sum", "sum: a built-in function")]
    [InlineData("pi", "pi = 3.14159265359  (a constant)")]
    public void Inspect_Names(string code, string help) =>
        Assert.StartsWith(help, CodeIntrospection.Inspect(new Session(), code, 1, Output.NumberFormat.Default));

    /// <summary>The outputs a cell sent, in order, as (kind, MIME types or stream name, text/plain or text).</summary>
    private sealed class RecordedOutput : ICellOutput
    {
        public List<(string Kind, string What, string Text)> Sent { get; } = [];

        public void Stream(string name, string text) => Sent.Add(("stream", name, text));
        public void Display(JsonObject data, string? displayId = null) => Sent.Add(("display", Types(data), (string)data["text/plain"]!));
        public void UpdateDisplay(JsonObject data, string displayId) => Sent.Add(("update", Types(data), (string)data["text/plain"]!));
        public void Result(JsonObject data) => Sent.Add(("result", Types(data), (string)data["text/plain"]!));

        private static string Types(JsonObject data) => string.Join(",", data.Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    private static (RecordedOutput Output, LineStatus Status, (string Value, IReadOnlyList<string> Traceback)? Error) RunCell(string code)
    {
        var session = new Session();
        var reporter = new NotebookReporter(session);
        var interpreter = new Interpreter(session, reporter, new WritePolicy(trustTopLevel: false));
        var output = new RecordedOutput();
        reporter.Output = output;
        reporter.BeginCell();
        var status = new CellRunner(interpreter, reporter).Run(code, "<cell 1>", ask: null);
        if (status == LineStatus.Ok) reporter.EndCell();
        return (output, status, reporter.TakeError());
    }

    [Fact]
    public void Cell_TheLastValue_IsTheResult_EarlierOnesAreShown()
    {
        var (output, status, error) = RunCell("a = 2\na * 3\na * 4");
        Assert.Equal(LineStatus.Ok, status);
        Assert.Null(error);
        Assert.Equal([("stream", "stdout", "a = 2\n"), ("display", "text/plain", "6"), ("result", "text/plain", "8")], output.Sent);
    }

    [Fact]
    public void Cell_AWarningOnTheValuesLine_LeavesItTheResult()
    {
        var (output, _, _) = RunCell("x = 1\ngrad(3, x)");
        Assert.Equal(["stream stdout", "stream stderr", "result text/plain"], output.Sent.Select(s => $"{s.Kind} {s.What}"));
        Assert.Contains("warning:", output.Sent[1].Text);
    }

    [Fact]
    public void Cell_AnError_StopsIt_AndIsKeptForTheReply()
    {
        var (output, status, error) = RunCell("a = 1\nb = a +* 2\nc = 3");
        Assert.Equal(LineStatus.Error, status);
        Assert.Equal([("stream", "stdout", "a = 1\n")], output.Sent);
        Assert.Equal(["<cell 1>:2:8: error: unexpected '*': expected a number, a name or '('", "  b = a +* 2", "         ^"], error!.Value.Traceback);
    }

    [Fact]
    public void Cell_Quiz_WithoutStdin_SaysHowToAnswer()
    {
        var (output, status, _) = RunCell(":quiz 2*3");
        Assert.Equal(LineStatus.Ok, status);
        Assert.Contains(output.Sent, s => s.Kind == "stream" && s.Text.Contains("allow_stdin is off"));
    }

    [Fact]
    public void Cell_DotAndGraph_AreSvg_DrawnByTheLibrary()
    {
        var (output, _, _) = RunCell(":dot 2*3\n:graph 2*3");
        Assert.Equal(["image/svg+xml,text/plain", "image/svg+xml,text/plain"], output.Sent.Select(s => s.What));
        Assert.StartsWith("digraph backprop {", output.Sent[0].Text);
    }

    [Fact]
    public void GraphSvg_Seed_IsTheArticlesPicture()
    {
        var graph = new Session().Gradient("(1*2)*(10+20)").Graph;
        var svg = XDocument.Parse(GraphSvg.Write(graph, n => Lang.Text.NumberText.Format(n))!);
        var texts = svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value).ToList();
        // Each edge's forward value and gradient: 1 and 60, 2 and 30, 10 and 2, 20 and 2, 2 and 30, 30 and 2, 60 and 1.
        Assert.Equal(["1", "60", "2", "30", "10", "2", "20", "2", "2", "30", "30", "2", "60", "1"],
            svg.Descendants().Where(e => e.Name.LocalName == "text" && (string?)e.Attribute("font-size") == "13" && e.Parent?.Name.LocalName != "g")
                .Select(e => e.Value));
        Assert.Contains("L", texts);
        Assert.Equal(3, svg.Descendants().Count(e => e.Name.LocalName == "circle"));
        Assert.Equal(GraphSvg.Write(graph, n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            GraphSvg.Write(graph, n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void GraphSvg_ANodeUsedTwice_ShowsTheSumOfWhatItReceived()
    {
        var session = new Session();
        session.Execute(Lang.Syntax.SyntaxParser.ParseLine("x = 3"));
        var svg = GraphSvg.Write(session.Gradient("x*x").Graph, n => Lang.Text.NumberText.Format(n))!;
        Assert.Contains("Σ 3 + 3 = 6", svg);
    }

    [Fact]
    public void GraphSvg_TooLarge_IsNull()
    {
        string chain = string.Join("+", Enumerable.Repeat("1", GraphSvg.MaxDrawn));
        Assert.Null(GraphSvg.Write(new Session().Gradient(chain).Graph, n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void LineChartSvg_SkipsWhatIsNotFinite()
    {
        var svg = XDocument.Parse(LineChartSvg.Write([3, double.NaN, 2, 1], "epoch", "loss"));
        var line = svg.Descendants().Single(e => e.Name.LocalName == "path" && (string?)e.Attribute("stroke-width") == "2");
        Assert.Equal(2, ((string)line.Attribute("d")!).Split('M', StringSplitOptions.RemoveEmptyEntries).Length); // the line breaks at the NaN
        XDocument.Parse(LineChartSvg.Write([5], "step", "L", first: 0));
        XDocument.Parse(LineChartSvg.Write([], "step", "L"));
    }

    [Fact]
    public void Heatmap_SignAndSize()
    {
        Assert.Equal("#c0392b", Heatmap.Background(4, 4));
        Assert.Equal("#2166ac", Heatmap.Background(-4, 4));
        Assert.Equal("#ffffff", Heatmap.Background(0, 4));
        Assert.Equal("#e0e0e0", Heatmap.Background(double.NaN, 4));
        Assert.Equal("#fff", Heatmap.Ink(4, 4));
        Assert.Equal("#222", Heatmap.Ink(1, 4));
    }

    [Fact]
    public void KernelJson_RunsThisExecutable_WithMessageInterrupts()
    {
        var json = KernelSpec.KernelJson(KernelSpec.Command(["/tmp/out"]));
        var argv = json["argv"]!.AsArray().Select(a => (string)a!).ToList();
        Assert.Equal(["jupyter", "kernel", "-f", "{connection_file}", "--allow-write", "/tmp/out"], argv.TakeLast(6));
        Assert.Equal("backprop", (string)json["display_name"]!);
        Assert.Equal("backprop", (string)json["language"]!);
        Assert.Equal("message", (string)json["interrupt_mode"]!);
    }
}
