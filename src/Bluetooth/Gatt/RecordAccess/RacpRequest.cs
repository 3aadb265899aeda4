using System.Buffers.Binary;
using TelemetryGateway.Bluetooth.Gatt.Encoding;
using TelemetryGateway.Core;

namespace TelemetryGateway.Bluetooth.Gatt.RecordAccess;

/// <summary>A request written to the Record Access Control Point, 0x2A52 (GLS v1.0.1; GSS §3.178):
/// op code, operator, operand.</summary>
/// <param name="OpCode">One of the four request op codes (1–4).</param>
/// <param name="Operator">Null for Abort; otherwise All/≤/≥/range/first/last.</param>
/// <param name="Filter">Present exactly for ≤, ≥ and within range.</param>
public sealed record RacpRequest(RacpOpCode OpCode, RacpOperator Operator, RacpFilter? Filter = null)
{
    /// <summary>Report stored records: all.</summary>
    public static RacpRequest ReportAll() => new(RacpOpCode.ReportStoredRecords, RacpOperator.AllRecords);

    /// <summary>Report stored records with sequence number ≥ <paramref name="first"/> (the sync cursor).</summary>
    public static RacpRequest ReportFrom(ushort first) => new(RacpOpCode.ReportStoredRecords, RacpOperator.GreaterThanOrEqualTo,
        new RacpFilter(RacpFilterType.SequenceNumber, RacpBound.Sequence(first), default));

    /// <summary>Report stored records with sequence numbers in [<paramref name="first"/>, <paramref name="last"/>].</summary>
    public static RacpRequest ReportRange(ushort first, ushort last) => new(RacpOpCode.ReportStoredRecords, RacpOperator.WithinRangeInclusive,
        new RacpFilter(RacpFilterType.SequenceNumber, RacpBound.Sequence(first), RacpBound.Sequence(last)));

    /// <summary>Report number of stored records: all.</summary>
    public static RacpRequest CountAll() => new(RacpOpCode.ReportNumberOfStoredRecords, RacpOperator.AllRecords);

    /// <summary>Report number of stored records with sequence number ≥ <paramref name="first"/>.</summary>
    public static RacpRequest CountFrom(ushort first) => new(RacpOpCode.ReportNumberOfStoredRecords, RacpOperator.GreaterThanOrEqualTo,
        new RacpFilter(RacpFilterType.SequenceNumber, RacpBound.Sequence(first), default));

    /// <summary>Abort operation (operator Null, no operand).</summary>
    public static RacpRequest Abort() => new(RacpOpCode.AbortOperation, RacpOperator.Null);

    /// <summary>The bytes to write.</summary>
    /// <exception cref="InvalidOperationException">The request is not well formed (e.g. ≥ without a filter).</exception>
    public byte[] Encode()
    {
        if (!IsRequest(OpCode))
        {
            throw new InvalidOperationException($"RACP op code {OpCode} is not a request.");
        }
        var needsFilter = OperandCount(Operator) > 0;
        if (needsFilter != Filter is not null || (OpCode == RacpOpCode.AbortOperation) != (Operator == RacpOperator.Null)
            || !Enum.IsDefined(Operator))
        {
            throw new InvalidOperationException($"RACP {OpCode} with operator {Operator} and {(Filter is null ? "no" : "a")} filter is not a valid request.");
        }
        if (Filter is null)
        {
            return [(byte)OpCode, (byte)Operator];
        }
        var boundSize = BoundSize(Filter.Type) ?? throw new InvalidOperationException($"Unknown RACP filter type {Filter.Type}.");
        var bytes = new byte[3 + (OperandCount(Operator) * boundSize)];
        bytes[0] = (byte)OpCode;
        bytes[1] = (byte)Operator;
        bytes[2] = (byte)Filter.Type;
        var at = 3;
        if (Operator != RacpOperator.LessThanOrEqualTo)
        {
            WriteBound(bytes.AsSpan(at), Filter.Type, Filter.Minimum);
            at += boundSize;
        }
        if (Operator != RacpOperator.GreaterThanOrEqualTo)
        {
            WriteBound(bytes.AsSpan(at), Filter.Type, Filter.Maximum);
        }
        return bytes;
    }

    /// <summary>Decodes a written request (what a peripheral receives).</summary>
    /// <exception cref="DeviceFormatException">A response op code, an undefined op code, operator or filter
    /// type, or an operand of the wrong length (names the byte).</exception>
    public static RacpRequest Decode(ReadOnlySpan<byte> payload)
    {
        var reader = new GattReader(payload, GattCharacteristics.RecordAccessControlPoint);
        var opCode = (RacpOpCode)reader.U8("op code");
        if (!IsRequest(opCode))
        {
            throw reader.Fail(0, $"op code 0x{(byte)opCode:X2} is {(Enum.IsDefined(opCode) ? "a response, not a request" : "not defined")}");
        }
        var op = (RacpOperator)reader.U8("operator");
        if (!Enum.IsDefined(op))
        {
            throw reader.Fail(1, $"operator 0x{(byte)op:X2} is not defined");
        }
        if ((opCode == RacpOpCode.AbortOperation) != (op == RacpOperator.Null))
        {
            throw reader.Fail(1, opCode == RacpOpCode.AbortOperation
                ? "abort operation takes the Null operator"
                : "the Null operator is only for abort operation");
        }
        RacpFilter? filter = null;
        var count = OperandCount(op);
        if (count > 0)
        {
            var type = (RacpFilterType)reader.U8("filter type");
            var size = BoundSize(type) ?? throw reader.Fail(2, $"filter type 0x{(byte)type:X2} is not defined by GLS");
            RacpBound min = default, max = default;
            if (op != RacpOperator.LessThanOrEqualTo)
            {
                min = ReadBound(ref reader, type, "minimum");
            }
            if (op != RacpOperator.GreaterThanOrEqualTo)
            {
                max = ReadBound(ref reader, type, "maximum");
            }
            filter = new RacpFilter(type, min, max);
        }
        reader.ExpectEnd("operand");
        return new RacpRequest(opCode, op, filter);
    }

    private static bool IsRequest(RacpOpCode opCode) => opCode is >= RacpOpCode.ReportStoredRecords and <= RacpOpCode.ReportNumberOfStoredRecords;

    private static int OperandCount(RacpOperator op) => op switch
    {
        RacpOperator.LessThanOrEqualTo or RacpOperator.GreaterThanOrEqualTo => 1,
        RacpOperator.WithinRangeInclusive => 2,
        _ => 0,
    };

    private static int? BoundSize(RacpFilterType type) => type switch
    {
        RacpFilterType.SequenceNumber => 2,
        RacpFilterType.UserFacingTime => GattDateTime.Size,
        _ => null,
    };

    private static RacpBound ReadBound(ref GattReader reader, RacpFilterType type, string which) =>
        type == RacpFilterType.SequenceNumber
            ? RacpBound.Sequence(reader.U16($"{which} sequence number"))
            : RacpBound.At(reader.DateTime($"{which} user facing time"));

    private static void WriteBound(Span<byte> destination, RacpFilterType type, RacpBound bound)
    {
        if (type == RacpFilterType.SequenceNumber)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(destination, bound.SequenceNumber);
        }
        else
        {
            bound.Time.WriteTo(destination);
        }
    }
}
