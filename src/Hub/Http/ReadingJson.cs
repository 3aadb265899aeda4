using System.Text.Json.Serialization;
using TelemetryGateway.Core;
using TelemetryGateway.Storage.SeriesStore;

namespace TelemetryGateway.Hub;

/// <summary>One reading in <c>GET /api/readings</c>: the fields of design.md's <c>tg decode</c> JSON
/// (kind, value, unit, time, sequence, flags, reported) plus device, patient, source and received, then
/// what only the hub knows (gateway, stored) and what only some readings have (priority, waveform).</summary>
/// <param name="Kind">Reading kind, e.g. "bp.systolic".</param>
/// <param name="Value">Value in the kind's canonical unit.</param>
/// <param name="Unit">Canonical UCUM unit.</param>
/// <param name="Time">Measured time (device clock, skew-corrected) with the device's UTC offset; null when the device sent none.</param>
/// <param name="Sequence">The device's record number; null when the device has none.</param>
/// <param name="Flags">Names from <see cref="ReadingFlagNames"/>.</param>
/// <param name="Reported">Value and unit as the device sent them (the canonical pair when the device sent those).</param>
/// <param name="Device">Device id.</param>
/// <param name="Patient">Patient id; null when unknown.</param>
/// <param name="Source">ble, serial, mqtt, generator or manual.</param>
/// <param name="Received">When the gateway received it (gateway clock).</param>
/// <param name="Gateway">The gateway that delivered it first.</param>
/// <param name="Stored">When the hub stored it (hub clock).</param>
/// <param name="Priority">bulk, live or alert.</param>
/// <param name="Waveform">Samples of a waveform kind; absent otherwise.</param>
/// <param name="DeviceTime">The time as the device's own clock reported it, when the gateway corrected it for
/// measured clock skew into <paramref name="Time"/>; absent otherwise.</param>
public sealed record ReadingJson(
    string Kind,
    double Value,
    string Unit,
    DateTimeOffset? Time,
    long? Sequence,
    IReadOnlyList<string> Flags,
    QuantityJson Reported,
    string Device,
    string? Patient,
    string Source,
    DateTimeOffset Received,
    string Gateway,
    DateTimeOffset Stored,
    string Priority,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] WaveformJson? Waveform,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? DeviceTime = null)
{
    public static ReadingJson From(StoredReading stored)
    {
        var reading = stored.Reading;
        return new ReadingJson(
            reading.Kind,
            reading.Value,
            reading.Unit,
            reading.MeasuredAt,
            reading.DeviceRecordNumber,
            ReadingFlagNames.ToNames(reading.Flags),
            reading.Reported is { } reported ? new QuantityJson(reported.Value, reported.Unit) : new QuantityJson(reading.Value, reading.Unit),
            reading.DeviceId,
            reading.PatientId,
            reading.Source.ToString().ToLowerInvariant(),
            reading.ReceivedAt,
            stored.GatewayId,
            stored.StoredAt,
            reading.Priority.ToString().ToLowerInvariant(),
            reading.Waveform is { } wave ? WaveformJson.From(wave) : null,
            reading.DeviceTime);
    }
}

/// <summary>A value with its unit.</summary>
public sealed record QuantityJson(double Value, string Unit);

/// <summary>Waveform samples in device counts; value = sample × resolution, in the reading's unit.</summary>
public sealed record WaveformJson(string Lead, double SampleRateHz, DateTimeOffset Start, double Resolution, int[] Samples)
{
    public static WaveformJson From(Waveform wave) =>
        new(wave.Lead, wave.SampleRateHz, wave.StartTime, wave.Resolution, wave.Samples.ToArray());
}
