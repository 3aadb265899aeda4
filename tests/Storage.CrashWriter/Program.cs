using System.Diagnostics;
using System.Globalization;
using TelemetryGateway.Storage.EdgeBuffer;

// Usage:
//   crash   <db-path> <run-tag>                        append from 4 producers until killed; after each
//                                                      commit print "<sequence> <key> ." and flush
//   measure <db-path> <seconds> <producers> <in-flight> print appends per second
return args switch
{
    ["crash", var path, var tag] => await CrashAsync(path, tag),
    ["measure", var path, var seconds, var producers, var inFlight] => await MeasureAsync(
        path, int.Parse(seconds, CultureInfo.InvariantCulture), int.Parse(producers, CultureInfo.InvariantCulture),
        int.Parse(inFlight, CultureInfo.InvariantCulture)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: crash <db-path> <run-tag> | measure <db-path> <seconds> <producers> <in-flight>");
    return 2;
}

static async Task<int> CrashAsync(string path, string tag)
{
    await using var buffer = await EdgeBufferStore.OpenAsync(new EdgeBufferOptions { Path = path });
    var stdout = Console.Out; // synchronized; stdout auto-flushes, so a printed line is in the pipe
    var producers = Enumerable.Range(0, 4).Select(p => Task.Run(async () =>
    {
        for (var i = 0; ; i++)
        {
            var key = $"{tag}-{p}-{i}";
            var sequence = await buffer.AppendAsync((BufferPriority)(i % 3), key, Payload(i));
            stdout.WriteLine($"{sequence} {key} .");
        }
    }));
    await Task.WhenAll(producers);
    return 0;
}

static async Task<int> MeasureAsync(string path, int seconds, int producers, int inFlight)
{
    await using var buffer = await EdgeBufferStore.OpenAsync(new EdgeBufferOptions { Path = path });
    var stop = Stopwatch.StartNew();
    var deadline = TimeSpan.FromSeconds(seconds);
    var appended = 0L;
    var workers = Enumerable.Range(0, producers * inFlight).Select(w => Task.Run(async () =>
    {
        for (var i = 0; stop.Elapsed < deadline; i++)
        {
            await buffer.AppendAsync(BufferPriority.Live, $"m-{w}-{i}", Payload(i));
            Interlocked.Increment(ref appended);
        }
    }));
    await Task.WhenAll(workers);
    var elapsed = stop.Elapsed.TotalSeconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"producers={producers} in-flight-each={inFlight} appends={appended} seconds={elapsed:F2} " +
        $"appends/s={appended / elapsed:F0} transactions={buffer.CommittedTransactions}"));
    return 0;
}

// ~200 bytes, like one encoded reading with its metadata.
static byte[] Payload(int i)
{
    var payload = new byte[200];
    new Random(i).NextBytes(payload);
    return payload;
}
