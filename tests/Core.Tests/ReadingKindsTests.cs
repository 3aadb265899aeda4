using TelemetryGateway.Core;

namespace TelemetryGateway.Core.Tests;

public class ReadingKindsTests
{
    // The design table (design.md "Reading vocabulary"): kind, LOINC, canonical UCUM unit.
    [Theory]
    [InlineData("bp.systolic", "8480-6", "mm[Hg]")]
    [InlineData("bp.diastolic", "8462-4", "mm[Hg]")]
    [InlineData("bp.mean", "8478-0", "mm[Hg]")]
    [InlineData("heart.rate", "8867-4", "/min")]
    [InlineData("pulse.rate", "8889-8", "/min")]
    [InlineData("glucose", "15074-8", "mmol/L")]
    [InlineData("spo2", "59408-5", "%")]
    [InlineData("resp.rate", "9279-1", "/min")]
    [InlineData("etco2", "19889-5", "mm[Hg]")]
    [InlineData("body.temperature", "8310-5", "Cel")]
    [InlineData("body.weight", "29463-7", "kg")]
    public void Design_table_kinds(string kind, string loinc, string unit)
    {
        Assert.True(ReadingKinds.TryGet(kind, out var info));
        Assert.Equal(kind, info.Kind);
        Assert.Equal(loinc, info.Loinc);
        Assert.Equal(unit, info.Unit);
        Assert.False(string.IsNullOrWhiteSpace(info.DisplayName));
        Assert.True(info.PlausibleMin < info.PlausibleMax);
        Assert.False(info.IsWaveform);
    }

    // Beyond the design table: the coded NEWS2 parameters a monitor may report (RCP NEWS2 2017, Chart 1).
    [Theory]
    [InlineData("consciousness.acvpu", 4)]
    [InlineData("oxygen.supplemental", 1)]
    public void News2_coded_kinds(string kind, double highest)
    {
        Assert.True(ReadingKinds.TryGet(kind, out var info));
        Assert.Null(info.Loinc);
        Assert.Equal("1", info.Unit);
        Assert.Equal((0, highest), (info.PlausibleMin, info.PlausibleMax));
        Assert.False(info.IsWaveform);
    }

    [Fact]
    public void Vocabulary_has_thirteen_scalar_kinds_and_twelve_ecg_leads()
    {
        Assert.Equal(25, ReadingKinds.All.Count);
        Assert.Equal(12, ReadingKinds.All.Count(k => k.IsWaveform));
        Assert.Equal(ReadingKinds.All.Count, ReadingKinds.All.Select(k => k.Kind).Distinct().Count());
    }

    [Theory]
    [InlineData("I")]
    [InlineData("II")]
    [InlineData("III")]
    [InlineData("aVR")]
    [InlineData("aVL")]
    [InlineData("aVF")]
    [InlineData("V1")]
    [InlineData("V6")]
    public void Ecg_leads_are_known(string lead)
    {
        var kind = ReadingKinds.Ecg(lead);
        Assert.Equal("ecg." + lead, kind);
        Assert.True(ReadingKinds.TryGet(kind, out var info));
        Assert.Equal("uV", info.Unit);
        Assert.Null(info.Loinc);
        Assert.True(info.IsWaveform);
        Assert.Equal(lead, ReadingKinds.LeadOf(kind));
    }

    [Theory]
    [InlineData("ecg.")]
    [InlineData("ecg.V7")]
    [InlineData("ecg.avr")]       // one spelling only: the kind is a storage key
    [InlineData("ecg.ii")]
    [InlineData("ecg.II ")]
    [InlineData("ecg")]
    [InlineData("ECG.II")]
    public void Invalid_ecg_kinds_are_unknown(string kind)
    {
        Assert.False(ReadingKinds.TryGet(kind, out var info));
        Assert.Null(info);
        Assert.Null(ReadingKinds.LeadOf(kind));
    }

    [Theory]
    [InlineData("")]
    [InlineData("bp")]
    [InlineData("BP.SYSTOLIC")]
    [InlineData("bp.systolic ")]
    [InlineData("blood.alcohol")]
    [InlineData("glucose.fasting")]
    public void Unknown_kinds_are_rejected(string kind)
    {
        Assert.False(ReadingKinds.IsKnown(kind));
        Assert.Throws<KeyNotFoundException>(() => ReadingKinds.Get(kind));
    }

    [Fact]
    public void Null_kind_is_unknown()
    {
        Assert.False(ReadingKinds.TryGet(null, out _));
        Assert.Null(ReadingKinds.LeadOf(null));
    }

    [Fact]
    public void Ecg_factory_rejects_invalid_leads()
    {
        Assert.Throws<ArgumentException>(() => ReadingKinds.Ecg("V7"));
        Assert.Throws<ArgumentException>(() => ReadingKinds.Ecg("avr"));
    }

    [Fact]
    public void LeadOf_a_scalar_kind_is_null()
    {
        Assert.Null(ReadingKinds.LeadOf(ReadingKinds.HeartRate));
    }

    [Theory]
    [InlineData("AVR", "aVR")]
    [InlineData("avf", "aVF")]
    [InlineData(" ii ", "II")]
    [InlineData("v5", "V5")]
    public void Lead_spellings_normalize(string given, string canonical)
    {
        Assert.True(EcgLeads.TryNormalize(given, out var lead));
        Assert.Equal(canonical, lead);
    }

    [Theory]
    [InlineData("V7")]
    [InlineData("MCL1")]
    [InlineData("")]
    [InlineData(null)]
    public void Unknown_leads_do_not_normalize(string? given)
    {
        Assert.False(EcgLeads.TryNormalize(given, out var lead));
        Assert.Null(lead);
    }

    [Theory]
    [InlineData("spo2", 0, true)]
    [InlineData("spo2", 100, true)]
    [InlineData("spo2", 100.1, false)]
    [InlineData("spo2", -1, false)]
    [InlineData("bp.systolic", 1200, false)]   // 1200: kPa×75 mix-up territory
    [InlineData("body.temperature", 98.6, false)]  // °F stored as °C
    [InlineData("body.temperature", 37.0, true)]
    [InlineData("glucose", 100, true)]  // severe hyperglycaemia in mmol/L is real
    [InlineData("glucose", 600, false)] // mg/dL left unconverted
    [InlineData("heart.rate", double.NaN, false)]
    public void Plausible_ranges(string kind, double value, bool plausible)
    {
        Assert.Equal(plausible, ReadingKinds.Get(kind).IsPlausible(value));
    }
}
