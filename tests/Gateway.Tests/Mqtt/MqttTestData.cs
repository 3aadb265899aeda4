using System.Text;
using TelemetryGateway.Contracts;
using TelemetryGateway.Core;
using TelemetryGateway.Gateway.Sources.Mqtt;
using TelemetryGateway.Gateway.Tests.Infrastructure;
using TelemetryGateway.Storage.EdgeBuffer;
using Proto = TelemetryGateway.Contracts.V1;

namespace TelemetryGateway.Gateway.Tests.Mqtt;

/// <summary>Payloads the tests publish and helpers to look into a running gateway.</summary>
internal static class MqttTestData
{
    public static readonly DateTimeOffset At = new(2026, 11, 22, 8, 15, 30, TimeSpan.Zero);

    public static byte[] Vitals(double heartRate = 118, double spo2 = 89) => Encoding.UTF8.GetBytes(
        $$"""{"v":1,"time":"2026-11-22T08:15:30.000Z","patient":"P-0042","vitals":[{"kind":"heart.rate","value":{{heartRate}},"unit":"/min","flags":["high"]},{"kind":"spo2","value":{{spo2}},"unit":"%"}]}""");

    /// <summary>IHE PCD TF example J.2 (NIBP 120/80/100 mmHg), oehf/ipf @2328644e pcd01/valid-pcd01-request.hl7v2, CR separated.</summary>
    public static readonly byte[] Hl7Bp = Encoding.ASCII.GetBytes(string.Join('\r',
        "MSH|^~\\&|AcmeInc^ACDE48234567ABCD^EUI-64||||20090713090030+0500||ORU^R01^ORU_R01|MSGID1234|P|2.6|||NE|AL|||||IHE PCD ORU-R01 2006^HL7^1.3.6.1.4.1.19376.1.6.1.1.1^ISO",
        "PID|||789567^^^Imaginary Hospital^PI||Doe^John^Joseph^^^^L^A|||M",
        "OBR|1|AB12345^AcmeAHDInc^ACDE48234567ABCD^EUI-64|CD12345^AcmeAHDInc^ACDE48234567ABCD^EUI-64|528391^MDC_DEV_SPEC_PROFILE_BP^MDC|||20090813095715+0500",
        "OBX|1||528391^MDC_DEV_SPEC_PROFILE_BP^MDC|1|||||||R|||||||0123456789ABCDEF^EUI-64",
        "OBX|2||150020^MDC_PRESS_BLD_NONINV^MDC|1.0.1|||||||R|||20090813095715+0500",
        "OBX|3|NM|150021^MDC_PRESS_BLD_NONINV_SYS^MDC|1.0.1.1|120|266016^MDC_DIM_MMHG^MDC|||||R",
        "OBX|4|NM|150022^MDC_PRESS_BLD_NONINV_DIA^MDC|1.0.1.2|80|266016^MDC_DIM_MMHG^MDC|||||R",
        "OBX|5|NM|150023^MDC_PRESS_BLD_NONINV_MEAN^MDC|1.0.1.3|100|266016^MDC_DIM_MMHG^MDC|||||R") + "\r");

    /// <summary>docs/monitor-json.md binary chunk example: ECG II, 250 Hz, 2.5 uV/LSB, samples 16, -16, 1000.</summary>
    public static readonly byte[] EcgChunk = Convert.FromHexString(
        "54475746" + "01" + "01" + "01" + "00" + "90d00300" + "10bd9c14d9600600" + "00002040" + "0300" + "1000f0ffe803");

    public static GatewayOptions Options(GatewayFixture fixture, MqttSourceOptions mqtt)
    {
        var options = fixture.Options(new Uri($"http://127.0.0.1:{TestHub.FreePort()}"));
        options.Mqtt = mqtt;
        return options;
    }

    public static async Task<IReadOnlyList<(BufferPriority Priority, Reading Reading)>> BufferedAsync(GatewayHost gateway)
    {
        var items = await gateway.Buffer.ReadBatchAsync(0, null, int.MaxValue, long.MaxValue);
        // Readings only: ambulance updates and edge alert signals share the buffer (EdgeAlertTests look at the signals).
        return [.. items.Where(i => !i.DedupKey.StartsWith(AmbulanceUpdateKeys.KeyPrefix, StringComparison.Ordinal)
                && !i.DedupKey.StartsWith(AlertSignalMapper.KeyPrefix, StringComparison.Ordinal))
            .Select(i => (i.Priority, ReadingMapper.FromProto(Proto.Reading.Parser.ParseFrom(i.Payload))))];
    }

    /// <summary>The ambulance position/status updates waiting in the buffer, in order.</summary>
    public static async Task<IReadOnlyList<Proto.AmbulanceUpdate>> AmbulanceUpdatesAsync(GatewayHost gateway)
    {
        var items = await gateway.Buffer.ReadBatchAsync(0, null, int.MaxValue, long.MaxValue);
        return [.. items.Where(i => i.DedupKey.StartsWith(AmbulanceUpdateKeys.KeyPrefix, StringComparison.Ordinal))
            .Select(i => Proto.AmbulanceUpdate.Parser.ParseFrom(i.Payload))];
    }

    public static async Task<string> MetricsAsync(GatewayHost gateway)
    {
        using var http = new HttpClient();
        return await http.GetStringAsync(new Uri(gateway.HttpAddress, "/metrics"));
    }
}
