using TelemetryGateway.Core;
using TelemetryGateway.Serial.Astm.Records;

namespace TelemetryGateway.Serial.Meters.Contour;

/// <summary>
/// Decodes one E1394 message record by record as the link delivers them: H names the meter and declares the
/// delimiters, R records become results, P, O, C, Q, M, S are checked and passed over, L ends the message.
/// </summary>
/// <remarks>
/// A result's ordinal among the results stored in the same minute (<see cref="ContourRecordIdentity"/>) counts in
/// storage order, oldest first, whatever order the meter sends its memory in: counted in transfer order, a
/// newest-first meter would give a new result the ordinal of an older one already synced (skipped, lost) and
/// move the older one to a new identity (sent twice). The direction shows where the stored time first changes
/// between two results (rising: oldest first). Until then, and for a newest-first meter always, the results of
/// one stored time are held until the time changes or the message ends, then numbered from the oldest.
/// </remarks>
public sealed class ContourMessageDecoder
{
    private AstmDelimiters _delimiters = AstmDelimiters.Default;
    private readonly Dictionary<long, int> _perKey = [];
    private readonly List<ContourResult> _held = [];
    private long _heldKey;
    private int _direction; // +1 oldest first, -1 newest first, 0 not known yet
    private int _index;

    /// <summary>The meter, once its header arrived.</summary>
    public MeterIdentity? Meter { get; private set; }

    /// <summary>The message terminator record (L) arrived with normal termination: the meter sent its whole memory.</summary>
    public bool Complete { get; private set; }

    /// <summary>Forgets the previous message (a new transfer starts).</summary>
    public void Reset()
    {
        _delimiters = AstmDelimiters.Default;
        _index = 0;
        StartMessage();
        Meter = null;
    }

    /// <summary>Takes the next record; returns the glucose results it lets go (none, one, or a held minute's).</summary>
    /// <param name="requireHeader">A result before any header is an error (on the link); the probe allows bare records.</param>
    /// <exception cref="DeviceFormatException">The record is malformed (names record and field).</exception>
    public IReadOnlyList<ContourResult> Accept(string text, bool requireHeader = true)
    {
        _index++;
        var record = AstmRecordParser.Parse(text, _delimiters, _index);
        switch (record.Type)
        {
            case 'H':
                _delimiters = record.Delimiters;
                StartMessage();
                Meter = ContourRecords.ParseHeader(record);
                return [];
            case 'R':
                if (requireHeader && Meter is null)
                {
                    throw new DeviceFormatException("astm", $"R record {_index}", "result before the header record: which meter is unknown");
                }

                return ContourRecords.ParseResult(record) is { } result ? Take(result) : [];
            case 'L':
                // §13.1.3 termination code, N or empty for a normal end (Bayer sends it one field later: L|1||N).
                // Anything else (T sender aborted, E error, …) did not show the whole memory.
                Complete = record.Field(3) is "" or "N" && record.Field(4) is "" or "N";
                return Complete ? Release() : Cut();
            default:
                return [];
        }
    }

    /// <summary>
    /// The transfer stopped without a normal terminator: the held results that can be numbered soundly. Oldest
    /// first they were let go already; newest first (or not known) the held minute may lack its older results,
    /// so its ordinals would be wrong: dropped here, they come with the next transfer (a cut keeps the set).
    /// </summary>
    public IReadOnlyList<ContourResult> Cut()
    {
        _held.Clear();
        return [];
    }

    /// <summary>Lets every held result go, numbered as far as the order is known (a dump decoded whole).</summary>
    public IReadOnlyList<ContourResult> Release()
    {
        var released = Number(_held, _direction);
        _held.Clear();
        return released;
    }

    private void StartMessage()
    {
        _perKey.Clear();
        _held.Clear();
        _direction = 0;
        Complete = false;
    }

    private List<ContourResult> Take(ContourResult result)
    {
        var key = result.IdentityKey;
        if (_perKey.GetValueOrDefault(key) + (key == _heldKey ? _held.Count : 0) >= ContourRecordIdentity.MaxOrdinal)
        {
            throw new DeviceFormatException("astm", $"R record {result.RecordNumber}", $"more than {ContourRecordIdentity.MaxOrdinal} results stored at {key}: they cannot be told apart");
        }

        var released = new List<ContourResult>();
        if (_held.Count > 0 && key != _heldKey)
        {
            // By the times, not the keys (a minute key and a second key differ in scale); timeless results say nothing.
            if (_direction == 0 && result.MeasuredLocal is { } now && _held[^1].MeasuredLocal is { } before && now != before)
            {
                _direction = now > before ? 1 : -1;
            }

            released = Release().ToList();
        }

        if (_direction > 0)
        {
            released.AddRange(Number([result], _direction));
        }
        else
        {
            _held.Add(result);
            _heldKey = key;
        }

        return released;
    }

    // Ordinals in storage order: transfer order oldest first (or not known), reversed newest first.
    private List<ContourResult> Number(List<ContourResult> group, int direction)
    {
        var numbered = new List<ContourResult>(group.Count);
        for (var i = 0; i < group.Count; i++)
        {
            var result = group[direction < 0 ? group.Count - 1 - i : i];
            var key = result.IdentityKey;
            var ordinal = _perKey.GetValueOrDefault(key) + 1;
            _perKey[key] = ordinal;
            numbered.Add(result with { Identity = ContourRecordIdentity.Of(key, ordinal) });
        }

        if (direction < 0)
        {
            numbered.Reverse();
        }

        return numbered;
    }
}
