using TelemetryGateway.FirmwareSim.Monitor;

namespace TelemetryGateway.Monitors.Tests.Simulator;

/// <summary>tgsim monitor's deteriorating patient (firmware-sim/Monitor/PatientModel.cs).</summary>
public sealed class PatientModelTests
{
    private static readonly PatientModel Patient = new(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10));

    private static PatientVitals MinuteMean(int minute)
    {
        var seconds = Enumerable.Range(minute * 60, 60).Select(s => Patient.At(TimeSpan.FromSeconds(s))).ToList();
        return new PatientVitals(seconds.Average(v => v.HeartRate), seconds.Average(v => v.SpO2), seconds.Average(v => v.Systolic),
            seconds.Average(v => v.Diastolic), seconds.Average(v => v.Mean), seconds.Average(v => v.RespiratoryRate));
    }

    [Fact]
    public void Stable_before_the_onset_within_the_noise()
    {
        for (var s = 0; s < 60; s++)
        {
            var v = Patient.At(TimeSpan.FromSeconds(s));
            Assert.InRange(v.HeartRate, PatientModel.HeartRate0 - 2, PatientModel.HeartRate0 + 2);
            Assert.InRange(v.SpO2, PatientModel.SpO20 - 1, PatientModel.SpO20 + 1);
            Assert.InRange(v.Systolic, PatientModel.Systolic0 - 2, PatientModel.Systolic0 + 2);
        }
    }

    [Fact]
    public void Over_minutes_SpO2_falls_heart_rate_rises_and_blood_pressure_drops_every_minute()
    {
        var minutes = Enumerable.Range(1, 10).Select(MinuteMean).ToList();
        for (var m = 1; m < minutes.Count; m++)
        {
            Assert.True(minutes[m].SpO2 < minutes[m - 1].SpO2, $"SpO2 minute {m + 1}: {minutes[m].SpO2} after {minutes[m - 1].SpO2}");
            Assert.True(minutes[m].HeartRate > minutes[m - 1].HeartRate, $"HR minute {m + 1}");
            Assert.True(minutes[m].Systolic < minutes[m - 1].Systolic, $"systolic minute {m + 1}");
            Assert.True(minutes[m].Diastolic < minutes[m - 1].Diastolic, $"diastolic minute {m + 1}");
            Assert.True(minutes[m].RespiratoryRate > minutes[m - 1].RespiratoryRate, $"resp rate minute {m + 1}");
        }
        // Fully deteriorated after onset + deterioration: the end values, and flagged.
        var end = Patient.At(TimeSpan.FromMinutes(12));
        Assert.InRange(end.SpO2, PatientModel.SpO21 - 1, PatientModel.SpO21 + 1);
        Assert.InRange(end.HeartRate, PatientModel.HeartRate1 - 2, PatientModel.HeartRate1 + 2);
        Assert.Equal(Core.ReadingFlags.Low, end.Signs.Single(s => s.Kind == Core.ReadingKinds.SpO2).Flags);
        Assert.Equal(Core.ReadingFlags.High, end.Signs.Single(s => s.Kind == Core.ReadingKinds.HeartRate).Flags);
        Assert.Equal(Core.ReadingFlags.Low, end.Signs.Single(s => s.Kind == Core.ReadingKinds.BpSystolic).Flags);
    }

    [Fact]
    public void The_same_seed_and_second_give_the_same_vitals_and_mean_pressure_is_derived()
    {
        var again = new PatientModel(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10));
        var other = new PatientModel(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10), seed: 7);
        var differ = 0;
        for (var s = 0; s < 300; s += 7)
        {
            var at = TimeSpan.FromSeconds(s + 0.5);
            Assert.Equal(Patient.At(at), again.At(at));
            differ += Patient.At(at) == other.At(at) ? 0 : 1;
            var v = Patient.At(at);
            Assert.Equal(Math.Round((v.Systolic + (2 * v.Diastolic)) / 3), v.Mean);
        }
        Assert.True(differ > 0, "another seed gives other noise");
    }

    [Theory]
    [InlineData(30)]
    [InlineData(90)]
    [InlineData(400)]
    [InlineData(900)]
    public void Beats_are_the_integral_of_the_heart_rate(double seconds)
    {
        // Trapezoid integration of the rate in 10 ms steps against the closed form.
        double sum = 0;
        var step = 0.01;
        for (var t = 0.0; t < seconds - 1e-9; t += step)
        {
            sum += (Patient.TrueHeartRate(TimeSpan.FromSeconds(t)) + Patient.TrueHeartRate(TimeSpan.FromSeconds(t + step))) / 2 * step / 60;
        }
        Assert.Equal(sum, Patient.Beats(TimeSpan.FromSeconds(seconds)), 3);
    }
}
