using System.Collections;
using System.Text;

namespace TelemetryGateway.Grpc;

/// <summary>
/// Custom metadata (request headers, response headers, trailers). Keys are lower-case; keys ending in
/// "-bin" carry binary values that travel base64-encoded (gRPC over HTTP/2, "Custom-Metadata").
/// </summary>
public sealed class Metadata : IReadOnlyList<Metadata.Entry>
{
    public const string BinarySuffix = "-bin";

    private readonly List<Entry> _entries = [];

    public int Count => _entries.Count;

    public Entry this[int index] => _entries[index];

    public Metadata Add(string key, string value)
    {
        _entries.Add(new Entry(key, value));
        return this;
    }

    public Metadata Add(string key, byte[] value)
    {
        _entries.Add(new Entry(key, value));
        return this;
    }

    public void Add(Entry entry) => _entries.Add(entry);

    /// <summary>The last entry with this key, or null.</summary>
    public Entry? Get(string key)
    {
        for (var i = _entries.Count - 1; i >= 0; i--)
        {
            if (string.Equals(_entries[i].Key, key, StringComparison.OrdinalIgnoreCase))
            {
                return _entries[i];
            }
        }
        return null;
    }

    public string? GetValue(string key) => Get(key)?.Value;

    public IEnumerator<Entry> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public sealed class Entry
    {
        private readonly string? _value;
        private readonly byte[]? _bytes;

        public Entry(string key, string value)
        {
            Key = NormalizeKey(key);
            if (IsBinaryKey(Key))
            {
                throw new ArgumentException($"Key '{key}' ends in -bin and needs a byte[] value.", nameof(key));
            }
            ValidateAsciiValue(value);
            _value = value;
        }

        public Entry(string key, byte[] value)
        {
            Key = NormalizeKey(key);
            if (!IsBinaryKey(Key))
            {
                throw new ArgumentException($"Key '{key}' must end in -bin to carry a byte[] value.", nameof(key));
            }
            _bytes = value;
        }

        public string Key { get; }

        public bool IsBinary => _bytes is not null;

        public string Value => _value ?? throw new InvalidOperationException($"'{Key}' is binary; read ValueBytes.");

        public byte[] ValueBytes => _bytes ?? Encoding.ASCII.GetBytes(_value!);

        public override string ToString() => IsBinary ? $"{Key}=[{_bytes!.Length} bytes]" : $"{Key}={_value}";
    }

    public static bool IsBinaryKey(string key) => key.EndsWith(BinarySuffix, StringComparison.OrdinalIgnoreCase);

    // Header-Name → 1*( %x30-39 / %x61-7A / "_" / "-" / ".") ; keys starting with "grpc-" are reserved.
    private static string NormalizeKey(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var lower = key.ToLowerInvariant();
        foreach (var c in lower)
        {
            if (!(c is >= '0' and <= '9' or >= 'a' and <= 'z' or '_' or '-' or '.'))
            {
                throw new ArgumentException($"Metadata key '{key}' has the character '{c}', not allowed in gRPC keys.", nameof(key));
            }
        }
        return lower;
    }

    // ASCII-Value → 1*( %x20-%x7E ) ; space and printable ASCII.
    private static void ValidateAsciiValue(string value)
    {
        foreach (var c in value)
        {
            if (c is < ' ' or > '~')
            {
                throw new ArgumentException($"Metadata value has the character U+{(int)c:X4}; ASCII values allow only U+0020..U+007E. Use a -bin key for other bytes.", nameof(value));
            }
        }
    }
}
