using TelemetryGateway.Bluetooth.Gatt.Encoding;
using static TelemetryGateway.Bluetooth.Tests.Gatt.GattAssert;

namespace TelemetryGateway.Bluetooth.Tests.Gatt;

/// <summary>IEEE 11073-20601 SFLOAT and FLOAT. Hex is wire order (little-endian).</summary>
public class MedicalFloatTests
{
    private static MedicalFloat SFloat(string hex) => MedicalFloat.FromSFloat(BitConverter.ToUInt16(Hex(hex)));

    private static MedicalFloat Float(string hex) => MedicalFloat.FromFloat(BitConverter.ToUInt32(Hex(hex)));

    [Theory]
    // NordicSemiconductor/Android-BLE-Library@4a86e6c, MutableDataTest setValue_SFLOAT_* (decode side of their round trips)
    [InlineData("65f0", 101, -1, 10.1)]
    [InlineData("d3f4", 1235, -1, 123.5)]
    [InlineData("d2c4", 1234, -4, 0.1234)]
    [InlineData("e843", 1000, 4, 10000000.0)]
    [InlineData("e833", 1000, 3, 1000000.0)]
    [InlineData("e933", 1001, 3, 1001000.0)]
    [InlineData("0100", 1, 0, 1.0)]
    // im97mori-github/JavaBLEUtil IEEE_11073_20601_SFLOATTest test_createSfloat_006/_007/_009/_010/_013/_014
    [InlineData("0102", 513, 0, 513.0)]
    [InlineData("010f", -255, 0, -255.0)]
    [InlineData("0210", 2, 1, 20.0)]
    [InlineData("02f0", 2, -1, 0.2)]
    [InlineData("0172", 513, 7, 5130000000.0)]
    [InlineData("01f2", 513, -1, 51.3)]
    // tidepool-org/BluetoothCommonKit testFloatingPointToSFLoat / testCanonical* (their encoder's bytes, decoded)
    [InlineData("b5f4", 1205, -1, 120.5)]
    [InlineData("0000", 0, 0, 0.0)]
    [InlineData("e813", 1000, 1, 10000.0)]
    [InlineData("3028", -2000, 2, -200000.0)]
    [InlineData("2c61", 300, 6, 300000000.0)]
    [InlineData("707e", -400, 7, -4000000000.0)]
    [InlineData("ff77", 2047, 7, 20470000000.0)]
    [InlineData("0078", -2048, 7, -20480000000.0)]
    [InlineData("18cc", -1000, -4, -0.1)]
    [InlineData("d0b7", 2000, -5, 0.02)]
    [InlineData("d4be", -300, -5, -0.003)]
    [InlineData("90a1", 400, -6, 0.0004)]
    [InlineData("32ab", -1230, -6, -0.00123)]
    [InlineData("c8a1", 456, -6, 0.000456)]
    [InlineData("eb8c", -789, -8, -0.00000789)]
    [InlineData("e8c3", 1000, -4, 0.1)]
    [InlineData("4cc4", 1100, -4, 0.11)]
    [InlineData("e4e0", 228, -2, 2.28)]
    [InlineData("e6e0", 230, -2, 2.3)]
    [InlineData("01e4", 1025, -2, 10.25)]
    [InlineData("cdf0", 205, -1, 20.5)]
    [InlineData("fd07", 2045, 0, 2045.0)]
    [InlineData("cc10", 204, 1, 2040.0)]
    [InlineData("341f", -204, 1, -2040.0)]
    [InlineData("0308", -2045, 0, -2045.0)]
    // 0x800 as mantissa is only reserved at exponent 0 (tidepool testCanonical: -204.8).
    [InlineData("00f8", -2048, -1, -204.8)]
    [InlineData("ffd7", 2047, -3, 2.047)]
    [InlineData("fff7", 2047, -1, 204.7)]
    [InlineData("83ef", -125, -2, -1.25)]
    [InlineData("03f0", 3, -1, 0.3)]
    [InlineData("6400", 100, 0, 100.0)]
    [InlineData("5f00", 95, 0, 95.0)]
    [InlineData("9001", 400, 0, 400.0)]
    // HL7/phd implementation guide, "Mder FLOATs and SFLOATs" table (SFLOAT column)
    [InlineData("14f0", 20, -1, 2.0)]
    [InlineData("c8e0", 200, -2, 2.0)]
    [InlineData("0220", 2, 2, 200.0)]
    [InlineData("d204", 1234, 0, 1234.0)]
    [InlineData("2e0b", -1234, 0, -1234.0)]
    public void SFloat_decodes_mantissa_exponent_and_exact_value(string hex, int mantissa, int exponent, double value)
    {
        var f = SFloat(hex);
        Assert.Equal(MedicalFloatSpecial.None, f.Special);
        Assert.Equal(mantissa, f.Mantissa);
        Assert.Equal(exponent, f.Exponent);
        Assert.Equal(value, f.Value);
        Assert.True(f.IsFinite);
    }

    [Theory]
    // im97mori JavaBLEUtil test_createSfloat_001…005 (exactly one special each); Nordic setValue_SFLOAT_nan/±Infinity;
    // tidepool testSFloatToDouble (which maps RFU and NRes to NaN as well: we keep them apart, the value says which).
    [InlineData("ff07", MedicalFloatSpecial.NaN, double.NaN)]
    [InlineData("0008", MedicalFloatSpecial.NRes, double.NaN)]
    [InlineData("fe07", MedicalFloatSpecial.PositiveInfinity, double.PositiveInfinity)]
    [InlineData("0208", MedicalFloatSpecial.NegativeInfinity, double.NegativeInfinity)]
    [InlineData("0108", MedicalFloatSpecial.Reserved, double.NaN)]
    public void SFloat_special_values_say_which_special(string hex, MedicalFloatSpecial special, double value)
    {
        var f = SFloat(hex);
        Assert.Equal(special, f.Special);
        Assert.False(f.IsFinite);
        Assert.Equal(value, f.Value);
    }

    [Theory]
    // Only exponent 0 makes 0x7FE…0x802 special: with exponent 1 they are numbers.
    [InlineData("fe17", 2046, 1)]
    [InlineData("ff17", 2047, 1)]
    [InlineData("0018", -2048, 1)]
    [InlineData("0118", -2047, 1)]
    [InlineData("0218", -2046, 1)]
    public void Reserved_mantissas_are_numbers_with_a_nonzero_exponent(string hex, int mantissa, int exponent)
    {
        var f = SFloat(hex);
        Assert.Equal(MedicalFloatSpecial.None, f.Special);
        Assert.Equal((mantissa, exponent), (f.Mantissa, f.Exponent));
    }

    [Theory]
    // NordicSemiconductor/Android-BLE-Library setValue_FLOAT_hex/_basic/_roundUp
    [InlineData("87d612fe", 1234567, -2, 12345.67)]
    [InlineData("01000000", 1, 0, 1.0)]
    [InlineData("88d612fd", 1234568, -3, 1234.568)]
    // im97mori JavaBLEUtil IEEE_11073_20601_FLOATTest test_createFloat_006…_014
    [InlineData("01020300", 197121, 0, 197121.0)]
    [InlineData("01020304", 197121, 4, 1971210000.0)]
    [InlineData("0102ff04", -65023, 4, -650230000.0)]
    [InlineData("010203ff", 197121, -1, 19712.1)]
    // Health thermometer values from Nordic / nRF Toolbox tests (FLOAT inside 0x2A1C)
    [InlineData("b00e00fe", 3760, -2, 37.6)]
    [InlineData("710e00fe", 3697, -2, 36.97)]
    [InlineData("c40900fe", 2500, -2, 25.0)]
    // HL7/phd implementation guide, "Mder FLOATs and SFLOATs" table (FLOAT column)
    // 0xFF000002 (not in that table): the exponent byte is signed, 2e-1
    [InlineData("020000ff", 2, -1, 0.2)]
    [InlineData("140000ff", 20, -1, 2.0)]
    [InlineData("c80000fe", 200, -2, 2.0)]
    [InlineData("02000001", 2, 1, 20.0)]
    [InlineData("2efbff00", -1234, 0, -1234.0)]
    public void Float_decodes_mantissa_exponent_and_exact_value(string hex, int mantissa, int exponent, double value)
    {
        var f = Float(hex);
        Assert.Equal(MedicalFloatSpecial.None, f.Special);
        Assert.Equal((mantissa, exponent), (f.Mantissa, f.Exponent));
        Assert.Equal(value, f.Value);
    }

    [Theory]
    // im97mori test_createFloat_001…005; Nordic setValue_FLOAT_nan/±Infinity; nRF Toolbox temperature NaN.
    [InlineData("ffff7f00", MedicalFloatSpecial.NaN)]
    [InlineData("00008000", MedicalFloatSpecial.NRes)]
    [InlineData("feff7f00", MedicalFloatSpecial.PositiveInfinity)]
    [InlineData("02008000", MedicalFloatSpecial.NegativeInfinity)]
    [InlineData("01008000", MedicalFloatSpecial.Reserved)]
    public void Float_special_values_say_which_special(string hex, MedicalFloatSpecial special) =>
        Assert.Equal(special, Float(hex).Special);

    [Theory]
    // Our encoder policy (MedicalFloat.FromDouble): most precision, then trailing zeros dropped while the
    // exponent is negative. It reproduces tidepool's canonical encodings and Nordic's setValue_SFLOAT bytes.
    [InlineData(120.5, "b5f4")]
    [InlineData(-1.25, "83ef")]
    [InlineData(0.3, "03f0")]
    [InlineData(100.0, "6400")]
    [InlineData(95.0, "5f00")]
    [InlineData(400.0, "9001")]
    [InlineData(2.047, "ffd7")]
    [InlineData(204.7, "fff7")]
    [InlineData(-204.8, "00f8")]
    [InlineData(10000.0, "e813")]
    [InlineData(-200000.0, "3028")]
    [InlineData(300000000.0, "2c61")]
    [InlineData(-4000000000.0, "707e")]
    [InlineData(20470000000.0, "ff77")]
    [InlineData(-20480000000.0, "0078")]
    [InlineData(2.28, "e4e0")]
    [InlineData(10.25, "01e4")]
    [InlineData(20.5, "cdf0")]
    [InlineData(2045.0, "fd07")]
    [InlineData(-2045.0, "0308")]
    [InlineData(0.0, "0000")]
    [InlineData(10.1, "65f0")]
    [InlineData(123.45, "d3f4")]
    [InlineData(0.12344, "d2c4")]
    [InlineData(10000000.0, "e843")]
    [InlineData(1000400.0, "e833")]
    [InlineData(1000500.0, "e933")]
    [InlineData(1.0, "0100")]
    // Specials (tidepool testFloatingPointToSFLoat): too large → ±INF, below resolution → NRes, NaN → NaN.
    [InlineData(1234e10, "fe07")]
    [InlineData(-1234e10, "0208")]
    [InlineData(double.NaN, "ff07")]
    [InlineData(1e-9, "0008")]
    [InlineData(-1e-9, "0008")]
    // Where we differ from tidepool's lossy legacy encoder: 2046 is 205e1 (2050, nearest), not 204e1 (2040),
    // and 0.1 keeps the short form 1e-1 (same value as their 1000e-4).
    [InlineData(2046.0, "cd10")]
    [InlineData(0.1, "01f0")]
    public void SFloat_encoder_policy(double value, string hex)
    {
        var bits = MedicalFloat.ToSFloat(value).ToSFloatBits();
        Assert.Equal(hex, Convert.ToHexString(BitConverter.GetBytes(bits)).ToLowerInvariant());
    }

    [Theory]
    [InlineData(12345.67, "87d612fe")]
    [InlineData(1.0, "01000000")]
    [InlineData(1234.5678, "88d612fd")]
    [InlineData(37.6, "780100ff")]
    [InlineData(double.NaN, "ffff7f00")]
    [InlineData(double.PositiveInfinity, "feff7f00")]
    [InlineData(double.NegativeInfinity, "02008000")]
    public void Float_encoder_policy(double value, string hex)
    {
        var bits = MedicalFloat.ToFloat(value).ToFloatBits();
        Assert.Equal(hex, Convert.ToHexString(BitConverter.GetBytes(bits)).ToLowerInvariant());
    }

    [Fact]
    public void Every_SFloat_bit_pattern_round_trips_through_its_fields()
    {
        for (var raw = 0; raw <= ushort.MaxValue; raw++)
        {
            var f = MedicalFloat.FromSFloat((ushort)raw);
            var back = f.ToSFloatBits();
            if (f.IsFinite)
            {
                Assert.Equal(raw, back);
            }
            else
            {
                // A special decodes the same whatever spelling it came from (there is only one per special).
                Assert.Equal(f.Special, MedicalFloat.FromSFloat(back).Special);
            }
        }
    }

    [Fact]
    public void Encoding_an_unencodable_pair_is_refused()
    {
        Assert.Throws<OverflowException>(() => new MedicalFloat(2046, 0, MedicalFloatSpecial.None).ToSFloatBits());
        Assert.Throws<OverflowException>(() => new MedicalFloat(2048, 1, MedicalFloatSpecial.None).ToSFloatBits());
        Assert.Throws<OverflowException>(() => new MedicalFloat(1, 8, MedicalFloatSpecial.None).ToSFloatBits());
        Assert.Throws<OverflowException>(() => new MedicalFloat(0x80_0000, 1, MedicalFloatSpecial.None).ToFloatBits());
    }
}
