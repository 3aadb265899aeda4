using TelemetryGateway.Bluetooth.Gatt.Encoding;
using TelemetryGateway.Bluetooth.Gatt.RecordAccess;
using static TelemetryGateway.Bluetooth.Tests.Gatt.GattAssert;

namespace TelemetryGateway.Bluetooth.Tests.Gatt;

/// <summary>Record Access Control Point 0x2A52 (GSS §3.178; GLS v1.0.1): requests and responses.</summary>
public class RecordAccessControlPointTests
{
    private static string HexOf(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    [Theory]
    // GLS v1.0.1 RACP procedures: op code, operator, [filter type, operand(s)], little-endian.
    [InlineData("0101")]             // report stored records: all
    [InlineData("0105")]             // report stored records: first record
    [InlineData("0106")]             // report stored records: last record
    [InlineData("0201")]             // delete stored records: all
    [InlineData("0300")]             // abort operation (Null operator)
    [InlineData("0401")]             // report number of stored records: all
    [InlineData("010301d204")]       // report records with sequence number >= 1234
    [InlineData("010201ffff")]       // report records with sequence number <= 65535
    [InlineData("0104010a001400")]   // report records with sequence number in [10, 20]
    [InlineData("0403013200")]       // report number of records >= 50
    [InlineData("010302ea070b1608000a")] // report records with user facing time >= 2026-11-22 08:00:10
    [InlineData("010402e40705150a1e2dea070b16081e00")] // user facing time in [2020-05-21 10:30:45, 2026-11-22 08:30:00]
    public void Requests_round_trip(string hex)
    {
        var request = RacpRequest.Decode(Hex(hex));
        Assert.Equal(hex, HexOf(request.Encode()));
    }

    [Fact]
    public void Request_factories_write_the_glucose_sync_procedures()
    {
        Assert.Equal("0101", HexOf(RacpRequest.ReportAll().Encode()));
        Assert.Equal("0103013300", HexOf(RacpRequest.ReportFrom(51).Encode()));
        Assert.Equal("0104010100 3200".Replace(" ", ""), HexOf(RacpRequest.ReportRange(1, 50).Encode()));
        Assert.Equal("0401", HexOf(RacpRequest.CountAll().Encode()));
        Assert.Equal("0403013300", HexOf(RacpRequest.CountFrom(51).Encode()));
        Assert.Equal("0300", HexOf(RacpRequest.Abort().Encode()));

        var decoded = RacpRequest.Decode(Hex("0103013300"));
        Assert.Equal(RacpOpCode.ReportStoredRecords, decoded.OpCode);
        Assert.Equal(RacpOperator.GreaterThanOrEqualTo, decoded.Operator);
        Assert.Equal(RacpFilterType.SequenceNumber, decoded.Filter!.Type);
        Assert.Equal(51, decoded.Filter.Minimum.SequenceNumber);

        var range = RacpRequest.Decode(Hex("010402e40705150a1e2dea070b16081e00"));
        Assert.Equal(new GattDateTime(2020, 5, 21, 10, 30, 45), range.Filter!.Minimum.Time);
        Assert.Equal(new GattDateTime(2026, 11, 22, 8, 30, 0), range.Filter.Maximum.Time);
    }

    [Fact]
    public void Malformed_request_objects_are_refused_before_writing()
    {
        Assert.Throws<InvalidOperationException>(() => new RacpRequest(RacpOpCode.ReportStoredRecords, RacpOperator.GreaterThanOrEqualTo).Encode());
        Assert.Throws<InvalidOperationException>(() => new RacpRequest(RacpOpCode.AbortOperation, RacpOperator.AllRecords).Encode());
        Assert.Throws<InvalidOperationException>(() => new RacpRequest(RacpOpCode.ResponseCode, RacpOperator.Null).Encode());
        Assert.Throws<InvalidOperationException>(() => new RacpRequest(RacpOpCode.ReportStoredRecords, RacpOperator.Null).Encode());
    }

    [Theory]
    [InlineData("0501", 0, "a response, not a request")]
    [InlineData("0901", 0, "not defined")]
    [InlineData("0107", 1, "operator 0x07")]
    [InlineData("0301", 1, "abort operation takes the Null operator")]
    [InlineData("0100", 1, "only for abort")]
    [InlineData("010303d204", 2, "filter type 0x03")]
    [InlineData("010301d2", 3, "minimum sequence number")]
    [InlineData("0104010a00", 5, "maximum sequence number")]
    [InlineData("010101", 2, "unexpected")]
    [InlineData("010302ea070d1608000a", 5, "month 13")]
    [InlineData("", 0, "op code")]
    public void Malformed_requests_name_the_byte(string hex, int at, string problem) =>
        Rejects(hex, at, b => RacpRequest.Decode(b), problem);

    [Theory]
    // NordicSemiconductor/Android-BLE-Library@4a86e6c, RecordAccessControlPointDataCallbackTest
    [InlineData("06000101", RacpOpCode.ReportStoredRecords, RacpResponseValue.Success, true)]
    [InlineData("06000c02", (RacpOpCode)12, RacpResponseValue.OpCodeNotSupported, false)]
    [InlineData("06000103", RacpOpCode.ReportStoredRecords, RacpResponseValue.InvalidOperator, false)]
    [InlineData("06000204", RacpOpCode.DeleteStoredRecords, RacpResponseValue.OperatorNotSupported, false)]
    [InlineData("06000105", RacpOpCode.ReportStoredRecords, RacpResponseValue.InvalidOperand, false)]
    [InlineData("06000106", RacpOpCode.ReportStoredRecords, RacpResponseValue.NoRecordsFound, true)]
    [InlineData("06000307", RacpOpCode.AbortOperation, RacpResponseValue.AbortUnsuccessful, false)]
    [InlineData("06000208", RacpOpCode.DeleteStoredRecords, RacpResponseValue.ProcedureNotCompleted, false)]
    [InlineData("06000209", RacpOpCode.DeleteStoredRecords, RacpResponseValue.OperandNotSupported, false)]
    [InlineData("0600010a", RacpOpCode.ReportStoredRecords, (RacpResponseValue)10, false)] // unknown code kept as a number
    public void Response_codes(string hex, RacpOpCode request, RacpResponseValue value, bool success)
    {
        var response = Assert.IsType<RacpResponseCode>(RacpResponse.Decode(Hex(hex)));
        Assert.Equal(request, response.RequestOpCode);
        Assert.Equal(value, response.Value);
        Assert.Equal(success, response.IsSuccess);
        Assert.Equal(hex, HexOf(response.Encode()));
    }

    [Theory]
    // Nordic onNumberOfRecordsReceived_uint16 / _uint32 (uint32 is the CGMS form of the same control point)
    [InlineData("05000201", 258u)]
    [InlineData("050004030201", 16909060u)]
    [InlineData("05003200", 50u)]
    // GLP v1.0, informative RACP example: "Op Code 0x05, Operator 0x00 (Null), Operand … 0x00F7"
    // in reply to Op Code 0x04 / Operator 0x01 (all records).
    [InlineData("0500f700", 247u)]
    public void Number_of_stored_records(string hex, uint count)
    {
        var response = Assert.IsType<RacpNumberOfRecords>(RacpResponse.Decode(Hex(hex)));
        Assert.Equal(count, response.Count);
        Assert.Equal(hex, HexOf(response.Encode()));
    }

    [Theory]
    // Nordic onNumberOfRecordsReceived_unsupportedLength: a 3-byte count is neither uint16 nor uint32
    [InlineData("0500030201", 2, "3 byte(s)")]
    // Nordic onNumberOfRecordsReceived_uint8 (library_policy): Nordic accepts a 1-byte count. We do not:
    // GLS defines the operand as uint16, and a short count could be a truncated one (3 read as 0x0103 …).
    [InlineData("050001", 2, "1 byte(s)")]
    // Nordic onInvalidDataReceived_tooShort / _wrongOpCode / _invalidOperator
    [InlineData("0101", 0, "a request, not a response")]
    [InlineData("0103010200", 0, "a request, not a response")]
    [InlineData("060101", 1, "must be Null")]
    [InlineData("0600", 2, "request op code")]
    [InlineData("060001", 3, "response code value")]
    [InlineData("0600010100", 4, "unexpected")]
    [InlineData("0500", 2, "0 byte(s)")]
    [InlineData("", 0, "op code")]
    public void Malformed_responses_name_the_byte(string hex, int at, string problem) =>
        Rejects(hex, at, b => RacpResponse.Decode(b), problem);
}
