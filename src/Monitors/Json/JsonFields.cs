using System.Text.Json;
using TelemetryGateway.Core;

namespace TelemetryGateway.Monitors.Json;

/// <summary>Typed access to JSON members that reports the JSON path of anything wrong.</summary>
internal static class JsonFields
{
    public const string Format = "monitor-json";

    public static DeviceFormatException Error(string path, string problem) => new(Format, path, problem);

    public static JsonDocument Parse(ReadOnlyMemory<byte> utf8)
    {
        try
        {
            return JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            throw Error($"line {(ex.LineNumber ?? 0) + 1} byte {(ex.BytePositionInLine ?? 0) + 1}", "not valid JSON");
        }
    }

    public static void RequireObject(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Error(path, $"expected an object, found {Describe(element)}");
        }
    }

    public static void CheckVersion(JsonElement root)
    {
        if (root.TryGetProperty("v", out var v) && (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var n) || n != 1))
        {
            throw Error("$.v", $"schema version {v.GetRawText()} is not supported (expected 1)");
        }
    }

    public static string? OptionalString(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return e.ValueKind == JsonValueKind.String ? e.GetString() : throw Error($"{path}.{name}", $"expected a string, found {Describe(e)}");
    }

    public static string RequireString(JsonElement parent, string name, string path) =>
        OptionalString(parent, name, path) is { Length: > 0 } s ? s : throw Error($"{path}.{name}", "required non-empty string is missing");

    public static double? OptionalNumber(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetDouble(out var d) || !double.IsFinite(d))
        {
            throw Error($"{path}.{name}", $"expected a finite number, found {Describe(e)}");
        }
        return d;
    }

    public static double RequireNumber(JsonElement parent, string name, string path) =>
        OptionalNumber(parent, name, path) ?? throw Error($"{path}.{name}", "required number is missing");

    public static bool? OptionalBool(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return e.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Error($"{path}.{name}", $"expected true or false, found {Describe(e)}"),
        };
    }

    /// <summary>An RFC 3339 time with an explicit offset ("Z" or ±hh:mm): a time without one is ambiguous.</summary>
    public static DateTimeOffset? OptionalTime(JsonElement parent, string name, string path)
    {
        var text = OptionalString(parent, name, path);
        if (text is null)
        {
            return null;
        }
        var hasOffset = text.EndsWith('Z') || text.EndsWith('z')
            || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');
        if (!hasOffset || !parent.GetProperty(name).TryGetDateTimeOffset(out var time))
        {
            throw Error($"{path}.{name}", $"'{Shorten(text)}' is not an RFC 3339 time with offset (e.g. 2026-11-22T08:15:30.250Z)");
        }
        return time;
    }

    public static JsonElement? OptionalArray(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return e.ValueKind == JsonValueKind.Array ? e : throw Error($"{path}.{name}", $"expected an array, found {Describe(e)}");
    }

    public static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => $"string '{Shorten(e.GetString() ?? "")}'",
        JsonValueKind.Number => $"number {Shorten(e.GetRawText())}",
        JsonValueKind.True or JsonValueKind.False => e.GetRawText(),
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        _ => "an object",
    };

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
