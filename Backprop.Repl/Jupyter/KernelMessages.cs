using Backprop.Lang.Diagnostics;

namespace Backprop.Repl.Jupyter;

/// <summary>Every sentence the Jupyter kernel says: to the notebook, to the log, and from <c>backprop jupyter install</c>.</summary>
internal static class KernelMessages
{
    public const string DisplayName = "backprop";

    public const string Banner = "backprop {0}: expressions in, gradients out. Type :help for commands.";

    public static string ConnectionFileUnreadable(string path, string reason) => $"cannot read the connection file '{Printable.Path(path)}': {Printable.Path(reason)}";

    public static string ConnectionFileNotJson(string path, string reason) => $"the connection file '{Printable.Path(path)}' is not a JSON object: {Printable.Show(reason)}";

    public static string ConnectionFileField(string path, string field) => $"the connection file '{Printable.Path(path)}' has no usable '{field}'";

    public static string UnsupportedTransport(string transport) =>
        $"transport '{Printable.Show(transport)}' is not supported: the kernel speaks ZeroMQ over tcp only (start the front end with transport tcp)";

    public static string UnsupportedSignatureScheme(string scheme) =>
        $"signature scheme '{Printable.Show(scheme)}' is not supported: the kernel signs and checks messages with hmac-sha256 only";

    public static string CannotBind(string endpoint, string reason) => $"cannot listen on {endpoint}: {Printable.Show(reason)}";

    public const string NoKey = "the connection file has an empty key: messages are not signed, so anyone who can reach these ports can run code";

    public static string Listening(string ip, int shell) => $"listening on {ip} (shell port {shell}), pid {Environment.ProcessId}";

    // ---- what the log says about a message it drops ----

    public static string Dropped(string channel, string problem) => $"dropped a message on {channel}: {problem}";

    public static string NoDelimiter(int frames) => $"no <IDS|MSG> delimiter among its {frames} frames";

    public static string TooFewFrames(int frames) => $"{frames} frames after the delimiter, where a message has at least 5";

    public const string Unsigned = "it is not signed (the connection file's key signs every message)";

    public const string BadSignature = "its signature is wrong (not signed with the connection file's key)";

    public static string PartNotJson(string part, string reason) => $"its {part} is not JSON: {Printable.Show(reason)}";

    public static string PartNotObject(string part) => $"its {part} is not a JSON object";

    public const string HeaderIncomplete = "its header has no msg_type or msg_id string";

    public static string UnknownType(string channel, string type) => $"ignored a '{Printable.Show(type)}' on {channel}: the kernel does not handle that message type";

    public static string HandlerFailed(string type, string error) => $"a bug while handling '{Printable.Show(type)}': {Printable.Show(error)}";

    public static string BadContent(string type, string field) => $"'{Printable.Show(type)}' without a usable '{field}'";

    public const string ParentGone = "the process that started the kernel has gone: shutting down";

    public const string ShuttingDown = "shutting down";

    public const string Interrupted = "interrupt: the running cell is cancelled";

    // ---- in the notebook ----

    /// <summary>The <c>ename</c> of a cell that failed with a diagnostic, and of one that was interrupted.</summary>
    public const string ErrorName = "Error", InterruptName = "Interrupted", BugName = "InternalError";

    public static string Bug(string message) => $"the kernel hit a bug running this cell (the session is kept): {Printable.Show(message)}";

    public const string AnswerPrompt = "dL/d(node) = ";

    public const string NoStdin =
        ":quiz asks its questions one at a time, and this front end does not take input from a cell (allow_stdin is off): " +
        "write the answers on the lines after :quiz in the same cell, one per question";

    public static string RowsOmitted(int count) => $"… and {count:N0} more rows";

    public static string Progress(string title, long done, long total, string doing) =>
        total > 0 ? $"{title}: {100.0 * Math.Min(done, total) / total:0}% {doing}".TrimEnd() : $"{title} {doing}".TrimEnd();

    public static string GraphPicture(int nodes) => $"the graph of {nodes:N0} nodes as a picture (image/svg+xml)";

    public static string GraphTooLarge(int nodes, int max) => $"the graph has {nodes:N0} nodes; pictures are drawn up to {max:N0}";

    public static string CommandHelp(string usage, string summary, string help) => $"{usage}\n  {summary}\n\n{help}";

    public static string LayerHelp(string name, string layer, int arity, string rule) =>
        $"{name}: {layer}, {arity} input{(arity == 1 ? "" : "s")}\n  local rule: {rule}";

    public static string BuiltinHelp(string name) => $"{name}: a built-in function (see :help for the list and how each is called)";

    public static string UserFunctionHelp(string definition, int line) => $"{definition}\n  your function, defined on line {line}";

    public static string VariableHelp(string name, string value, string kind) => $"{name} = {value}  ({kind})";

    public const string ConstantHelp = "a constant";

    // ---- backprop jupyter install / uninstall ----

    public static string Installed(string folder) => $"installed the backprop kernel in {Printable.Path(folder)}";

    public static string Uninstalled(string folder) => $"removed the backprop kernel from {Printable.Path(folder)}";

    public static string NotInstalled(string folder) => $"no backprop kernel in {Printable.Path(folder)}";

    public static string CannotInstall(string folder, string reason) => $"cannot write the kernel to {Printable.Path(folder)}: {Printable.Path(reason)}";

    public const string UserOrPrefix = "give --user or --prefix DIR, not both";
}
