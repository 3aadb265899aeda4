using TelemetryGateway.Core;
using TelemetryGateway.Serial.Astm.Records;

namespace TelemetryGateway.Serial.Meters.Contour;

/// <summary>
/// Decodes one E1394 message record by record as the link delivers them: H names the meter and declares the
/// delimiters, R records become results, P, O, C, Q, M, S are checked and passed over, L ends the message.
/// </summary>
public sealed class ContourMessageDecoder
{
    private AstmDelimiters _delimiters = AstmDelimiters.Default;
    private readonly Dictionary<long, int> _perMinute = [];
    private int _index;

    /// <summary>The meter, once its header arrived.</summary>
    public MeterIdentity? Meter { get; private set; }

    /// <summary>The message terminator record (L) arrived: the meter sent its whole memory.</summary>
    public bool Complete { get; private set; }

    /// <summary>Forgets the previous message (a new transfer starts).</summary>
    public void Reset()
    {
        _delimiters = AstmDelimiters.Default;
        _index = 0;
        _perMinute.Clear();
        Meter = null;
        Complete = false;
    }

    /// <summary>Takes the next record; returns the glucose result it holds, or null.</summary>
    /// <param name="requireHeader">A result before any header is an error (on the link); the probe allows bare records.</param>
    /// <exception cref="DeviceFormatException">The record is malformed (names record and field).</exception>
    public ContourResult? Accept(string text, bool requireHeader = true)
    {
        _index++;
        var record = AstmRecordParser.Parse(text, _delimiters, _index);
        switch (record.Type)
        {
            case 'H':
                _delimiters = record.Delimiters;
                _perMinute.Clear();
                Meter = ContourRecords.ParseHeader(record);
                Complete = false;
                return null;
            case 'R':
                if (requireHeader && Meter is null)
                {
                    throw new DeviceFormatException("astm", $"R record {_index}", "result before the header record: which meter is unknown");
                }

                return Identify(ContourRecords.ParseResult(record));
            case 'L':
                Complete = true;
                return null;
            default:
                return null;
        }
    }

    // The ordinal among this transfer's results stored in the same minute, in transfer order (ContourRecordIdentity).
    private ContourResult? Identify(ContourResult? result)
    {
        if (result is null)
        {
            return null;
        }

        var minute = ContourRecordIdentity.Minute(result.MeasuredLocal);
        var ordinal = _perMinute.GetValueOrDefault(minute) + 1;
        if (ordinal > ContourRecordIdentity.MaxOrdinal)
        {
            throw new DeviceFormatException("astm", $"R record {result.RecordNumber}", $"more than {ContourRecordIdentity.MaxOrdinal} results stored in the minute {minute}: they cannot be told apart");
        }

        _perMinute[minute] = ordinal;
        return result with { Identity = ContourRecordIdentity.Of(minute, ordinal) };
    }
}
