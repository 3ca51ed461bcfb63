using System.Text.Json.Nodes;
using NetMQ;
using NetMQ.Sockets;

namespace Backprop.Repl.Jupyter;

/// <summary>The kernel's five ZeroMQ sockets, bound where the connection file says and nowhere else.</summary>
internal enum Channel { Shell, Control, Stdin, Iopub, Heartbeat }

/// <summary>
/// The sockets and how messages go in and out of them, signed. Each socket is used by one thread only (shell and stdin
/// by the thread that runs cells, control by its own, heartbeat by its own), except iopub, which every thread
/// publishes on under a lock.
/// </summary>
internal sealed class KernelChannels : IDisposable
{
    private readonly RouterSocket _shell = new(), _control = new(), _stdin = new(), _heartbeat = new();
    private readonly PublisherSocket _iopub = new();
    private readonly Lock _iopubLock = new();
    private readonly MessageSigner _signer;
    private readonly KernelLog _log;

    /// <summary>This kernel's session id, in the header of every message it sends.</summary>
    public string Session { get; } = Guid.NewGuid().ToString();

    public KernelChannels(ConnectionFile connection, KernelLog log)
    {
        _signer = new MessageSigner(connection.Key);
        _log = log;
        foreach (var socket in new NetMQSocket[] { _shell, _control, _stdin, _heartbeat, _iopub })
        {
            // Closing must not wait for peers that have gone: the kernel exits when asked to.
            socket.Options.Linger = TimeSpan.Zero;
        }
        Bind(_shell, connection.Endpoint(connection.ShellPort));
        Bind(_control, connection.Endpoint(connection.ControlPort));
        Bind(_stdin, connection.Endpoint(connection.StdinPort));
        Bind(_iopub, connection.Endpoint(connection.IopubPort));
        Bind(_heartbeat, connection.Endpoint(connection.HeartbeatPort));
    }

    private static void Bind(NetMQSocket socket, string endpoint)
    {
        try
        {
            socket.Bind(endpoint);
        }
        catch (Exception e) when (e is NetMQException or System.Net.Sockets.SocketException or ArgumentException)
        {
            throw new KernelStartFailed(KernelMessages.CannotBind(endpoint, e.Message), e);
        }
    }

    private RouterSocket Router(Channel channel) => channel switch
    {
        Channel.Shell => _shell,
        Channel.Control => _control,
        Channel.Stdin => _stdin,
        Channel.Heartbeat => _heartbeat,
        _ => throw new ArgumentOutOfRangeException(nameof(channel)),
    };

    /// <summary>
    /// The next well-formed, correctly signed message on <paramref name="channel"/>, or null when none came within
    /// <paramref name="wait"/>. Anything else that arrives is logged and dropped here, so callers see only messages.
    /// </summary>
    public KernelMessage? Receive(Channel channel, TimeSpan wait)
    {
        var socket = Router(channel);
        NetMQMessage? frames = null;
        if (!socket.TryReceiveMultipartMessage(wait, ref frames) || frames is null)
        {
            return null;
        }
        var message = KernelMessage.Read(frames.Select(f => f.ToByteArray()).ToArray(), _signer, out string? problem);
        if (message is null)
        {
            _log.Write(KernelMessages.Dropped(Name(channel), problem!));
        }
        return message;
    }

    /// <summary>A reply on the channel the request came in on, routed back to its sender.</summary>
    public void Reply(Channel channel, KernelMessage request, string type, JsonObject content) =>
        Send(Router(channel), KernelMessage.Create(type, content, request, Session));

    /// <summary>A message on iopub for every front end; <paramref name="parent"/> says which request it belongs to.</summary>
    public void Publish(string type, JsonObject content, KernelMessage? parent)
    {
        // The topic is free-form; front ends subscribe to everything.
        var message = KernelMessage.Create(type, content, parent, Session, identities: [System.Text.Encoding.ASCII.GetBytes("kernel." + type)]);
        lock (_iopubLock)
        {
            Send(_iopub, message);
        }
    }

    public void Status(string state, KernelMessage? parent) => Publish("status", new JsonObject { ["execution_state"] = state }, parent);

    /// <summary>
    /// Asks the front end that sent <paramref name="request"/> for a line of input (<c>input_request</c> on stdin) and
    /// waits for its <c>input_reply</c>; null when the wait is cancelled (an interrupt) or the kernel stops.
    /// </summary>
    public string? AskInput(KernelMessage request, string prompt, CancellationToken cancellation)
    {
        Send(_stdin, KernelMessage.Create("input_request", new JsonObject { ["prompt"] = prompt, ["password"] = false }, request, Session));
        while (!cancellation.IsCancellationRequested)
        {
            var reply = Receive(Channel.Stdin, TimeSpan.FromMilliseconds(100));
            if (reply is null) continue;
            if (reply.Type != "input_reply")
            {
                _log.Write(KernelMessages.UnknownType(Name(Channel.Stdin), reply.Type));
                continue;
            }
            return reply.Content["value"] is JsonValue value && value.TryGetValue(out string? text) ? text : "";
        }
        return null;
    }

    /// <summary>Answers heartbeat pings for as long as <paramref name="running"/> says: each ping is sent straight back.</summary>
    public void EchoHeartbeats(Func<bool> running)
    {
        while (running())
        {
            NetMQMessage? ping = null;
            if (_heartbeat.TryReceiveMultipartMessage(TimeSpan.FromMilliseconds(200), ref ping) && ping is not null)
            {
                _heartbeat.TrySendMultipartMessage(ping);
            }
        }
    }

    private void Send(NetMQSocket socket, KernelMessage message)
    {
        var frames = message.ToFrames(_signer);
        var wire = new NetMQMessage(frames.Count);
        foreach (var frame in frames) wire.Append(frame);
        // A front end that has gone away must not block the kernel: a send that cannot go now is dropped.
        if (!socket.TrySendMultipartMessage(TimeSpan.FromSeconds(1), wire))
        {
            _log.Write(KernelMessages.Dropped("send", message.Type));
        }
    }

    public static string Name(Channel channel) => channel.ToString().ToLowerInvariant();

    public void Dispose()
    {
        _shell.Dispose();
        _control.Dispose();
        _stdin.Dispose();
        _heartbeat.Dispose();
        _iopub.Dispose();
    }
}

/// <summary>The kernel could not start (a port already taken): said once, and the process ends with an error.</summary>
internal sealed class KernelStartFailed(string message, Exception inner) : Exception(message, inner);
