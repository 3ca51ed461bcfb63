using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Backprop.Repl.Jupyter;

/// <summary>
/// One message of the Jupyter protocol (version 5.3): who sent it (the routing identities), its header, the header of
/// the request it answers, metadata, content and any binary buffers. On the wire it is the identities, the delimiter
/// <c>&lt;IDS|MSG&gt;</c>, the signature, then the four JSON parts and the buffers, one ZeroMQ frame each.
/// </summary>
internal sealed class KernelMessage(IReadOnlyList<byte[]> identities, JsonObject header, JsonObject parent, JsonObject metadata, JsonObject content)
{
    public const string ProtocolVersion = "5.3";

    public static readonly byte[] Delimiter = "<IDS|MSG>"u8.ToArray();

    public IReadOnlyList<byte[]> Identities { get; } = identities;
    public JsonObject Header { get; } = header;
    public JsonObject Parent { get; } = parent;
    public JsonObject Metadata { get; } = metadata;
    public JsonObject Content { get; } = content;

    public string Type => Header["msg_type"]?.GetValue<string>() ?? "";

    public string Id => Header["msg_id"]?.GetValue<string>() ?? "";

    /// <summary>
    /// Reads a message from its frames, checking its signature on the bytes as they came; null, with why, for anything
    /// that is not a well-formed message signed with our key. Never throws on what a peer sent.
    /// </summary>
    public static KernelMessage? Read(IReadOnlyList<byte[]> frames, MessageSigner signer, out string? problem)
    {
        int delimiter = -1;
        for (int i = 0; i < frames.Count; i++)
        {
            if (frames[i].AsSpan().SequenceEqual(Delimiter))
            {
                delimiter = i;
                break;
            }
        }
        if (delimiter < 0)
        {
            problem = KernelMessages.NoDelimiter(frames.Count);
            return null;
        }
        if (frames.Count - delimiter - 1 < 5)
        {
            problem = KernelMessages.TooFewFrames(frames.Count - delimiter - 1);
            return null;
        }
        byte[] signature = frames[delimiter + 1];
        byte[] header = frames[delimiter + 2], parent = frames[delimiter + 3], metadata = frames[delimiter + 4], content = frames[delimiter + 5];
        if (!signer.Verify(signature, header, parent, metadata, content))
        {
            problem = signature.Length == 0 ? KernelMessages.Unsigned : KernelMessages.BadSignature;
            return null;
        }
        var parts = new JsonObject[4];
        string[] names = ["header", "parent_header", "metadata", "content"];
        byte[][] raw = [header, parent, metadata, content];
        for (int i = 0; i < parts.Length; i++)
        {
            try
            {
                if (JsonNode.Parse(raw[i]) is not JsonObject part)
                {
                    problem = KernelMessages.PartNotObject(names[i]);
                    return null;
                }
                parts[i] = part;
            }
            catch (JsonException e)
            {
                problem = KernelMessages.PartNotJson(names[i], e.Message);
                return null;
            }
        }
        if (parts[0]["msg_type"] is not JsonValue type || !type.TryGetValue(out string? _) ||
            parts[0]["msg_id"] is not JsonValue id || !id.TryGetValue(out string? _))
        {
            problem = KernelMessages.HeaderIncomplete;
            return null;
        }
        problem = null;
        return new KernelMessage(frames.Take(delimiter).ToArray(), parts[0], parts[1], parts[2], parts[3]);
    }

    /// <summary>A new message from this kernel, in answer to <paramref name="parent"/> when there is one.</summary>
    public static KernelMessage Create(string type, JsonObject content, KernelMessage? parent, string session, IReadOnlyList<byte[]>? identities = null)
    {
        var header = new JsonObject
        {
            ["msg_id"] = Guid.NewGuid().ToString(),
            ["session"] = session,
            ["username"] = "backprop",
            ["date"] = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            ["msg_type"] = type,
            ["version"] = ProtocolVersion,
        };
        return new KernelMessage(identities ?? parent?.Identities ?? [], header, parent?.Header.DeepClone().AsObject() ?? [], [], content);
    }

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonWriterOptions IndentedOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true };

    /// <summary>The frames to send: identities, delimiter, signature, then the four parts as UTF-8 JSON.</summary>
    public List<byte[]> ToFrames(MessageSigner signer)
    {
        byte[] header = Json(Header), parent = Json(Parent), metadata = Json(Metadata), content = Json(Content);
        var frames = new List<byte[]>(Identities.Count + 6);
        frames.AddRange(Identities);
        frames.Add(Delimiter);
        frames.Add(Encoding.ASCII.GetBytes(signer.Sign(header, parent, metadata, content)));
        frames.Add(header);
        frames.Add(parent);
        frames.Add(metadata);
        frames.Add(content);
        return frames;
    }

    /// <summary>UTF-8 JSON; <paramref name="indented"/> for a file people read (kernel.json).</summary>
    public static byte[] Json(JsonNode node, bool indented = false)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, indented ? IndentedOptions : WriterOptions))
        {
            node.WriteTo(writer);
        }
        return stream.ToArray();
    }
}
