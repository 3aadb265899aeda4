using System.Buffers.Binary;
using TelemetryGateway.Bluetooth.Gatt.Encoding;
using TelemetryGateway.Core;

namespace TelemetryGateway.Bluetooth.Gatt.RecordAccess;

/// <summary>An indication from the Record Access Control Point (GLS v1.0.1): either
/// <see cref="RacpNumberOfRecords"/> or <see cref="RacpResponseCode"/>.</summary>
public abstract record RacpResponse
{
    /// <summary>The bytes a server indicates.</summary>
    public abstract byte[] Encode();

    /// <summary>Decodes an indication.</summary>
    /// <exception cref="DeviceFormatException">A request op code, a non-Null operator, or an operand of the
    /// wrong length (names the byte).</exception>
    public static RacpResponse Decode(ReadOnlySpan<byte> payload)
    {
        var reader = new GattReader(payload, GattCharacteristics.RecordAccessControlPoint);
        var opCode = (RacpOpCode)reader.U8("op code");
        if (opCode is not (RacpOpCode.NumberOfStoredRecordsResponse or RacpOpCode.ResponseCode))
        {
            throw reader.Fail(0, $"op code 0x{(byte)opCode:X2} is {(Enum.IsDefined(opCode) ? "a request, not a response" : "not defined")}");
        }
        var op = reader.U8("operator");
        if (op != (byte)RacpOperator.Null)
        {
            // GLS v1.0.1: both responses carry the Null operator.
            throw reader.Fail(1, $"operator 0x{op:X2} in a response (must be Null, 0x00)");
        }
        if (opCode == RacpOpCode.ResponseCode)
        {
            var request = (RacpOpCode)reader.U8("request op code");
            var value = (RacpResponseValue)reader.U8("response code value");
            reader.ExpectEnd("response code operand");
            return new RacpResponseCode(request, value);
        }
        // GLS: uint16 count. CGMS (the same control point in another profile) uses uint32; both are
        // accepted since the operand length says which. A 1- or 3-byte count is neither and rejected.
        return reader.Remaining switch
        {
            2 => new RacpNumberOfRecords(reader.U16("number of records")),
            4 => new RacpNumberOfRecords(reader.U32("number of records")),
            _ => throw reader.Fail(2, $"number of records operand is {reader.Remaining} byte(s), expected 2 (GLS uint16) or 4 (CGMS uint32)"),
        };
    }
}

/// <summary>Number of Stored Records Response (op code 0x05).</summary>
public sealed record RacpNumberOfRecords(uint Count) : RacpResponse
{
    /// <summary>Encodes the GLS form (uint16) when the count fits, else the CGMS uint32 form.</summary>
    public override byte[] Encode()
    {
        if (Count <= ushort.MaxValue)
        {
            var shortForm = new byte[4];
            shortForm[0] = (byte)RacpOpCode.NumberOfStoredRecordsResponse;
            BinaryPrimitives.WriteUInt16LittleEndian(shortForm.AsSpan(2), (ushort)Count);
            return shortForm;
        }
        var longForm = new byte[6];
        longForm[0] = (byte)RacpOpCode.NumberOfStoredRecordsResponse;
        BinaryPrimitives.WriteUInt32LittleEndian(longForm.AsSpan(2), Count);
        return longForm;
    }
}

/// <summary>Response Code (op code 0x06): the outcome of <see cref="RequestOpCode"/>.</summary>
public sealed record RacpResponseCode(RacpOpCode RequestOpCode, RacpResponseValue Value) : RacpResponse
{
    /// <summary>Success, or "no records found" (the request was fine, there was nothing to report).</summary>
    public bool IsSuccess => Value is RacpResponseValue.Success or RacpResponseValue.NoRecordsFound;

    public override byte[] Encode() => [(byte)RacpOpCode.ResponseCode, (byte)RacpOperator.Null, (byte)RequestOpCode, (byte)Value];
}
