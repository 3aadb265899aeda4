using TelemetryGateway.Core;
using TelemetryGateway.Storage.SeriesStore;

namespace TelemetryGateway.Storage.Tests.SeriesStore;

public abstract partial class ReadingStoreContract
{
    private Task<IReadOnlyDictionary<string, StoredReading>> Latest(ReadingScope scope) =>
        Store.LatestAsync(scope).WaitAsync(StoreFixture.Timeout);

    [Fact]
    public async Task Latest_gives_the_newest_reading_of_each_kind_for_a_patient_across_devices()
    {
        await Store.Write("gw",
            Sample.At(0, ReadingKinds.BpSystolic, 150, "cuff-1", "anna"),
            Sample.At(30, ReadingKinds.BpSystolic, 142, "cuff-1", "anna"),
            Sample.At(20, ReadingKinds.BpDiastolic, 95, "cuff-1", "anna"),
            Sample.At(45, ReadingKinds.Glucose, 7.2, "meter-9", "anna"),
            Sample.At(5, ReadingKinds.Glucose, 9.9, "meter-9", "anna"),
            Sample.At(90, ReadingKinds.BpSystolic, 180, "cuff-1", "bo"));

        var latest = await Latest(ReadingScope.Patient("anna"));

        Assert.Equal(
            [(ReadingKinds.BpDiastolic, 95.0), (ReadingKinds.BpSystolic, 142.0), (ReadingKinds.Glucose, 7.2)],
            latest.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value.Reading.Value)));
        Assert.Equal("meter-9", latest[ReadingKinds.Glucose].Reading.DeviceId);
    }

    [Fact]
    public async Task Latest_goes_by_effective_time_not_by_arrival()
    {
        await Store.Write("gw", Sample.At(60, value: 135));
        await Store.Write("gw-backfill", Sample.At(10, value: 170)); // an older record synced later

        var latest = await Latest(ReadingScope.Patient("patient-1"));

        Assert.Equal(135, Assert.Single(latest).Value.Reading.Value);
    }

    [Fact]
    public async Task Latest_for_a_device_spans_the_patients_it_measured()
    {
        await Store.Write("gw",
            Sample.At(0, ReadingKinds.BpSystolic, 120, "shared-cuff", "anna"),
            Sample.At(15, ReadingKinds.BpSystolic, 160, "shared-cuff", "bo"),
            Sample.At(15, ReadingKinds.HeartRate, 72, "shared-cuff", null),
            Sample.At(99, ReadingKinds.BpSystolic, 100, "other-cuff", "anna"));

        var latest = await Latest(ReadingScope.Device("shared-cuff"));

        Assert.Equal(2, latest.Count);
        Assert.Equal("bo", latest[ReadingKinds.BpSystolic].Reading.PatientId);
        Assert.Equal(160, latest[ReadingKinds.BpSystolic].Reading.Value);
        Assert.Equal(72, latest[ReadingKinds.HeartRate].Reading.Value);
    }

    [Fact]
    public async Task Latest_at_a_tied_instant_is_the_last_stored()
    {
        await Store.Write("gw", Sample.Make(value: 1, record: 1, measured: Sample.T0));
        await Store.Write("gw", Sample.Make(value: 2, record: 2, measured: Sample.T0));

        var latest = await Latest(ReadingScope.Patient("patient-1"));

        Assert.Equal(2, Assert.Single(latest).Value.Reading.Value);
    }

    [Fact]
    public async Task Latest_for_an_unknown_patient_is_empty()
    {
        await Store.Write("gw", Sample.At(0));

        Assert.Empty(await Latest(ReadingScope.Patient("nobody")));
        Assert.Empty(await Latest(ReadingScope.Device("nothing")));
    }

    [Fact]
    public async Task Latest_with_many_kinds_and_rows_finds_every_kind()
    {
        var readings = new List<Reading>();
        string[] kinds = [ReadingKinds.BpSystolic, ReadingKinds.BpDiastolic, ReadingKinds.HeartRate, ReadingKinds.SpO2, ReadingKinds.RespRate, ReadingKinds.EtCO2];
        for (var minute = 0; minute < 200; minute++)
        {
            foreach (var kind in kinds)
            {
                readings.Add(Sample.At(minute, kind, minute % 50 + 40, "monitor-1", "anna"));
            }
        }
        await Store.WriteAsync(readings, "gw").WaitAsync(StoreFixture.Timeout);

        var latest = await Latest(ReadingScope.Patient("anna"));

        Assert.Equal(kinds.Order(StringComparer.Ordinal), latest.Keys.Order(StringComparer.Ordinal));
        Assert.All(latest.Values, s => Assert.Equal(Sample.T0.AddMinutes(199), s.Reading.EffectiveTime));
    }
}
