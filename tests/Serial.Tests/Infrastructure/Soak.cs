namespace TelemetryGateway.Serial.Tests.Infrastructure;

/// <summary>TG_SOAK=long runs fuzz and fault loops in full; the default is the short form.</summary>
public static class Soak
{
    public static bool Long => string.Equals(Environment.GetEnvironmentVariable("TG_SOAK"), "long", StringComparison.OrdinalIgnoreCase);

    public static int Scale(int shortForm, int longForm) => Long ? longForm : shortForm;
}
