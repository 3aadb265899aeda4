using System.Globalization;

namespace TelemetryGateway.Bluetooth.Sync;

/// <summary>
/// Where a glucose meter's sync stands: the last record committed and the bytes that identify it.
/// </summary>
/// <remarks>
/// <para><see cref="Record"/> is the reading's device record number: numbering epoch × 65536 + the meter's
/// 16-bit sequence number. Epoch 0 is the meter's numbering as first seen, so record numbers are the meter's own
/// sequence numbers until the meter restarts its numbering (battery change, reset); each restart detected starts
/// the next epoch, so the new record 1 does not collide with the old record 1 at the hub (whose idempotency key is
/// device + kind + record number) and is not dropped there as a duplicate.</para>
/// <para><see cref="Anchor"/> is the last committed record's Glucose Measurement as the meter sent it (hex). On
/// the next visit the meter is asked for that sequence number again: the same bytes mean the same memory.</para>
/// </remarks>
/// <param name="Record">Epoch × 65536 + sequence number of the last committed record; 0 = nothing yet.</param>
/// <param name="Anchor">Hex of that record's Glucose Measurement payload, when known.</param>
public sealed record RecordCursor(long Record, string? Anchor = null)
{
    /// <summary>Record numbers per numbering epoch (GLS sequence numbers are uint16).</summary>
    public const long EpochSize = 65536;

    public static RecordCursor None { get; } = new(0);

    /// <summary>How many numbering restarts came before the current numbering.</summary>
    public long Epoch => Record / EpochSize;

    /// <summary>The meter's own sequence number of the last committed record (0: none in this epoch).</summary>
    public ushort Sequence => (ushort)(Record % EpochSize);

    /// <summary>The device record number of the meter's <paramref name="sequence"/> in this epoch.</summary>
    public long RecordOf(ushort sequence) => (Epoch * EpochSize) + sequence;

    /// <summary>The cursor that starts the next epoch (after a numbering restart): nothing committed in it yet.</summary>
    public RecordCursor NextEpoch() => new((Epoch + 1) * EpochSize);

    /// <summary>"Record Anchor" or "Record" (the form of the gateway's cursor file).</summary>
    public override string ToString() => Anchor is null
        ? Record.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{Record} {Anchor}");

    /// <summary>Reads <see cref="ToString"/>'s form; a bare number (older cursor files) has no anchor.</summary>
    public static RecordCursor Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var record))
        {
            throw new FormatException($"'{text}' is not a record cursor (record number, then optionally the anchor in hex).");
        }

        var anchor = parts.Length == 2 ? parts[1].Trim() : null;
        if (anchor is not null && (anchor.Length % 2 != 0 || !anchor.All(char.IsAsciiHexDigit)))
        {
            throw new FormatException($"'{text}': the anchor is not hex.");
        }

        return new RecordCursor(record, anchor);
    }
}
