using TelemetryGateway.Monitors;
using Proto = TelemetryGateway.Contracts.V1;

namespace TelemetryGateway.Gateway.Sources.Mqtt;

/// <summary>A decoded position or status message to its wire form (telemetry.proto AmbulanceUpdate).</summary>
internal static class AmbulanceUpdates
{
    public static Proto.AmbulanceUpdate From(MonitorTopic topic, MonitorPayload decoded, string? patientId, DateTimeOffset receivedAt)
    {
        var update = new Proto.AmbulanceUpdate
        {
            Unit = topic.Unit,
            DeviceId = topic.Device,
            PatientId = patientId ?? "",
            ReceivedUnixMs = receivedAt.ToUnixTimeMilliseconds(),
        };
        if (decoded.Position is { } p)
        {
            var position = new Proto.AmbulancePosition { Latitude = p.Latitude, Longitude = p.Longitude, Destination = p.Destination ?? "" };
            if (p.SpeedMetresPerSecond is { } speed)
            {
                position.SpeedMps = speed;
            }
            if (p.HeadingDegrees is { } heading)
            {
                position.HeadingDeg = heading;
            }
            if (p.Time is { } time)
            {
                position.TimeUnixMs = time.ToUnixTimeMilliseconds();
            }
            if (p.Eta is { } eta)
            {
                position.EtaUnixMs = eta.ToUnixTimeMilliseconds();
            }
            update.Position = position;
        }
        if (decoded.Status is { } s)
        {
            var status = new Proto.MonitorStatus();
            if (s.Time is { } time)
            {
                status.TimeUnixMs = time.ToUnixTimeMilliseconds();
            }
            if (s.BatteryPercent is { } battery)
            {
                status.BatteryPercent = battery;
            }
            if (s.OnMains is { } onMains)
            {
                status.OnMains = onMains;
            }
            status.LeadsOff.Add(s.LeadsOff);
            status.Alarms.Add(s.Alarms.Select(a => new Proto.MonitorAlarm { Code = a.Code, Priority = a.Priority, Text = a.Text }));
            update.Status = status;
        }
        return update;
    }
}
