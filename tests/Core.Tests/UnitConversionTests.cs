using TelemetryGateway.Core;

namespace TelemetryGateway.Core.Tests;

public class UnitConversionTests
{
    private static Quantity Canonical(string kind, double value, string unit)
    {
        var result = UnitConversion.ToCanonical(kind, value, unit);
        Assert.True(result.Success, result.Message);
        Assert.Equal(ConversionError.None, result.Error);
        return result.Value;
    }

    [Fact]
    public void Kilopascal_to_mmHg()
    {
        // BLS cuff with flags bit 0 set reports kPa: 16.0 kPa × 7.50062 = 120.00992 mmHg.
        var q = Canonical(ReadingKinds.BpSystolic, 16.0, "kPa");
        Assert.Equal("mm[Hg]", q.Unit);
        Assert.Equal(120.0099, q.Value, 4);
    }

    [Fact]
    public void Kilopascal_to_mmHg_applies_to_etco2_too()
    {
        // 5.0 kPa end-tidal CO2 = 37.5031 mmHg.
        var q = Canonical(ReadingKinds.EtCO2, 5.0, "kPa");
        Assert.Equal(37.5031, q.Value, 4);
    }

    [Theory]
    [InlineData("mm[Hg]")]
    [InlineData("mmHg")]
    [InlineData("MMHG")]
    [InlineData(" mmHg ")]
    public void MmHg_spellings_are_identity(string unit)
    {
        var q = Canonical(ReadingKinds.BpDiastolic, 80, unit);
        Assert.Equal(new Quantity(80, "mm[Hg]"), q);
    }

    [Theory]
    [InlineData("mg/dL")]
    [InlineData("mg/dl")]
    public void Glucose_mg_per_dL_to_mmol_per_L(string unit)
    {
        // 100 / 18.016 = 5.550621...
        var q = Canonical(ReadingKinds.Glucose, 100, unit);
        Assert.Equal("mmol/L", q.Unit);
        Assert.Equal(5.5506, q.Value, 4);
    }

    [Fact]
    public void Glucose_ble_kg_per_L_to_mmol_per_L()
    {
        // GLS concentration 0.00100 kg/L = 100 mg/dL = 5.5506 mmol/L.
        var q = Canonical(ReadingKinds.Glucose, 0.00100, "kg/L");
        Assert.Equal(5.5506, q.Value, 4);
    }

    [Fact]
    public void Glucose_ble_mol_per_L_to_mmol_per_L()
    {
        // GLS concentration 0.0055 mol/L = 5.5 mmol/L.
        var q = Canonical(ReadingKinds.Glucose, 0.0055, "mol/L");
        Assert.Equal(5.5, q.Value, 10);
    }

    [Fact]
    public void Glucose_mmol_is_identity()
    {
        Assert.Equal(new Quantity(7.2, "mmol/L"), Canonical(ReadingKinds.Glucose, 7.2, "mmol/L"));
    }

    [Theory]
    [InlineData("°F")]
    [InlineData("[degF]")]
    [InlineData("degF")]
    public void Fahrenheit_to_Celsius(string unit)
    {
        var q = Canonical(ReadingKinds.BodyTemperature, 98.6, unit);
        Assert.Equal("Cel", q.Unit);
        Assert.Equal(37.0, q.Value, 10);
    }

    [Fact]
    public void Fahrenheit_freezing_point_is_zero_Celsius()
    {
        // Guards against a factor-only (offset-less) conversion: 32 °F = 0 °C.
        Assert.Equal(0.0, Canonical(ReadingKinds.BodyTemperature, 32, "°F").Value, 10);
    }

    [Theory]
    [InlineData("lb")]
    [InlineData("lbs")]
    [InlineData("[lb_av]")]
    public void Pounds_to_kilograms(string unit)
    {
        // 154 × 0.45359237 = 69.85322498 kg.
        var q = Canonical(ReadingKinds.BodyWeight, 154, unit);
        Assert.Equal("kg", q.Unit);
        Assert.Equal(69.853, q.Value, 3);
    }

    [Theory]
    [InlineData("bpm")]
    [InlineData("beats/min")]
    [InlineData("/min")]
    [InlineData("{beats}/min")]
    public void Beats_per_minute_is_per_minute(string unit)
    {
        Assert.Equal(new Quantity(72, "/min"), Canonical(ReadingKinds.HeartRate, 72, unit));
    }

    [Fact]
    public void Breaths_per_minute_is_per_minute()
    {
        Assert.Equal(new Quantity(16, "/min"), Canonical(ReadingKinds.RespRate, 16, "breaths/min"));
    }

    [Fact]
    public void Percent_is_identity()
    {
        Assert.Equal(new Quantity(97, "%"), Canonical(ReadingKinds.SpO2, 97, "%"));
    }

    [Theory]
    [InlineData("mV", 1.25, 1250.0)]
    [InlineData("uV", 1250.0, 1250.0)]
    [InlineData("µV", 1250.0, 1250.0)]
    public void Ecg_voltage_to_microvolts(string unit, double value, double expected)
    {
        var q = Canonical("ecg.V1", value, unit);
        Assert.Equal("uV", q.Unit);
        Assert.Equal(expected, q.Value, 10);
    }

    [Fact]
    public void Incompatible_unit_is_a_failure_not_an_exception()
    {
        var result = UnitConversion.ToCanonical(ReadingKinds.BpSystolic, 120, "kg");
        Assert.False(result.Success);
        Assert.Equal(ConversionError.IncompatibleUnit, result.Error);
        Assert.Contains("mm[Hg]", result.Message);
    }

    [Theory]
    [InlineData(ReadingKinds.BpSystolic)]
    [InlineData(ReadingKinds.BodyWeight)]
    public void Glucose_mass_concentration_does_not_apply_to_other_kinds(string kind)
    {
        // mg/dL → mmol/L depends on glucose's molar mass; it must not leak to other kinds.
        var result = UnitConversion.ToCanonical(kind, 100, "mg/dL");
        Assert.Equal(ConversionError.IncompatibleUnit, result.Error);
    }

    [Theory]
    [InlineData("K")]   // kelvin: deliberately not accepted
    [InlineData("F")]   // farad in UCUM, ambiguous as temperature
    [InlineData("")]
    [InlineData("furlongs")]
    public void Unknown_unit_is_a_failure(string unit)
    {
        var result = UnitConversion.ToCanonical(ReadingKinds.BodyTemperature, 310, unit);
        Assert.False(result.Success);
        Assert.Equal(ConversionError.UnknownUnit, result.Error);
    }

    [Fact]
    public void Unknown_kind_is_a_failure()
    {
        var result = UnitConversion.ToCanonical("blood.alcohol", 0.5, "%");
        Assert.Equal(ConversionError.UnknownKind, result.Error);
        Assert.False(UnitConversion.TryToCanonical("blood.alcohol", 0.5, "%", out _));
    }

    [Fact]
    public void Try_pattern_returns_the_canonical_quantity()
    {
        Assert.True(UnitConversion.TryToCanonical(ReadingKinds.BodyWeight, 10, "lb", out var q));
        Assert.Equal("kg", q.Unit);
        Assert.Equal(4.5359237, q.Value, 10);
    }

    [Fact]
    public void Kindless_conversion_handles_generic_units_only()
    {
        Assert.True(UnitConversion.TryConvert(16.0, "kPa", "mmHg", out var mmHg));
        Assert.Equal(120.0099, mmHg, 4);
        Assert.True(UnitConversion.TryConvert(5, "mmol/L", "mmol/L", out var same));
        Assert.Equal(5, same);
        Assert.False(UnitConversion.TryConvert(100, "mg/dL", "mmol/L", out var none));
        Assert.True(double.IsNaN(none));
        Assert.False(UnitConversion.TryConvert(1, "mmHg", "kPa", out _)); // only towards canonical units
    }

    [Fact]
    public void Every_kinds_canonical_unit_converts_to_itself()
    {
        foreach (var info in ReadingKinds.All)
        {
            var result = UnitConversion.ToCanonical(info.Kind, 1.5, info.Unit);
            Assert.True(result.Success, $"{info.Kind}: {result.Message}");
            Assert.Equal(new Quantity(1.5, info.Unit), result.Value);
        }
    }
}
