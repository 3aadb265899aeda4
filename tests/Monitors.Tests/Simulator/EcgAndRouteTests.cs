using TelemetryGateway.FirmwareSim.Monitor;

namespace TelemetryGateway.Monitors.Tests.Simulator;

/// <summary>tgsim monitor's ECG lead II synthesis and ambulance route.</summary>
public sealed class EcgAndRouteTests
{
    private static readonly PatientModel Patient = new(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10));

    /// <summary>R peaks: local maxima above 0.6 mV (R is 1.2 mV; P and T stay below 0.45 mV).</summary>
    private static int CountR(short[] samples, double resolution)
    {
        var peaks = 0;
        for (var i = 1; i < samples.Length - 1; i++)
        {
            if (samples[i] * resolution / 1000 > 0.6 && samples[i] >= samples[i - 1] && samples[i] > samples[i + 1])
            {
                peaks++;
            }
        }
        return peaks;
    }

    [Theory]
    [InlineData(0, 30)]    // stable: 92 /min
    [InlineData(720, 30)]  // deteriorated: 138 /min
    [InlineData(200, 60)]  // rate rising during the minute
    public void Lead_II_has_one_R_peak_per_beat_of_the_patient_model(int fromSecond, int seconds)
    {
        var ecg = new EcgSynth(Patient);
        var from = TimeSpan.FromSeconds(fromSecond);
        var samples = ecg.Samples(from, seconds * 250);
        var beats = Patient.Beats(from + TimeSpan.FromSeconds(seconds)) - Patient.Beats(from);
        Assert.InRange(CountR(samples, ecg.Resolution), Math.Floor(beats) - 1, Math.Ceiling(beats) + 1);
        // Plausible amplitude in counts of 2.5 µV: R about 1.2 mV, nothing beyond ±2 mV.
        Assert.InRange(samples.Max() * ecg.Resolution, 1000, 1400);
        Assert.InRange(samples.Min() * ecg.Resolution, -2000, 0);
    }

    [Fact]
    public void Chunks_join_seamlessly()
    {
        var ecg = new EcgSynth(Patient);
        var whole = ecg.Samples(TimeSpan.FromSeconds(100), 500);
        var first = ecg.Samples(TimeSpan.FromSeconds(100), 50);
        var rest = ecg.Samples(TimeSpan.FromSeconds(100.2), 450);
        Assert.Equal(whole, first.Concat(rest).ToArray());
    }

    [Fact]
    public void The_route_runs_from_the_scene_to_the_destination_and_parks_there()
    {
        var route = new AmbulanceRoute((47.3620, 8.1090), (47.3905, 8.0538), 14);
        // Haversine against the flat-earth approximation, which is within 0.5 % over 5 km.
        var flat = Math.Sqrt(Math.Pow((47.3905 - 47.3620) * 111_195, 2) + Math.Pow((8.0538 - 8.1090) * 111_195 * Math.Cos(47.376 * Math.PI / 180), 2));
        Assert.Equal(flat, route.DistanceMetres, flat * 0.005);
        var start = route.At(TimeSpan.Zero);
        Assert.Equal((47.3620, 8.1090, 14.0), (start.Latitude, start.Longitude, start.SpeedMetresPerSecond));
        Assert.InRange(start.HeadingDegrees, 300, 315); // north-west
        Assert.Equal(route.Duration, start.Remaining);

        var half = route.At(route.Duration / 2);
        Assert.Equal((47.3620 + 47.3905) / 2, half.Latitude, 6);
        Assert.Equal((route.Duration / 2).TotalSeconds, half.Remaining!.Value.TotalSeconds, 3);

        var after = route.At(route.Duration + TimeSpan.FromMinutes(3));
        Assert.Equal((47.3905, 8.0538, 0.0, TimeSpan.Zero), (after.Latitude, after.Longitude, after.SpeedMetresPerSecond, after.Remaining));
    }
}
