using System.Text;
using Backprop.Repl.Output;
using Microsoft.Win32.SafeHandles;

namespace Backprop.Repl.Cli;

/// <summary>A write to stdout or stderr failed: the reader went away (a broken pipe) or the stream cannot take more.</summary>
internal sealed class OutputStreamFailed(string stream, bool brokenPipe, string reason, Exception inner)
    : IOException(reason, inner)
{
    /// <summary>"stdout" or "stderr".</summary>
    public string Stream { get; } = stream;

    /// <summary>The reader closed its end (<c>| head -1</c>): the process should end at once and quietly.</summary>
    public bool BrokenPipe { get; } = brokenPipe;

    public string Reason { get; } = reason;
}

/// <summary>
/// The process's stdin, stdout and stderr as this command uses them. .NET's console streams pretend a write to a
/// closed pipe succeeded (so <c>yes ':grad x*x' | backprop | head -1</c> would run for ever) and throw whatever
/// exception the failure maps to; a stream that is not a terminal is opened here instead as a plain file
/// descriptor whose failures become <see cref="OutputStreamFailed"/>. A stream closed when the process started
/// (<c>&lt;&amp;-</c>, <c>&gt;&amp;-</c>) may have had its descriptor reused by the runtime for its own pipe:
/// such a stdin is end of input, and such a stdout or stderr fails on the first write.
/// </summary>
internal static class StandardStreams
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static TextReader In() => ClosedAtStart(0) ? TextReader.Null : Console.In;

    public static bool IsInputRedirected => ClosedAtStart(0) || Console.IsInputRedirected;

    /// <summary>stdout as bytes (JSON is written there directly), or null when it is a terminal.</summary>
    public static Stream? OutBytes { get; } = Console.IsOutputRedirected || ClosedAtStart(1) ? Open(1, "stdout") : null;

    public static TextWriter Out { get; } = OutBytes is { } bytes ? Writer(bytes) : Console.Out;

    public static TextWriter Error { get; } = Console.IsErrorRedirected || ClosedAtStart(2) ? Writer(Open(2, "stderr")) : Console.Error;

    private static TextWriter Writer(Stream stream) =>
        TextWriter.Synchronized(new StreamWriter(stream, Utf8NoBom, 1 << 12) { AutoFlush = true });

    private static Stream Open(int descriptor, string name)
    {
        if (ClosedAtStart(descriptor))
        {
            return new FailingStream(name, new IOException("Bad file descriptor"));
        }
        try
        {
            var file = new FileStream(new SafeFileHandle(descriptor, ownsHandle: false), FileAccess.Write, bufferSize: 0);
            if (file.CanSeek)
            {
                // A regular file: FileStream would write at positions of its own (pwrite) and leave the descriptor's
                // offset behind, so whatever writes to the same file next (`{ a; backprop; b; } > log`) would write
                // over our output. The console stream writes at the offset; a file has no reader to go away.
                file.Dispose();
                return new CheckedStream(descriptor == 1 ? Console.OpenStandardOutput() : Console.OpenStandardError(), name);
            }
            return new CheckedStream(file, name);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return new FailingStream(name, e);
        }
    }

    /// <summary>
    /// Whether descriptor 0, 1 or 2 was closed when the process started and has since been taken by the runtime:
    /// a descriptor inherited across exec never has close-on-exec set, and the runtime opens all of its own with it.
    /// Linux only (/proc/self/fdinfo); elsewhere nothing is known and the answer is false.
    /// </summary>
    public static bool ClosedAtStart(int descriptor)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }
        try
        {
            string info = $"/proc/self/fdinfo/{descriptor}";
            if (!File.Exists(info))
            {
                return Directory.Exists("/proc/self/fdinfo"); // closed, and not reused
            }
            foreach (string line in File.ReadLines(info))
            {
                if (line.StartsWith("flags:", StringComparison.Ordinal))
                {
                    const int CloseOnExec = 0x80000; // O_CLOEXEC, 02000000 octal
                    int flags = Convert.ToInt32(line["flags:".Length..].Trim(), 8);
                    return (flags & CloseOnExec) != 0;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or OverflowException)
        {
        }
        return false;
    }

    /// <summary>The errno behind an IOException on Unix (.NET puts it in HResult), or 0.</summary>
    private static int Errno(Exception e) => e.HResult is > 0 and < 4096 ? e.HResult : 0;

    private const int BrokenPipeErrno = 32; // EPIPE

    internal static OutputStreamFailed Failure(string name, Exception e)
    {
        bool broken = Errno(e) == BrokenPipeErrno || (e.InnerException is { } inner && Errno(inner) == BrokenPipeErrno);
        string reason = e is UnauthorizedAccessException && e.InnerException is { } cause ? cause.Message : e.Message;
        return new OutputStreamFailed(name, broken, reason, e);
    }

    /// <summary>A write-only stream whose failures say which standard stream failed and how.</summary>
    private sealed class CheckedStream(Stream inner, string name) : WriteOnlyStream
    {
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            try
            {
                inner.Write(buffer);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
            {
                throw Failure(name, e);
            }
        }

        public override void Flush()
        {
            try
            {
                inner.Flush();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
            {
                throw Failure(name, e);
            }
        }

    }

    /// <summary>A standard stream that was closed before the process started: every write fails.</summary>
    private sealed class FailingStream(string name, Exception why) : WriteOnlyStream
    {
        public override void Write(ReadOnlySpan<byte> buffer) => throw Failure(name, why);
        public override void Flush() { }
    }

    /// <summary>Exit code when stdout or stderr fails: EX_IOERR from sysexits.h.</summary>
    public const int OutputFailed = 74;

    /// <summary>Exit code when the reader of stdout went away: what a shell reports for a process ended by SIGPIPE (128 + 13).</summary>
    public const int BrokenPipe = 141;

    /// <summary>The one line said when a stream fails; nothing when stderr itself is the one that cannot be written.</summary>
    public static int Fail(OutputStreamFailed failure)
    {
        if (failure.BrokenPipe)
        {
            return BrokenPipe;
        }
        if (failure.Stream != "stderr")
        {
            try
            {
                Error.WriteLine("backprop: " + ReplMessages.OutputFailed(failure.Stream, failure.Reason));
                Error.Flush();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
            {
            }
        }
        return OutputFailed;
    }
}
