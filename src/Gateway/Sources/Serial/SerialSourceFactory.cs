using Microsoft.Extensions.Logging;
using TelemetryGateway.Serial.Port;

namespace TelemetryGateway.Gateway.Sources.Serial;

/// <summary>Builds the serial sources configured in Gateway:Serial; a bad entry is a startup error naming it.</summary>
internal static class SerialSourceFactory
{
    public static IEnumerable<IGatewaySource> Create(GatewayOptions options, TimeProvider time, ILoggerFactory loggers)
    {
        var metrics = new SerialSourceMetrics();
        var logger = loggers.CreateLogger("TelemetryGateway.Gateway.Sources.Serial");
        var sources = new List<IGatewaySource>();
        for (var i = 0; i < options.Serial.Devices.Count; i++)
        {
            var device = options.Serial.Devices[i];
            var where = $"Gateway:Serial:Devices:{i}";
            if (string.IsNullOrWhiteSpace(device.Path))
            {
                throw new GatewayConfigurationException($"{where}:Path is required (a device path such as /dev/ttyUSB0, or a glob).");
            }

            if (device.Protocol is not ("astm" or "accutorr"))
            {
                throw new GatewayConfigurationException($"{where}:Protocol '{device.Protocol}' is not supported (astm, accutorr).");
            }

            sources.Add(new SerialMeterSource(device, Settings(device, where), Zone(device, where), options.DataDirectory, metrics, time, logger));
        }

        return sources;
    }

    private static SerialPortSettings Settings(SerialDeviceOptions device, string where)
    {
        if (!Enum.TryParse<Parity>(device.Parity, ignoreCase: true, out var parity))
        {
            throw new GatewayConfigurationException($"{where}:Parity '{device.Parity}' is not none, odd, even, mark or space.");
        }

        var settings = new SerialPortSettings
        {
            BaudRate = device.BaudRate,
            DataBits = device.DataBits,
            Parity = parity,
            StopBits = device.StopBits,
            HardwareFlowControl = device.HardwareFlowControl,
            Dtr = device.Dtr,
            Rts = device.Rts,
        };
        try
        {
            settings.Validate();
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new GatewayConfigurationException($"{where}: {ex.Message}");
        }

        return settings;
    }

    private static TimeZoneInfo Zone(SerialDeviceOptions device, string where)
    {
        if (string.IsNullOrWhiteSpace(device.TimeZone))
        {
            return TimeZoneInfo.Local;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(device.TimeZone);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new GatewayConfigurationException($"{where}:TimeZone '{device.TimeZone}' is not a known time zone.");
        }
    }
}
