using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Backprop.Lang.Text;
using Backprop.Repl.Output;

namespace Backprop.Repl.Tests.Safety;

/// <summary>JSON output of any size stays one valid JSON line: a DOT text beyond Utf8JsonWriter's 166-million-character limit for one string.</summary>
public sealed class JsonSizeTests
{
    /// <summary>A stream that only hashes what it is given (the line is too large to keep and parse whole).</summary>
    private sealed class HashingStream : Stream
    {
        public IncrementalHash Hash { get; } = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        public long Bytes { get; private set; }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => Bytes;
        public override long Position { get => Bytes; set => throw new NotSupportedException(); }
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Hash.AppendData(buffer);
            Bytes += buffer.Length;
        }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    [Fact]
    public void Dot_LongerThanOneJsonStringMayBe_IsWrittenWholeOnOneValidLine()
    {
        // Quotes, a line break, a non-ASCII letter and a surrogate pair, which segment boundaries will split.
        const string Pattern = "ab\"é\U0001F600\n";
        int repeats = 170_000_000 / Pattern.Length + 1;
        string dot = new StringBuilder(Pattern.Length * repeats).Insert(0, Pattern, repeats).ToString();
        var output = new HashingStream();

        new JsonReporter(output).Dot(new SourceLine("<stdin>", 1, ":dot x"), dot);

        // What one unsegmented string would have been: the pattern escaped as the reporter escapes, repeated.
        var options = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        var one = new MemoryStream();
        using (var writer = new Utf8JsonWriter(one, options))
        {
            writer.WriteStringValue(Pattern);
        }
        byte[] escaped = one.ToArray()[1..^1];
        var expected = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] head = "{\"kind\":\"dot\",\"line\":1,\"dot\":\""u8.ToArray();
        expected.AppendData(head);
        byte[] block = [.. Enumerable.Repeat(escaped, 10_000).SelectMany(b => b)];
        for (int i = 0; i < repeats / 10_000; i++)
        {
            expected.AppendData(block);
        }
        for (int i = 0; i < repeats % 10_000; i++)
        {
            expected.AppendData(escaped);
        }
        expected.AppendData("\"}\n"u8);
        Assert.Equal(head.Length + (long)escaped.Length * repeats + 3, output.Bytes);
        Assert.Equal(expected.GetHashAndReset(), output.Hash.GetHashAndReset());
    }
}
