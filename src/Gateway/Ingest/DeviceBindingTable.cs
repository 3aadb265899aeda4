using Google.Protobuf;
using TelemetryGateway.Core;
using Proto = TelemetryGateway.Contracts.V1;

namespace TelemetryGateway.Gateway.Ingest;

/// <summary>
/// The device → patient bindings from the hub's latest Configuration. Replaced as a whole on each
/// Configuration, read lock-free by the sink, and kept in the data directory so that a gateway that
/// starts without a link still names the right patient.
/// </summary>
public sealed class DeviceBindingTable
{
    private const string FileName = "hub-configuration.pb";
    private readonly string? _path;
    private volatile Snapshot _current = new(0, [], []);

    /// <param name="dataDirectory">Where the configuration is kept; null keeps it in memory only.</param>
    public DeviceBindingTable(string? dataDirectory = null)
    {
        _path = dataDirectory is null ? null : Path.Combine(dataDirectory, FileName);
    }

    public long Version => _current.Version;

    public IReadOnlyList<DeviceBinding> Bindings => _current.Bindings;

    /// <summary>The alert rule entries of the latest Configuration (the edge alert rules are built from them).</summary>
    public IReadOnlyList<Proto.Threshold> Thresholds => _current.Thresholds;

    /// <summary>The reading with its patient from the bindings, unless it names one or none resolves.</summary>
    public Reading Apply(Reading reading)
    {
        var bindings = _current.Bindings;
        return reading.PatientId is null && bindings.Length > 0 ? DeviceBinding.Apply(bindings, reading) : reading;
    }

    /// <summary>Loads the configuration kept by an earlier run, if any.</summary>
    public async Task LoadAsync(CancellationToken ct)
    {
        if (_path is null || !File.Exists(_path))
        {
            return;
        }

        var bytes = await File.ReadAllBytesAsync(_path, ct).ConfigureAwait(false);
        Use(Proto.Configuration.Parser.ParseFrom(bytes));
    }

    /// <summary>Replaces the bindings with those of <paramref name="configuration"/> and keeps it on disk.</summary>
    public async Task UpdateAsync(Proto.Configuration configuration, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        Use(configuration);
        if (_path is null)
        {
            return;
        }

        // Write-then-rename: a crash leaves the old file or the new one, never half of one.
        var temporary = _path + ".tmp";
        await File.WriteAllBytesAsync(temporary, configuration.ToByteArray(), ct).ConfigureAwait(false);
        File.Move(temporary, _path, overwrite: true);
    }

    private void Use(Proto.Configuration configuration) =>
        _current = new Snapshot(configuration.Version, [.. configuration.Bindings.Select(ToCore)], [.. configuration.Thresholds]);

    private static DeviceBinding ToCore(Proto.DeviceBinding binding) => new(
        binding.DeviceId,
        binding.PatientId,
        DateTimeOffset.FromUnixTimeMilliseconds(binding.FromUnixMs),
        binding.HasUntilUnixMs ? DateTimeOffset.FromUnixTimeMilliseconds(binding.UntilUnixMs) : null);

    private sealed record Snapshot(long Version, DeviceBinding[] Bindings, Proto.Threshold[] Thresholds);
}
