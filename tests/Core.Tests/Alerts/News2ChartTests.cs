using TelemetryGateway.Core.Alerts;

namespace TelemetryGateway.Core.Tests.Alerts;

/// <summary>Every band of the RCP NEWS2 (2017) Chart 1, at both edges of each band.</summary>
public class News2ChartTests
{
    [Theory]
    [InlineData(0, 3), InlineData(8, 3)]
    [InlineData(9, 1), InlineData(11, 1)]
    [InlineData(12, 0), InlineData(20, 0)]
    [InlineData(21, 2), InlineData(24, 2)]
    [InlineData(25, 3), InlineData(60, 3)]
    [InlineData(8.4, 3), InlineData(8.5, 1)] // charted to whole breaths, half away from zero
    public void RespirationRate(double perMinute, int score) => Assert.Equal(score, News2Chart.RespirationRate(perMinute));

    [Theory]
    [InlineData(70, 3), InlineData(91, 3)]
    [InlineData(92, 2), InlineData(93, 2)]
    [InlineData(94, 1), InlineData(95, 1)]
    [InlineData(96, 0), InlineData(100, 0)]
    [InlineData(93.5, 1)] // an oximeter's 93.5 % is charted as 94 %
    public void Spo2Scale1(double percent, int score) => Assert.Equal(score, News2Chart.Spo2Scale1(percent));

    [Theory]
    [InlineData(80, false, 3), InlineData(83, false, 3)]
    [InlineData(84, false, 2), InlineData(85, false, 2)]
    [InlineData(86, false, 1), InlineData(87, false, 1)]
    [InlineData(88, false, 0), InlineData(92, false, 0)]
    [InlineData(88, true, 0), InlineData(92, true, 0)]
    [InlineData(93, false, 0), InlineData(100, false, 0)] // ≥93 on air
    [InlineData(93, true, 1), InlineData(94, true, 1)]
    [InlineData(95, true, 2), InlineData(96, true, 2)]
    [InlineData(97, true, 3), InlineData(100, true, 3)]
    public void Spo2Scale2(double percent, bool onOxygen, int score) => Assert.Equal(score, News2Chart.Spo2Scale2(percent, onOxygen));

    [Theory]
    [InlineData(true, 2)]
    [InlineData(false, 0)]
    public void AirOrOxygen(bool onOxygen, int score) => Assert.Equal(score, News2Chart.AirOrOxygen(onOxygen));

    [Theory]
    [InlineData(60, 3), InlineData(90, 3)]
    [InlineData(91, 2), InlineData(100, 2)]
    [InlineData(101, 1), InlineData(110, 1)]
    [InlineData(111, 0), InlineData(219, 0)]
    [InlineData(220, 3), InlineData(260, 3)]
    public void SystolicBloodPressure(double mmHg, int score) => Assert.Equal(score, News2Chart.SystolicBloodPressure(mmHg));

    [Theory]
    [InlineData(30, 3), InlineData(40, 3)]
    [InlineData(41, 1), InlineData(50, 1)]
    [InlineData(51, 0), InlineData(90, 0)]
    [InlineData(91, 1), InlineData(110, 1)]
    [InlineData(111, 2), InlineData(130, 2)]
    [InlineData(131, 3), InlineData(180, 3)]
    public void Pulse(double perMinute, int score) => Assert.Equal(score, News2Chart.Pulse(perMinute));

    [Theory]
    [InlineData(0, 0)] // Alert
    [InlineData(1, 3)] // new Confusion
    [InlineData(2, 3)] // Voice
    [InlineData(3, 3)] // Pain
    [InlineData(4, 3)] // Unresponsive
    public void Consciousness(double acvpu, int score) => Assert.Equal(score, News2Chart.Consciousness(acvpu));

    [Theory]
    [InlineData(33.0, 3), InlineData(35.0, 3)]
    [InlineData(35.1, 1), InlineData(36.0, 1)]
    [InlineData(36.1, 0), InlineData(38.0, 0)]
    [InlineData(38.1, 1), InlineData(39.0, 1)]
    [InlineData(39.1, 2), InlineData(41.0, 2)]
    public void Temperature(double celsius, int score) => Assert.Equal(score, News2Chart.Temperature(celsius));
}
