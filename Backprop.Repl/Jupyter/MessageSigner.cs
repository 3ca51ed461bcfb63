using System.Security.Cryptography;
using System.Text;

namespace Backprop.Repl.Jupyter;

/// <summary>
/// The HMAC-SHA256 signature of a message's four JSON parts (header, parent header, metadata, content), as lowercase
/// hex, with the connection file's key. An empty key means the front end turned signing off: every signature is then
/// the empty string, as Jupyter specifies.
/// </summary>
internal sealed class MessageSigner(string key)
{
    private readonly byte[] _key = Encoding.UTF8.GetBytes(key);

    public bool Signs => _key.Length > 0;

    public string Sign(ReadOnlySpan<byte> header, ReadOnlySpan<byte> parent, ReadOnlySpan<byte> metadata, ReadOnlySpan<byte> content)
    {
        if (!Signs) return "";
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Compute(header, parent, metadata, content, mac);
        return Convert.ToHexStringLower(mac);
    }

    /// <summary>
    /// True when <paramref name="signature"/> is the message's own. Compared in constant time, so a forger learns
    /// nothing from how long the comparison took; a signature that is not 64 hex digits is simply wrong.
    /// </summary>
    public bool Verify(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> header, ReadOnlySpan<byte> parent, ReadOnlySpan<byte> metadata,
        ReadOnlySpan<byte> content)
    {
        if (!Signs) return true;
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Compute(header, parent, metadata, content, expected);
        Span<byte> given = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (signature.Length != 2 * given.Length || !TryParseHex(signature, given))
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    private void Compute(ReadOnlySpan<byte> header, ReadOnlySpan<byte> parent, ReadOnlySpan<byte> metadata, ReadOnlySpan<byte> content, Span<byte> mac)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        hmac.AppendData(header);
        hmac.AppendData(parent);
        hmac.AppendData(metadata);
        hmac.AppendData(content);
        hmac.GetHashAndReset(mac);
    }

    private static bool TryParseHex(ReadOnlySpan<byte> hex, Span<byte> bytes)
    {
        for (int i = 0; i < bytes.Length; i++)
        {
            int high = Digit(hex[2 * i]), low = Digit(hex[2 * i + 1]);
            if ((high | low) < 0) return false;
            bytes[i] = (byte)(high << 4 | low);
        }
        return true;
    }

    private static int Digit(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };
}
