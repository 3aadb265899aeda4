using TelemetryGateway.Core;

namespace TelemetryGateway.Bluetooth.Tests.Gatt;

/// <summary>Helpers shared by the GATT decoder tests.</summary>
internal static class GattAssert
{
    public static readonly DateTimeOffset Received = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    public const string Device = "AA:BB:CC:DD:EE:FF";

    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    /// <summary>Asserts that decoding fails with a format error at <paramref name="byteIndex"/>.</summary>
    public static DeviceFormatException Rejects(string hex, int byteIndex, Action<byte[]> decode, string? problemContains = null)
    {
        var ex = Assert.Throws<DeviceFormatException>(() => decode(Hex(hex)));
        Assert.Equal($"byte {byteIndex}", ex.Location);
        if (problemContains is not null)
        {
            Assert.Contains(problemContains, ex.Problem, StringComparison.Ordinal);
        }
        return ex;
    }

    public static Reading Single(IReadOnlyList<Reading> readings, string kind) =>
        Assert.Single(readings, r => r.Kind == kind);
}
