using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Backprop.Repl.Jupyter;

/// <summary>
/// What the front end tells the kernel when it starts it (<c>kernel -f FILE</c>): where each of the five sockets binds
/// and the key that signs every message. The kernel binds only there; it never picks an address of its own.
/// </summary>
internal sealed record ConnectionFile(string Transport, string Ip, int ShellPort, int IopubPort, int StdinPort, int ControlPort,
    int HeartbeatPort, string Key, string SignatureScheme)
{
    /// <summary>The one scheme Jupyter uses, and the only one accepted.</summary>
    public const string HmacSha256 = "hmac-sha256";

    /// <summary>The endpoint a socket binds: <c>tcp://127.0.0.1:PORT</c>.</summary>
    public string Endpoint(int port) => string.Create(CultureInfo.InvariantCulture, $"{Transport}://{Ip}:{port}");

    /// <summary>Reads the file; null with the reason when it cannot be used.</summary>
    public static ConnectionFile? Read(string path, out string? error)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error = KernelMessages.ConnectionFileUnreadable(path, e.Message);
            return null;
        }
        return Parse(text, path, out error);
    }

    public static ConnectionFile? Parse(string text, string path, out string? error)
    {
        error = null;
        JsonObject? json;
        try
        {
            json = JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException e)
        {
            error = KernelMessages.ConnectionFileNotJson(path, e.Message);
            return null;
        }
        if (json is null)
        {
            error = KernelMessages.ConnectionFileNotJson(path, "not an object");
            return null;
        }
        string transport = Text(json, "transport") ?? "tcp";
        string? ip = Text(json, "ip");
        string key = Text(json, "key") ?? "";
        string scheme = Text(json, "signature_scheme") ?? HmacSha256;
        var ports = new int[5];
        string[] names = ["shell_port", "iopub_port", "stdin_port", "control_port", "hb_port"];
        for (int i = 0; i < names.Length; i++)
        {
            if (Port(json, names[i]) is not { } port)
            {
                error = KernelMessages.ConnectionFileField(path, names[i]);
                return null;
            }
            ports[i] = port;
        }
        if (ip is null or "")
        {
            error = KernelMessages.ConnectionFileField(path, "ip");
            return null;
        }
        // NetMQ speaks ZeroMQ's tcp; its ipc is not libzmq's (Unix sockets), so a front end asking for ipc could never connect.
        if (transport != "tcp")
        {
            error = KernelMessages.UnsupportedTransport(transport);
            return null;
        }
        if (!string.Equals(scheme, HmacSha256, StringComparison.OrdinalIgnoreCase))
        {
            error = KernelMessages.UnsupportedSignatureScheme(scheme);
            return null;
        }
        return new ConnectionFile(transport, ip, ports[0], ports[1], ports[2], ports[3], ports[4], key, scheme);
    }

    private static string? Text(JsonObject json, string name) =>
        json[name] is JsonValue value && value.TryGetValue(out string? text) ? text : null;

    private static int? Port(JsonObject json, string name) =>
        json[name] is JsonValue value && value.TryGetValue(out int port) && port is > 0 and <= 65535 ? port : null;
}
