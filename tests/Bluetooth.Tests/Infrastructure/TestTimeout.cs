namespace TelemetryGateway.Bluetooth.Tests.Infrastructure;

/// <summary>The default bound on every awaited test operation.</summary>
public static class TestTimeout
{
    public static TimeSpan Default => TimeSpan.FromSeconds(30);

    public static CancellationToken Token() => new CancellationTokenSource(Default).Token;

    public static Task<T> Within<T>(this Task<T> task) => task.WaitAsync(Default);

    public static Task Within(this Task task) => task.WaitAsync(Default);
}
