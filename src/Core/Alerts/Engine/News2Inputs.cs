namespace TelemetryGateway.Core.Alerts.Engine;

/// <summary>The latest value and measured time of each NEWS2 parameter of one subject.</summary>
internal sealed class News2Inputs
{
    public const int RespRate = 0;
    public const int Spo2 = 1;
    public const int Systolic = 2;
    public const int HeartRate = 3;
    public const int PulseRate = 4;
    public const int Temperature = 5;
    public const int Consciousness = 6;
    public const int Oxygen = 7;
    public const int Count = 8;

    public readonly double[] Values = new double[Count];

    /// <summary>UTC ticks of each value's measured time; 0 = never reported.</summary>
    public readonly long[] Ticks = new long[Count];

    /// <summary>Stores a value unless a newer one is already held.</summary>
    public void Set(int parameter, double value, DateTimeOffset at)
    {
        var ticks = at.UtcTicks;
        if (ticks >= Ticks[parameter])
        {
            Values[parameter] = value;
            Ticks[parameter] = ticks;
        }
    }

    public bool IsFresh(int parameter, long oldestTicks) => Ticks[parameter] != 0 && Ticks[parameter] >= oldestTicks;
}
