using System.Text;
using TelemetryGateway.Core;
using TelemetryGateway.Monitors.Hl7;
using TelemetryGateway.Monitors.Json;
using TelemetryGateway.Monitors.Waveforms;

namespace TelemetryGateway.Monitors;

/// <summary>Decodes one message published on a monitor topic, by its stream. Pure: no I/O, no clock.</summary>
public static class MonitorPayloadDecoder
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes <paramref name="payload"/>; the topic's device level is the readings' device id.</summary>
    /// <exception cref="DeviceFormatException">Malformed payload; the location names the field, path or byte.</exception>
    public static MonitorPayload Decode(MonitorTopic topic, ReadOnlyMemory<byte> payload, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(topic);
        switch (topic.Stream)
        {
            case MonitorStream.Hl7:
                var text = Text(payload.Span);
                var result = OruR01Decoder.Decode(Hl7Message.Parse(text), topic.Device, receivedAt);
                return result.Payload;
            case MonitorStream.Waveform when WaveformBinary.HasMagic(payload.Span):
                var chunk = WaveformBinary.Decode(payload.Span);
                CheckChannel(topic, chunk);
                return MonitorJsonDecoder.WaveformPayload(chunk, topic.Device, null, receivedAt, topic.ToString());
            default:
                var decoded = MonitorJsonDecoder.Decode(topic.Stream, payload, topic.Device, receivedAt);
                if (topic.Stream == MonitorStream.Waveform && decoded.Readings.FirstOrDefault()?.Waveform is { } waveform
                    && !string.Equals(waveform.Lead, topic.Channel, StringComparison.OrdinalIgnoreCase))
                {
                    throw new DeviceFormatException("monitor-json", "$.lead", $"lead {waveform.Lead} published on channel '{topic.Channel}'");
                }
                return decoded;
        }
    }

    private static void CheckChannel(MonitorTopic topic, WaveformChunk chunk)
    {
        var channel = chunk.Signal switch
        {
            WaveformSignal.Ecg => chunk.Lead,
            WaveformSignal.Pleth => "pleth",
            _ => "co2",
        };
        if (!string.Equals(channel, topic.Channel, StringComparison.OrdinalIgnoreCase))
        {
            throw new DeviceFormatException("waveform", "byte 5", $"chunk of {chunk.Channel} published on channel '{topic.Channel}'");
        }
    }

    // HL7 v2 messages are ASCII or ISO 8859-1 (MSH-18) far more often than UTF-8; fall back rather than refuse.
    private static string Text(ReadOnlySpan<byte> payload)
    {
        try
        {
            return StrictUtf8.GetString(payload);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(payload);
        }
    }
}
