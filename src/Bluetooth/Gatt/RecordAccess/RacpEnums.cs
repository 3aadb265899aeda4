namespace TelemetryGateway.Bluetooth.Gatt.RecordAccess;

/// <summary>RACP op codes (GSS §3.178; GLS v1.0.1, Table 3.4).</summary>
public enum RacpOpCode : byte
{
    ReportStoredRecords = 0x01,
    DeleteStoredRecords = 0x02,
    AbortOperation = 0x03,
    ReportNumberOfStoredRecords = 0x04,
    NumberOfStoredRecordsResponse = 0x05,
    ResponseCode = 0x06,
}

/// <summary>RACP operators (GLS v1.0.1, RACP Operator).</summary>
public enum RacpOperator : byte
{
    Null = 0x00,
    AllRecords = 0x01,
    LessThanOrEqualTo = 0x02,
    GreaterThanOrEqualTo = 0x03,
    WithinRangeInclusive = 0x04,
    FirstRecord = 0x05,
    LastRecord = 0x06,
}

/// <summary>RACP filter types of the Glucose profile (GLS v1.0.1, RACP Filter Type).</summary>
public enum RacpFilterType : byte
{
    /// <summary>The Glucose Measurement sequence number, uint16.</summary>
    SequenceNumber = 0x01,
    /// <summary>User facing time: base time + time offset, as a GATT Date Time.</summary>
    UserFacingTime = 0x02,
}

/// <summary>RACP Response Code values (GLS v1.0.1, RACP Response Code Values; GSS §3.178.4). Other values are kept as numbers.</summary>
public enum RacpResponseValue : byte
{
    Success = 0x01,
    OpCodeNotSupported = 0x02,
    InvalidOperator = 0x03,
    OperatorNotSupported = 0x04,
    InvalidOperand = 0x05,
    NoRecordsFound = 0x06,
    AbortUnsuccessful = 0x07,
    ProcedureNotCompleted = 0x08,
    OperandNotSupported = 0x09,
}
