using TelemetryGateway.Contracts.V1;

namespace TelemetryGateway.Hub.Tests.Infrastructure;

/// <summary>Ambulance position and status entries as a gateway sends them (telemetry.proto rule 7): monitor
/// mon1, received 40 ms after the monitor's own time.</summary>
public static class AmbulanceUpdates
{
    public static readonly long T0 = DateTimeOffset.Parse("2026-11-22T08:15:30Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

    public static SequencedReading Position(long sequence, string unit, long time, double lat, string? patient = "P-0042") => new()
    {
        Sequence = sequence,
        Ambulance = new AmbulanceUpdate
        {
            Unit = unit,
            DeviceId = "mon1",
            PatientId = patient ?? "",
            ReceivedUnixMs = time + 40,
            Position = new AmbulancePosition
            {
                Latitude = lat, Longitude = 8.05, SpeedMps = 15.2, HeadingDeg = 92, TimeUnixMs = time, EtaUnixMs = time + 600_000,
                Destination = "Kantonsspital ED",
            },
        },
    };

    public static SequencedReading Status(long sequence, string unit, long time) => new()
    {
        Sequence = sequence,
        Ambulance = new AmbulanceUpdate
        {
            Unit = unit,
            DeviceId = "mon1",
            ReceivedUnixMs = time + 40,
            Status = new MonitorStatus
            {
                TimeUnixMs = time, BatteryPercent = 81, OnMains = false, LeadsOff = { "V1" },
                Alarms = { new MonitorAlarm { Code = "SPO2_LOW", Priority = "high", Text = "SpO2 LOW" } },
            },
        },
    };
}
