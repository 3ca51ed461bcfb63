using System.Net;
using System.Net.Sockets;

namespace Backprop.Web.Tests.Browser;

/// <summary>
/// The published site served on a loopback port, as a static host serves it: each file's brotli (or gzip) copy
/// when the browser accepts it, so the bytes counted are what a learner downloads.
/// </summary>
public sealed class StaticSite : IDisposable
{
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript",
        [".mjs"] = "text/javascript",
        [".css"] = "text/css",
        [".json"] = "application/json",
        [".wasm"] = "application/wasm",
        [".dll"] = "application/octet-stream",
        [".dat"] = "application/octet-stream",
        [".png"] = "image/png",
        [".svg"] = "image/svg+xml",
    };

    private readonly HttpListener _listener = new();
    private readonly string _root;
    private readonly Task _serving;
    private long _bytesSent;
    private int _requests;

    public StaticSite(string root)
    {
        _root = Path.GetFullPath(root);
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _serving = Task.Run(Serve);
    }

    public int Port { get; }
    public string Address => $"http://127.0.0.1:{Port}/";

    /// <summary>Bytes of response bodies sent since the last <see cref="ResetCounters"/>, and how many requests.</summary>
    public (long Bytes, int Requests) Sent => (Interlocked.Read(ref _bytesSent), Volatile.Read(ref _requests));

    public void ResetCounters()
    {
        Interlocked.Exchange(ref _bytesSent, 0);
        Interlocked.Exchange(ref _requests, 0);
    }

    private async Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => Respond(context));
        }
    }

    private async Task Respond(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            string relative = Uri.UnescapeDataString(context.Request.Url!.AbsolutePath).TrimStart('/');
            if (relative.Length == 0) relative = "index.html";
            string path = Path.GetFullPath(Path.Combine(_root, relative));
            if (!path.StartsWith(_root, StringComparison.Ordinal) || !File.Exists(path))
            {
                response.StatusCode = 404;
                return;
            }
            string accepted = context.Request.Headers["Accept-Encoding"] ?? "";
            string served = path;
            if (accepted.Contains("br") && File.Exists(path + ".br"))
            {
                served = path + ".br";
                response.AddHeader("Content-Encoding", "br");
            }
            else if (accepted.Contains("gzip") && File.Exists(path + ".gz"))
            {
                served = path + ".gz";
                response.AddHeader("Content-Encoding", "gzip");
            }
            response.ContentType = ContentTypes.GetValueOrDefault(Path.GetExtension(path), "application/octet-stream");
            response.AddHeader("Cache-Control", "no-store");
            byte[] body = await File.ReadAllBytesAsync(served);
            response.ContentLength64 = body.Length;
            await response.OutputStream.WriteAsync(body);
            Interlocked.Add(ref _bytesSent, body.Length);
            Interlocked.Increment(ref _requests);
        }
        catch (Exception e) when (e is IOException or HttpListenerException)
        {
            // The browser went away mid-response: nothing to do.
        }
        finally
        {
            try { response.Close(); } catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { }
        }
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try { _serving.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
    }
}
