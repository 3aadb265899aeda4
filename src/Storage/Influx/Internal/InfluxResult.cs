using System.Text.Json;

namespace TelemetryGateway.Storage.Influx.Internal;

/// <summary>One series of an InfluxQL result: <c>{"name":…,"tags":{…},"columns":[…],"values":[[…]…]}</c>.</summary>
internal sealed class InfluxSeries(string name, IReadOnlyDictionary<string, string> tags, string[] columns)
{
    public string Name { get; } = name;

    public IReadOnlyDictionary<string, string> Tags { get; } = tags;

    public string[] Columns { get; } = columns;

    /// <summary>Rows; cells are null, bool, string, long (integral numbers) or double.</summary>
    public List<object?[]> Rows { get; } = [];

    public int Column(string name) => Array.IndexOf(Columns, name);
}

/// <summary>Parses the JSON of <c>/query</c>, chunked (one JSON object per line, a series continued over
/// chunks while <c>"partial": true</c>) or not, into one list of series per statement.</summary>
internal static class InfluxResult
{
    /// <exception cref="InvalidOperationException">A statement or the query failed; the message is the server's.</exception>
    public static List<List<InfluxSeries>> Parse(string body, int statements)
    {
        var results = new List<List<InfluxSeries>>(statements);
        for (var i = 0; i < statements; i++)
        {
            results.Add([]);
        }
        foreach (var line in body.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            if (root.TryGetProperty("error", out var error))
            {
                throw new InvalidOperationException($"InfluxDB query failed: {error.GetString()}");
            }
            if (!root.TryGetProperty("results", out var list))
            {
                continue;
            }
            foreach (var result in list.EnumerateArray())
            {
                var id = result.TryGetProperty("statement_id", out var sid) ? sid.GetInt32() : 0;
                if (result.TryGetProperty("error", out var statementError))
                {
                    throw new InvalidOperationException($"InfluxDB query statement {id} failed: {statementError.GetString()}");
                }
                if (id >= results.Count || !result.TryGetProperty("series", out var seriesList))
                {
                    continue;
                }
                foreach (var series in seriesList.EnumerateArray())
                {
                    Merge(results[id], series);
                }
            }
        }
        return results;
    }

    private static void Merge(List<InfluxSeries> into, JsonElement json)
    {
        var name = json.TryGetProperty("name", out var n) ? n.GetString() ?? "" : "";
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (json.TryGetProperty("tags", out var t))
        {
            foreach (var tag in t.EnumerateObject())
            {
                tags[tag.Name] = tag.Value.GetString() ?? "";
            }
        }
        var columns = json.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToArray();
        // A chunk continues the last series when name, tags and columns match (InfluxDB marks it "partial").
        var series = into.Count > 0 && into[^1] is var last && last.Name == name
            && last.Columns.AsSpan().SequenceEqual(columns) && SameTags(last.Tags, tags)
            ? last
            : null;
        if (series is null)
        {
            series = new InfluxSeries(name, tags, columns);
            into.Add(series);
        }
        if (!json.TryGetProperty("values", out var values))
        {
            return;
        }
        foreach (var row in values.EnumerateArray())
        {
            var cells = new object?[columns.Length];
            var i = 0;
            foreach (var cell in row.EnumerateArray())
            {
                if (i < cells.Length)
                {
                    cells[i++] = Cell(cell);
                }
            }
            series.Rows.Add(cells);
        }
    }

    private static bool SameTags(IReadOnlyDictionary<string, string> a, Dictionary<string, string> b) =>
        a.Count == b.Count && b.All(p => a.TryGetValue(p.Key, out var v) && v == p.Value);

    private static object? Cell(JsonElement cell) => cell.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String => cell.GetString(),
        JsonValueKind.Number => cell.TryGetInt64(out var integer) ? (object)integer : cell.GetDouble(),
        _ => cell.GetRawText(),
    };
}
