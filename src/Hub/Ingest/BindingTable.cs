using TelemetryGateway.Contracts.V1;
using Core = TelemetryGateway.Core;

namespace TelemetryGateway.Hub;

/// <summary>The configured device → patient bindings, indexed by device, and their wire form for Configuration.</summary>
internal sealed class BindingTable
{
    private readonly Dictionary<string, Core.DeviceBinding[]> _byDevice;
    private readonly Configuration _configuration;

    public BindingTable(IEnumerable<DeviceBindingOptions> bindings)
    {
        var all = bindings
            .Select(b => new Core.DeviceBinding(b.DeviceId, b.PatientId, b.From ?? DateTimeOffset.MinValue, b.Until))
            .ToList();
        _byDevice = all.GroupBy(b => b.DeviceId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        _configuration = new Configuration { Version = 1 };
        foreach (var binding in all)
        {
            var wire = new DeviceBinding
            {
                DeviceId = binding.DeviceId,
                PatientId = binding.PatientId,
                FromUnixMs = binding.From == DateTimeOffset.MinValue ? 0 : binding.From.ToUnixTimeMilliseconds(),
            };
            if (binding.Until is { } until)
            {
                wire.UntilUnixMs = until.ToUnixTimeMilliseconds();
            }
            _configuration.Bindings.Add(wire);
        }
    }

    /// <summary>The reading with its patient filled in when it has none and exactly one binding covers it.</summary>
    public Core.Reading Apply(Core.Reading reading) =>
        reading.PatientId is null && _byDevice.TryGetValue(reading.DeviceId, out var bindings)
            ? Core.DeviceBinding.Apply(bindings, reading)
            : reading;

    /// <summary>True when the device has bindings and every one of them ended by <paramref name="now"/>: its
    /// patient was handed over.</summary>
    public bool Ended(string deviceId, DateTimeOffset now) =>
        _byDevice.TryGetValue(deviceId, out var bindings) && bindings.All(b => b.Until is { } until && until <= now);

    /// <summary>The Configuration message pushed to each gateway after Welcome (a fresh copy per stream).</summary>
    public Configuration ToConfiguration() => _configuration.Clone();
}
