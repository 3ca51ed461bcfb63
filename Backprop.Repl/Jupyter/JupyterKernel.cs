using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Backprop.Lang.Evaluation;
using Backprop.Lang.Syntax;
using Backprop.Lang.Text;
using Backprop.Repl.Running;
using NetMQ;

namespace Backprop.Repl.Jupyter;

/// <summary>
/// <c>backprop jupyter kernel -f FILE</c>: backprop's language as a Jupyter kernel (messaging protocol 5.3). One
/// session per kernel, so variables and functions carry from cell to cell. Cells run on the main thread, one at a
/// time, in the order they arrive on shell; control (interrupt, shutdown) and the heartbeat have threads of their own,
/// so an interrupt reaches a cell that is still running. An interrupt, by message or by SIGINT, cancels the running
/// cell as Ctrl+C does at the REPL, and the session keeps every variable it had.
/// </summary>
internal sealed class JupyterKernel : IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    private readonly KernelChannels _channels;
    private readonly KernelLog _log;
    private readonly Session _session = new();
    private readonly NotebookReporter _reporter;
    private readonly Interpreter _interpreter;
    private readonly CellRunner _cells;
    private readonly List<(int Count, string Code)> _history = [];
    private int _executionCount;
    private volatile CancellationTokenSource? _running;
    private volatile bool _stopping;

    public JupyterKernel(ConnectionFile connection, IReadOnlyList<string> allowWrite, KernelLog log)
    {
        _log = log;
        _channels = new KernelChannels(connection, log);
        _reporter = new NotebookReporter(_session);
        // Cells may write files as a piped script may: inside the folder the kernel runs in (the notebook's), and the
        // folders given with --allow-write.
        _interpreter = new Interpreter(_session, _reporter, new WritePolicy(trustTopLevel: false, allowWrite));
        _cells = new CellRunner(_interpreter, _reporter);
        if (connection.Key.Length == 0) log.Write(KernelMessages.NoKey);
        log.Write(KernelMessages.Listening(connection.Ip, connection.ShellPort));
    }

    /// <summary>Reads the connection file, runs the kernel until it is shut down, and returns the exit code.</summary>
    public static int Run(string connectionPath, IReadOnlyList<string> allowWrite, TextWriter errors)
    {
        var log = new KernelLog(errors);
        if (ConnectionFile.Read(connectionPath, out string? problem) is not { } connection)
        {
            errors.WriteLine($"backprop: {problem}");
            return Cli.BackpropCli.InputError;
        }
        try
        {
            using var kernel = new JupyterKernel(connection, allowWrite, log);
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
            {
                context.Cancel = true; // the kernel goes on; only the cell stops
                kernel.Interrupt();
            });
            kernel.Serve();
            return Cli.BackpropCli.Success;
        }
        catch (KernelStartFailed failure)
        {
            errors.WriteLine($"backprop: {failure.Message}");
            return Cli.BackpropCli.InputError;
        }
        finally
        {
            // After every socket is closed (the other order ends the process from NetMQ's reaper thread).
            NetMQConfig.Cleanup(block: false);
        }
    }

    /// <summary>Serves requests until a shutdown_request or the front end's process goes away.</summary>
    public void Serve()
    {
        var heartbeat = new Thread(() => _channels.EchoHeartbeats(() => !_stopping)) { IsBackground = true, Name = "heartbeat" };
        var control = new Thread(ServeControl) { IsBackground = true, Name = "control" };
        heartbeat.Start();
        control.Start();
        // Published once at start, as ipykernel does: a front end that is already listening sees the kernel come up.
        _channels.Status("starting", null);
        while (!_stopping)
        {
            if (_channels.Receive(Channel.Shell, Poll) is { } request)
            {
                Handle(Channel.Shell, request);
            }
        }
        control.Join(TimeSpan.FromSeconds(1));
        heartbeat.Join(TimeSpan.FromSeconds(1));
    }

    private void ServeControl()
    {
        var parent = ParentProcess();
        var lastCheck = Stopwatch.StartNew();
        while (!_stopping)
        {
            if (_channels.Receive(Channel.Control, Poll) is { } request)
            {
                Handle(Channel.Control, request);
            }
            if (parent is not null && lastCheck.Elapsed > TimeSpan.FromSeconds(1))
            {
                lastCheck.Restart();
                if (!IsRunning(parent.Value))
                {
                    _log.Write(KernelMessages.ParentGone);
                    Stop();
                }
            }
        }
    }

    /// <summary>The front end's process, which Jupyter names in JPY_PARENT_PID: the kernel ends when it does (no orphans).</summary>
    private static int? ParentProcess() =>
        int.TryParse(Environment.GetEnvironmentVariable("JPY_PARENT_PID"), out int pid) && pid > 1 ? pid : null;

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    /// <summary>Cancels the running cell, if any: by interrupt_request or SIGINT.</summary>
    public void Interrupt()
    {
        if (_running is { } running)
        {
            _log.Write(KernelMessages.Interrupted);
            running.Cancel();
        }
    }

    private void Stop()
    {
        _stopping = true;
        _running?.Cancel();
    }

    /// <summary>One request: busy, the handler, idle. A bug in a handler is logged and the kernel goes on.</summary>
    private void Handle(Channel channel, KernelMessage request)
    {
        _channels.Status("busy", request);
        try
        {
            Dispatch(channel, request);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _log.Write(KernelMessages.HandlerFailed(request.Type, e.ToString()));
        }
        finally
        {
            _channels.Status("idle", request);
        }
    }

    private void Dispatch(Channel channel, KernelMessage request)
    {
        switch (request.Type)
        {
            case "kernel_info_request":
                _channels.Reply(channel, request, "kernel_info_reply", KernelInfo());
                break;
            case "execute_request" when channel == Channel.Shell:
                Execute(request);
                break;
            case "complete_request":
                Complete(channel, request);
                break;
            case "inspect_request":
                Inspect(channel, request);
                break;
            case "is_complete_request":
                IsComplete(channel, request);
                break;
            case "history_request":
                History(channel, request);
                break;
            case "comm_info_request":
                _channels.Reply(channel, request, "comm_info_reply", new JsonObject { ["status"] = "ok", ["comms"] = new JsonObject() });
                break;
            case "interrupt_request":
                Interrupt();
                _channels.Reply(channel, request, "interrupt_reply", new JsonObject { ["status"] = "ok" });
                break;
            case "shutdown_request":
                // Restart is the front end's: it starts a new kernel process once this one has gone.
                bool restart = request.Content["restart"] is JsonValue r && r.TryGetValue(out bool yes) && yes;
                var reply = new JsonObject { ["status"] = "ok", ["restart"] = restart };
                _channels.Reply(channel, request, "shutdown_reply", reply);
                _channels.Publish("shutdown_reply", reply.DeepClone().AsObject(), request);
                _log.Write(KernelMessages.ShuttingDown);
                Stop();
                break;
            default:
                _log.Write(KernelMessages.UnknownType(KernelChannels.Name(channel), request.Type));
                break;
        }
    }

    private static string Version =>
        typeof(JupyterKernel).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0";

    private static JsonObject KernelInfo() => new()
    {
        ["status"] = "ok",
        ["protocol_version"] = KernelMessage.ProtocolVersion,
        ["implementation"] = "backprop",
        ["implementation_version"] = Version,
        ["language_info"] = new JsonObject
        {
            ["name"] = KernelSpec.Language,
            ["version"] = Version,
            ["mimetype"] = "text/x-backprop",
            ["file_extension"] = ".bp",
        },
        ["banner"] = string.Format(System.Globalization.CultureInfo.InvariantCulture, KernelMessages.Banner, Version),
        ["debugger"] = false,
        ["help_links"] = new JsonArray(),
    };

    // ---- execute ----

    private void Execute(KernelMessage request)
    {
        var content = request.Content;
        if (!TryText(content, "code", out string code))
        {
            string problem = KernelMessages.BadContent(request.Type, "code");
            _log.Write(problem);
            _channels.Reply(Channel.Shell, request, "execute_reply", new JsonObject
            {
                ["status"] = "error",
                ["execution_count"] = _executionCount,
                ["ename"] = KernelMessages.ErrorName,
                ["evalue"] = problem,
                ["traceback"] = new JsonArray(problem),
            });
            return;
        }
        bool silent = Flag(content, "silent", false);
        bool storeHistory = Flag(content, "store_history", !silent);
        bool allowStdin = Flag(content, "allow_stdin", true);
        bool stopOnError = Flag(content, "stop_on_error", true);
        if (storeHistory)
        {
            _executionCount++;
            _history.Add((_executionCount, code));
        }
        int count = _executionCount;
        if (!silent)
        {
            _channels.Publish("execute_input", new JsonObject { ["code"] = code, ["execution_count"] = count }, request);
        }

        var running = new CancellationTokenSource();
        _running = running;
        _interpreter.Cancellation = running.Token;
        _reporter.Output = silent ? NoCellOutput.Instance : new CellOutput(_channels, request, count);
        _reporter.BeginCell();
        LineStatus status;
        (string Value, IReadOnlyList<string> Traceback)? error;
        string errorName = KernelMessages.ErrorName;
        try
        {
            Func<string, string?>? ask = allowStdin ? prompt => _channels.AskInput(request, prompt, running.Token) : null;
            status = _cells.Run(code, $"<cell {count}>", ask);
            if (status is LineStatus.Ok or LineStatus.Quit) _reporter.EndCell();
            error = _reporter.TakeError();
            if (status == LineStatus.Cancelled) errorName = KernelMessages.InterruptName;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Our bug, not the user's: said in the cell, logged in full, and the session goes on.
            _log.Write(KernelMessages.HandlerFailed(request.Type, e.ToString()));
            status = LineStatus.Error;
            error = (KernelMessages.Bug(e.Message), [KernelMessages.Bug(e.Message)]);
            errorName = KernelMessages.BugName;
        }
        finally
        {
            _running = null;
            _interpreter.Cancellation = default;
            _reporter.Output = NoCellOutput.Instance;
        }

        bool failed = status is LineStatus.Error or LineStatus.Cancelled;
        if (failed)
        {
            var (value, traceback) = error ?? (ReplMessages.Cancelled, [ReplMessages.Cancelled]);
            var fields = new JsonObject
            {
                ["ename"] = errorName,
                ["evalue"] = value,
                ["traceback"] = new JsonArray([.. traceback.Select(line => (JsonNode)JsonValue.Create(line))]),
            };
            if (!silent) _channels.Publish("error", fields.DeepClone().AsObject(), request);
            fields["status"] = "error";
            fields["execution_count"] = count;
            fields["user_expressions"] = new JsonObject();
            // What was queued behind the cell is taken before its reply goes: a request that arrives now was sent
            // without knowing of the error ("Run all"), one sent after the reply is not aborted.
            var queued = stopOnError ? QueuedBehind() : null;
            _channels.Reply(Channel.Shell, request, "execute_reply", fields);
            if (queued is not null) AbortQueued(queued);
            return;
        }
        _channels.Reply(Channel.Shell, request, "execute_reply", new JsonObject
        {
            ["status"] = "ok",
            ["execution_count"] = count,
            ["user_expressions"] = UserExpressions(content),
            ["payload"] = new JsonArray(),
        });
    }

    /// <summary>
    /// After a cell fails, the cells already queued behind it are not run ("Run all" stops at the error, as Jupyter
    /// expects with stop_on_error): each gets an <c>aborted</c> reply. Anything else queued is handled as usual.
    /// </summary>
    private void AbortQueued(List<KernelMessage> queued)
    {
        foreach (var message in queued)
        {
            if (message.Type != "execute_request")
            {
                Handle(Channel.Shell, message);
                continue;
            }
            _channels.Status("busy", message);
            _channels.Reply(Channel.Shell, message, "execute_reply", new JsonObject { ["status"] = "aborted", ["execution_count"] = _executionCount });
            _channels.Status("idle", message);
        }
    }

    // The shell's requests already sent behind a failed cell. "Run all" sends its cells at once, but they reach the
    // socket a moment apart, and a cell that fails at once (a parse error; the native binary is fast) would otherwise
    // find the next not yet there: a short wait for the first, none after.
    private List<KernelMessage> QueuedBehind()
    {
        var queued = new List<KernelMessage>();
        var wait = TimeSpan.FromMilliseconds(50);
        while (_channels.Receive(Channel.Shell, wait) is { } message)
        {
            queued.Add(message);
            wait = TimeSpan.Zero;
        }
        return queued;
    }

    /// <summary>Each user expression's value (<c>text/plain</c>), computed without changing the session.</summary>
    private JsonObject UserExpressions(JsonObject content)
    {
        var results = new JsonObject();
        if (content["user_expressions"] is not JsonObject expressions) return results;
        foreach (var (name, node) in expressions)
        {
            string text = node is JsonValue v && v.TryGetValue(out string? s) ? s : "";
            var source = new SourceLine("<user_expression>", 1, text);
            var (expr, diagnostics) = SyntaxParser.ParseExpression(source);
            var outcome = expr is null ? null : _session.Gradient(expr, source);
            if (outcome is { Succeeded: true })
            {
                string value = outcome.Graph.IsTensor(outcome.Output)
                    ? TensorText.Of(outcome.Graph.TensorValue(outcome.Output), _reporter.Numbers.Format)
                    : _reporter.Numbers.Format(outcome.Value);
                results[name] = new JsonObject { ["status"] = "ok", ["data"] = new JsonObject { ["text/plain"] = value }, ["metadata"] = new JsonObject() };
                continue;
            }
            var first = (outcome?.Diagnostics ?? diagnostics).FirstOrDefault(d => d.IsError);
            results[name] = new JsonObject
            {
                ["status"] = "error",
                ["ename"] = KernelMessages.ErrorName,
                ["evalue"] = first?.Message ?? "",
                ["traceback"] = new JsonArray([.. (first is null ? [] : first.ToString().Split('\n')).Select(l => (JsonNode)JsonValue.Create(l))]),
            };
        }
        return results;
    }

    // ---- what a front end asks while the user types ----

    private void Complete(Channel channel, KernelMessage request)
    {
        TryText(request.Content, "code", out string code);
        int cursor = Number(request.Content, "cursor_pos", code.Length);
        var found = CodeIntrospection.Complete(_session, code, cursor);
        _channels.Reply(channel, request, "complete_reply", new JsonObject
        {
            ["status"] = "ok",
            ["matches"] = new JsonArray([.. found.Matches.Select(m => (JsonNode)JsonValue.Create(m))]),
            ["cursor_start"] = found.CursorStart,
            ["cursor_end"] = found.CursorEnd,
            ["metadata"] = new JsonObject(),
        });
    }

    private void Inspect(Channel channel, KernelMessage request)
    {
        TryText(request.Content, "code", out string code);
        int cursor = Number(request.Content, "cursor_pos", code.Length);
        string? help = CodeIntrospection.Inspect(_session, code, cursor, _reporter.Numbers);
        _channels.Reply(channel, request, "inspect_reply", new JsonObject
        {
            ["status"] = "ok",
            ["found"] = help is not null,
            ["data"] = help is null ? new JsonObject() : new JsonObject { ["text/plain"] = help },
            ["metadata"] = new JsonObject(),
        });
    }

    private void IsComplete(Channel channel, KernelMessage request)
    {
        TryText(request.Content, "code", out string code);
        string status = CodeIntrospection.IsComplete(code);
        var reply = new JsonObject { ["status"] = status };
        if (status == "incomplete") reply["indent"] = CodeIntrospection.ContinuationIndent;
        _channels.Reply(channel, request, "is_complete_reply", reply);
    }

    /// <summary>The cells this kernel has run (inputs only; it keeps no outputs): the last n, a range, or those matching a pattern.</summary>
    private void History(Channel channel, KernelMessage request)
    {
        var content = request.Content;
        TryText(content, "hist_access_type", out string access);
        IEnumerable<(int Count, string Code)> cells = _history;
        switch (access)
        {
            case "tail":
                int n = Number(content, "n", 10);
                cells = _history.Skip(Math.Max(0, _history.Count - n));
                break;
            case "range":
                int start = Number(content, "start", 0), stop = Number(content, "stop", int.MaxValue);
                cells = _history.Where(c => c.Count >= start && c.Count < stop);
                break;
            case "search":
                TryText(content, "pattern", out string pattern);
                var glob = new System.Text.RegularExpressions.Regex(
                    "^" + System.Text.RegularExpressions.Regex.Escape(pattern).Replace(@"\*", ".*").Replace(@"\?", ".") + "$",
                    System.Text.RegularExpressions.RegexOptions.Singleline);
                cells = _history.Where(c => glob.IsMatch(c.Code));
                if (Number(content, "n", 0) is > 0 and var last) cells = cells.TakeLast(last);
                break;
        }
        _channels.Reply(channel, request, "history_reply", new JsonObject
        {
            ["status"] = "ok",
            ["history"] = new JsonArray([.. cells.Select(c => (JsonNode)new JsonArray(1, c.Count, c.Code))]),
        });
    }

    // ---- reading content a front end sent, which may be anything ----

    private static bool TryText(JsonObject content, string name, out string text)
    {
        if (content[name] is JsonValue value && value.TryGetValue(out string? s))
        {
            text = s;
            return true;
        }
        text = "";
        return false;
    }

    private static bool Flag(JsonObject content, string name, bool fallback) =>
        content[name] is JsonValue value && value.TryGetValue(out bool flag) ? flag : fallback;

    private static int Number(JsonObject content, string name, int fallback) =>
        content[name] is JsonValue value && value.TryGetValue(out int number) ? number : fallback;

    public void Dispose() => _channels.Dispose();

    /// <summary>A cell's outputs as iopub messages in answer to its request.</summary>
    private sealed class CellOutput(KernelChannels channels, KernelMessage request, int executionCount) : ICellOutput
    {
        public void Stream(string name, string text) =>
            channels.Publish("stream", new JsonObject { ["name"] = name, ["text"] = text }, request);

        public void Display(JsonObject data, string? displayId = null) =>
            channels.Publish("display_data", new JsonObject
            {
                ["data"] = data,
                ["metadata"] = new JsonObject(),
                ["transient"] = displayId is null ? new JsonObject() : new JsonObject { ["display_id"] = displayId },
            }, request);

        public void UpdateDisplay(JsonObject data, string displayId) =>
            channels.Publish("update_display_data", new JsonObject
            {
                ["data"] = data,
                ["metadata"] = new JsonObject(),
                ["transient"] = new JsonObject { ["display_id"] = displayId },
            }, request);

        public void Result(JsonObject data) =>
            channels.Publish("execute_result", new JsonObject
            {
                ["execution_count"] = executionCount,
                ["data"] = data,
                ["metadata"] = new JsonObject(),
            }, request);
    }
}
