using TelemetryGateway.Core.Alerts;

namespace TelemetryGateway.Core.Tests.Alerts;

public class AlertEngineTests
{
    [Fact]
    public void The_same_readings_give_the_same_signals_on_a_replay()
    {
        static List<string> Run()
        {
            var s = new AlertScenario();
            for (var t = 0; t < 120; t++)
            {
                s.Vital(ReadingKinds.SpO2, 96 - t / 10, t);
                s.Vital(ReadingKinds.HeartRate, 80 + t / 2, t);
                s.Vital(ReadingKinds.RespRate, 16 + t / 12, t);
                if (t % 20 == 0)
                {
                    s.Bp(t, 130 + t / 2, 85 + t / 10, "p1");
                    s.Glucose(t, 3 + t / 20.0);
                }
                s.Tick(t + 0.5);
            }
            return [.. s.Signals.Select(x => AlertScenario.Line(x) + " " + x.Message)];
        }
        var first = Run();
        Assert.NotEmpty(first);
        Assert.Equal(first, Run());
    }

    [Fact]
    public void Open_episodes_are_counted()
    {
        var s = new AlertScenario();
        s.Bp(0, 150, 95);
        s.Glucose(0, 3.5);
        s.Glucose(0, 15, "p2");
        Assert.Equal(3, s.Engine.OpenEpisodeCount);
        Assert.Equal(4, s.Engine.ReadingsEvaluated);
    }

    [Fact]
    public void Readings_that_raise_nothing_allocate_nothing()
    {
        var engine = new AlertEngine();
        var readings = new List<Reading>();
        for (var t = 0; t < 200; t++)
        {
            foreach (var patient in new[] { "amb-1", "amb-2" })
            {
                readings.Add(AlertScenario.Monitor(ReadingKinds.HeartRate, 75, t, patient, "mon-" + patient));
                readings.Add(AlertScenario.Monitor(ReadingKinds.SpO2, 97, t, patient, "mon-" + patient));
                readings.Add(AlertScenario.Monitor(ReadingKinds.RespRate, 16, t, patient, "mon-" + patient));
            }
            readings.Add(AlertScenario.Spot(ReadingKinds.BpSystolic, 125, t * 60, "p1"));
            readings.Add(AlertScenario.Spot(ReadingKinds.BpDiastolic, 80, t * 60, "p1"));
            readings.Add(AlertScenario.Spot(ReadingKinds.Glucose, 6.1, t * 60, "p1", "meter-1"));
        }
        foreach (var reading in readings.Take(100))
        {
            Assert.Empty(engine.Evaluate(reading)); // warm: patients, devices and windows exist
        }
        var before = GC.GetAllocatedBytesForCurrentThread();
        var signals = 0;
        for (var i = 100; i < readings.Count; i++)
        {
            signals += engine.Evaluate(readings[i]).Count;
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, signals);
        Assert.Equal(0, allocated);
    }
}
