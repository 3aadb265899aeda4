using System.Text;

namespace TelemetryGateway.Serial.Tests.Infrastructure;

internal static class Bytes
{
    public const char Stx = '\x02';
    public const char Etx = '\x03';
    public const char Eot = '\x04';
    public const char Enq = '\x05';
    public const char Etb = '\x17';

    /// <summary>Text with control characters written as C# escapes, as Latin-1 bytes.</summary>
    public static byte[] Of(string text) => Encoding.Latin1.GetBytes(text);

    public static byte[] Hex(string hex) => Convert.FromHexString(hex);

    public static string Latin1(byte[] bytes) => Encoding.Latin1.GetString(bytes);
}
