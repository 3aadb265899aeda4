using TelemetryGateway.Core;
using TelemetryGateway.Serial.Tests.Infrastructure;

namespace TelemetryGateway.Serial.Tests.EndToEnd;

/// <summary>
/// `tgsim bp` (an Accutorr PC interface on a pty) → `tg gateway` (protocol accutorr) → a real hub: every NIBP
/// result once, through a malformed reply, a pulled cable and a gateway SIGKILL.
/// </summary>
public sealed class AccutorrEndToEndTests
{
    [Fact]
    public async Task Each_nibp_result_reaches_the_hub_once_through_a_garbled_reply_an_unplug_and_a_gateway_kill()
    {
        const string device = "accutorr-ward-2";
        const int measurements = 6;
        await using var rig = await EndToEndRig.StartAsync();
        await using var monitor = ToolProcess.Start("tgsim", "bp", "--pty-link", rig.LinkPath, "--measurements", $"{measurements}",
            "--every", "0.3", "--age", "3", "--unplug-after", "2", "--unplug", "1", "--garble-at", "4");
        string[] settings = ["QueryInterval=00:00:00.2", "ReplyTimeout=00:00:02", $"DeviceId={device}", "Patient=patient-9"];

        string firstOutput;
        await using (var first = rig.StartGateway("accutorr", settings))
        {
            // Measurement 3 at the hub: the unplug after 2 was met and survived. Then a power cut of the gateway.
            await rig.WaitForHubAsync(device, 3 * 5, first, monitor);
            await first.KillAsync();
            firstOutput = first.Output;
            Assert.Contains("unplugged", firstOutput, StringComparison.Ordinal);
        }

        await using var second = rig.StartGateway("accutorr", settings);
        await rig.WaitForHubAsync(device, measurements * 5, second, monitor);
        await monitor.WaitForOutputAsync("bp: served P:", times: measurements + 3);
        await rig.WaitForCounterAsync("gateway_serial_polls_total", 3, second);
        // The garbled reply to measurement 4 met one gateway or the other (the kill races it): counted and logged, not fatal.
        Assert.Contains("record not decoded: accutorr: P reply: 3 fields, expected 9", firstOutput + second.Output, StringComparison.Ordinal);

        var stored = await rig.ReadingsAsync(device);
        Assert.Equal(measurements * 5, stored.Count);
        // Numbers are dates with an ordinal (AccutorrResults): measurement k is the k-th number in order.
        var numbers = stored.Select(r => r.Reading.DeviceRecordNumber!.Value).Distinct().Order().ToList();
        Assert.Equal(measurements, numbers.Count);
        foreach (var group in stored.GroupBy(r => r.Reading.DeviceRecordNumber!.Value))
        {
            // tgsim bp: measurement k is systolic 112 + 7k mod 40, diastolic 68 + 5k mod 20, pulse 60 + 11k mod 40, SaO2 95 + k mod 4.
            var k = numbers.IndexOf(group.Key) + 1;
            var byKind = group.ToDictionary(r => r.Reading.Kind, r => r.Reading);
            Assert.Equal(112 + (k * 7 % 40), byKind[ReadingKinds.BpSystolic].Value);
            Assert.Equal(68 + (k * 5 % 20), byKind[ReadingKinds.BpDiastolic].Value);
            Assert.Equal((112 + (k * 7 % 40) + (2 * (68 + (k * 5 % 20))) + 1) / 3, byKind[ReadingKinds.BpMean].Value);
            Assert.Equal(60 + (k * 11 % 40), byKind[ReadingKinds.HeartRate].Value);
            Assert.Equal(95 + (k % 4), byKind[ReadingKinds.SpO2].Value);
            Assert.All(group, r => Assert.Equal("patient-9", r.Reading.PatientId));
            // The monitor says "3 minutes ago": the gateway dates it so, to the minute.
            Assert.InRange(DateTimeOffset.UtcNow - byKind[ReadingKinds.BpSystolic].MeasuredAt!.Value, TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10));
        }
    }
}
