using System.Text;

namespace Backprop.Repl.Output;

/// <summary>
/// A write-only stream that decodes UTF-8 onto a <see cref="TextWriter"/>, so <see cref="System.Text.Json.Utf8JsonWriter"/>
/// can stream a large object to any writer in chunks instead of building it whole in memory first.
/// The decoder keeps a multi-byte character that is split across two chunks.
/// </summary>
internal sealed class Utf8TextWriterStream(TextWriter writer) : WriteOnlyStream
{
    private readonly Decoder _decoder = new UTF8Encoding(false).GetDecoder();
    private char[] _chars = new char[4096];

    public override void Write(ReadOnlySpan<byte> bytes)
    {
        int needed = _decoder.GetCharCount(bytes, flush: false);
        if (needed > _chars.Length)
        {
            _chars = new char[Math.Max(needed, _chars.Length * 2)];
        }
        int written = _decoder.GetChars(bytes, _chars, flush: false);
        writer.Write(_chars, 0, written);
    }

    public override void Flush() => writer.Flush();
}
