using System.Buffers.Text;

namespace TelemetryGateway.Grpc.Internal;

/// <summary>Converts custom metadata to and from HTTP/2 header values: -bin values as base64.</summary>
internal static class MetadataHeaders
{
    // Senders emit unpadded base64; receivers accept padded and unpadded (PROTOCOL-HTTP2.md).
    public static string EncodeValue(Metadata.Entry entry) =>
        entry.IsBinary ? Convert.ToBase64String(entry.ValueBytes).TrimEnd('=') : entry.Value;

    /// <summary>One header value (possibly a comma-joined list for -bin keys) to entries; malformed base64 → null.</summary>
    public static IEnumerable<Metadata.Entry> Decode(string key, string value)
    {
        if (!Metadata.IsBinaryKey(key))
        {
            yield return new Metadata.Entry(key, value);
            yield break;
        }
        // Intermediaries may fold repeated -bin headers into one, separated by commas.
        foreach (var part in value.Split(',', StringSplitOptions.TrimEntries))
        {
            if (DecodeBase64(part) is { } bytes)
            {
                yield return new Metadata.Entry(key, bytes);
            }
        }
    }

    public static byte[]? DecodeBase64(string text)
    {
        var padded = (text.Length % 4) switch
        {
            2 => text + "==",
            3 => text + "=",
            _ => text,
        };
        var bytes = new byte[Base64.GetMaxDecodedFromUtf8Length(padded.Length)];
        return Convert.TryFromBase64String(padded, bytes, out var written) ? bytes.AsSpan(0, written).ToArray() : null;
    }
}
