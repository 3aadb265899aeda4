using TelemetryGateway.Core;
using TelemetryGateway.Storage.SeriesStore;

namespace TelemetryGateway.Storage.Tests.SeriesStore;

public abstract partial class ReadingStoreContract
{
    [Fact]
    public async Task Every_field_of_a_reading_round_trips()
    {
        var reading = new Reading
        {
            Kind = ReadingKinds.BpSystolic,
            Value = 120.00000000000001, // a double that text formatting would round
            Unit = "mm[Hg]",
            PatientId = "patient-7",
            DeviceId = "AA:BB:CC:DD:EE:FF",
            Source = ReadingSource.Serial,
            MeasuredAt = new DateTimeOffset(2025, 3, 1, 16, 30, 15, 123, TimeSpan.FromHours(8)).AddTicks(4567),
            ReceivedAt = new DateTimeOffset(2025, 3, 1, 3, 31, 0, TimeSpan.FromHours(-5)),
            DeviceRecordNumber = 17,
            Flags = ReadingFlags.BodyMovement | ReadingFlags.IrregularPulse | ReadingFlags.AboveDetectionLimit,
            Reported = new Quantity(16.0, "kPa"),
            Priority = ReadingPriority.Alert,
        };
        Clock.Advance(TimeSpan.FromMinutes(3));

        var result = await Store.Write("gateway-1", reading);
        var stored = Assert.Single(await Store.Query(new ReadingQuery()));

        Assert.Equal(new StoreWriteResult(1, 0), result);
        Assert.Equal(reading, stored.Reading);
        Assert.Equal(TimeSpan.FromHours(8), stored.Reading.MeasuredAt!.Value.Offset);
        Assert.Equal(TimeSpan.FromHours(-5), stored.Reading.ReceivedAt.Offset);
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 8, 3, 0, TimeSpan.Zero), stored.StoredAt);
        Assert.Equal("gateway-1", stored.GatewayId);
    }

    [Fact]
    public async Task The_device_time_round_trips_beside_the_corrected_time_and_stays_absent_when_not_set()
    {
        // A BLE record whose device clock ran 3 h 7 min 20 s slow: the gateway corrected MeasuredAt and kept
        // what the device said. Sub-millisecond ticks and a device-given offset must survive too.
        var corrected = new DateTimeOffset(2025, 3, 1, 8, 10, 0, TimeSpan.Zero);
        var device = new DateTimeOffset(2025, 3, 1, 5, 2, 40, 125, TimeSpan.Zero).AddTicks(30);
        var zoned = new DateTimeOffset(2025, 3, 1, 14, 2, 40, TimeSpan.FromHours(9));
        Reading[] readings =
        [
            Sample.Make(record: 1, measured: corrected) with { DeviceTime = device },
            Sample.Make(record: 2, measured: corrected.AddMinutes(1)) with { DeviceTime = zoned },
            Sample.Make(record: 3, measured: corrected.AddMinutes(2)) with { DeviceTime = corrected.AddMinutes(2) },
            Sample.Make(record: 4, measured: corrected.AddMinutes(3)),
        ];

        await Store.Write("gw", readings);
        var stored = (await Store.Query(new ReadingQuery { Order = QueryOrder.OldestFirst })).Select(s => s.Reading).ToArray();

        Assert.Equal(readings, stored);
        Assert.Equal(device, stored[0].DeviceTime);
        Assert.Equal(TimeSpan.FromHours(9), stored[1].DeviceTime!.Value.Offset);
        Assert.Equal(corrected.AddMinutes(2), stored[2].DeviceTime); // a correction of zero is still a known device time
        Assert.Null(stored[3].DeviceTime);
    }

    [Fact]
    public async Task A_device_clock_decades_off_the_corrected_time_keeps_the_reading_and_its_device_time()
    {
        // A BLE device whose clock sits at the epoch (lost its battery), one left at its 1997 factory date
        // (more than 2^53 ticks, 28.5 years, behind, as a clock at 2000-01-01 will be from mid-2028 on) and one
        // decades ahead: the audit field must never cost the reading, and each device time comes back exactly,
        // sub-millisecond ticks and offset too. Corrected times stay in the past: VictoriaMetrics drops future samples.
        var corrected = new DateTimeOffset(2026, 3, 1, 8, 10, 0, TimeSpan.Zero);
        var late = new DateTimeOffset(2026, 7, 1, 9, 0, 0, 250, TimeSpan.Zero).AddTicks(7);
        Reading[] readings =
        [
            Sample.Make(record: 1, measured: corrected) with { DeviceTime = DateTimeOffset.UnixEpoch },
            Sample.Make(record: 2, measured: corrected.AddMinutes(1)) with { DeviceTime = new DateTimeOffset(2099, 12, 31, 23, 59, 59, 999, TimeSpan.FromHours(-5)).AddTicks(9) },
            Sample.Make(record: 3, measured: late) with { DeviceTime = new DateTimeOffset(1997, 6, 1, 0, 0, 0, TimeSpan.FromHours(8)).AddTicks(-3) },
        ];

        Assert.All(readings, r => Assert.Null(Store.CannotStore(r)));
        var result = await Store.Write("gw", readings);
        var stored = (await Store.Query(new ReadingQuery { Order = QueryOrder.OldestFirst })).Select(s => s.Reading).ToArray();

        Assert.Equal(new StoreWriteResult(3, 0), result);
        Assert.Equal(readings.Select(r => r.DeviceTime!.Value.UtcTicks), stored.Select(r => r.DeviceTime!.Value.UtcTicks));
        Assert.Equal([TimeSpan.Zero, TimeSpan.FromHours(-5), TimeSpan.FromHours(8)], stored.Select(r => r.DeviceTime!.Value.Offset));
        Assert.Equal(readings, stored);
    }

    [Fact]
    public async Task A_reading_without_optional_fields_round_trips_with_nulls()
    {
        var reading = Sample.Make(ReadingKinds.BodyWeight, 71.25, patient: null) with { Source = ReadingSource.Manual, Priority = ReadingPriority.Bulk };

        await Store.Write("gw", reading);
        var stored = Assert.Single(await Store.Query(new ReadingQuery())).Reading;

        Assert.Equal(reading, stored);
        Assert.Null(stored.PatientId);
        Assert.Null(stored.MeasuredAt);
        Assert.Null(stored.DeviceTime);
        Assert.Null(stored.DeviceRecordNumber);
        Assert.Null(stored.Reported);
        Assert.Null(stored.Waveform);
        Assert.Equal(ReadingFlags.None, stored.Flags);
    }

    [Fact]
    public async Task Flags_round_trip_as_all_64_bits()
    {
        var every = (ReadingFlags)(-1L); // every bit, including the sign bit and bits not yet named
        var named = ReadingFlags.CuffMovement | ReadingFlags.ControlSolution | ReadingFlags.DeviceClockUncorrected | ReadingFlags.CriticalHigh;

        await Store.Write("gw", Sample.Make(record: 1) with { Flags = every }, Sample.Make(record: 2) with { Flags = named });
        var stored = await Store.Query(new ReadingQuery { Order = QueryOrder.OldestFirst });

        Assert.Equal([every, named], stored.Select(s => s.Reading.Flags));
    }

    [Fact]
    public async Task Sixteen_bit_waveform_samples_round_trip_exactly()
    {
        int[] samples = [0, 1, -1, 32767, -32768, 1200, -850];
        var start = new DateTimeOffset(2025, 3, 1, 9, 15, 0, 250, TimeSpan.FromHours(2));
        var reading = Ecg(samples, start, sampleRate: 500, resolution: 2.5);

        await Store.Write("ambulance-3", reading);
        var stored = Assert.Single(await Store.Query(new ReadingQuery())).Reading;

        AssertSameWaveformReading(reading, stored);
        Assert.Equal(samples, stored.Waveform!.Samples.ToArray());
        Assert.Equal(500, stored.Waveform.SampleRateHz);
        Assert.Equal(2.5, stored.Waveform.Resolution);
        Assert.Equal("II", stored.Waveform.Lead);
        Assert.Equal(start, stored.Waveform.StartTime);
        Assert.Equal(start.Offset, stored.Waveform.StartTime.Offset);
    }

    [Fact]
    public async Task Thirty_two_bit_waveform_samples_round_trip_exactly()
    {
        int[] samples = [0, 32768, -32769, int.MaxValue, int.MinValue, 7];
        var reading = Ecg(samples, Sample.T0, sampleRate: 250.5, resolution: 1);

        await Store.Write("gw", reading);
        var stored = Assert.Single(await Store.Query(new ReadingQuery())).Reading;

        AssertSameWaveformReading(reading, stored);
        Assert.Equal(samples, stored.Waveform!.Samples.ToArray());
        Assert.Equal(250.5, stored.Waveform.SampleRateHz);
    }

    [Fact]
    public async Task An_empty_waveform_chunk_round_trips_as_empty_not_absent()
    {
        var reading = Ecg([], Sample.T0, sampleRate: 500, resolution: 1);

        await Store.Write("gw", reading);
        var stored = Assert.Single(await Store.Query(new ReadingQuery())).Reading;

        Assert.NotNull(stored.Waveform);
        Assert.Equal(0, stored.Waveform.Samples.Length);
    }

    [Theory]
    [InlineData("dev|pipe|and|more", "Zoë Ångström-Łukasz 王小明 🩺", "gw \"north\", ward 3")]
    [InlineData("it's a device, really", "'); DROP TABLE readings; --", "gw'quote")]
    [InlineData("tab\tnew\nline", "percent % underscore _ star *", "back\\slash")]
    public async Task Awkward_ids_round_trip_and_match_exactly(string device, string patient, string gateway)
    {
        var reading = Sample.Make(device: device, patient: patient, record: 3);
        var decoy = Sample.Make(device: device + "x", patient: patient + "x", record: 3);

        await Store.Write(gateway, reading, decoy);
        var byDevice = Assert.Single(await Store.Query(new ReadingQuery { DeviceId = device }));
        var byPatient = Assert.Single(await Store.Query(new ReadingQuery { PatientId = patient }));
        var again = await Store.Write(gateway, reading);

        Assert.Equal(reading, byDevice.Reading);
        Assert.Equal(reading, byPatient.Reading);
        Assert.Equal(gateway, byDevice.GatewayId);
        Assert.Equal(new StoreWriteResult(0, 1), again);
        Assert.Equal(2, await Store.Count());
    }

    [Fact]
    public async Task A_reading_that_cannot_be_stored_faithfully_fails_the_whole_batch_and_stores_nothing()
    {
        var good = Sample.Make(record: 1);
        var nan = Sample.Make(record: 2) with { Value = double.NaN };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Store.Write("gw", good, nan));

        Assert.Contains("Reading 1", error.Message);
        Assert.Equal(0, await Store.Count());
    }

    [Fact]
    public async Task An_empty_batch_stores_nothing()
    {
        Assert.Equal(new StoreWriteResult(0, 0), await Store.Write("gw"));
        Assert.Equal(0, await Store.Count());
    }

    private static Reading Ecg(int[] samples, DateTimeOffset start, double sampleRate, double resolution) => new()
    {
        Kind = "ecg.II",
        Value = samples.Length > 0 ? samples[0] * resolution : 0,
        Unit = "uV",
        DeviceId = "monitor-42",
        PatientId = "patient-ambulance",
        Source = ReadingSource.Mqtt,
        MeasuredAt = start,
        ReceivedAt = start.AddMilliseconds(900),
        Waveform = new Waveform { Lead = "II", SampleRateHz = sampleRate, StartTime = start, Samples = samples, Resolution = resolution },
    };

    /// <summary>Records compare a waveform by reference, so compare everything else with it set aside.</summary>
    private static void AssertSameWaveformReading(Reading expected, Reading actual) =>
        Assert.Equal(expected with { Waveform = null }, actual with { Waveform = null });
}
