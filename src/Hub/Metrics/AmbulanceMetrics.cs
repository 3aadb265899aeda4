using System.Globalization;
using System.Text;

namespace TelemetryGateway.Hub;

/// <summary>Counters of the ambulance store (<see cref="Ambulances.AmbulancePersistence"/>).</summary>
public sealed class AmbulanceMetrics
{
    private long _written;
    private long _failures;
    private long _healthy;

    /// <summary>Ambulance rows written (each write carries every unit changed since the previous one).</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Opens and writes of the ambulance store that failed (the in-memory view carries on).</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>True while the store is open and its last write succeeded.</summary>
    public bool Healthy => Interlocked.Read(ref _healthy) == 1;

    internal void Saved(int rows)
    {
        Interlocked.Add(ref _written, rows);
        Interlocked.Exchange(ref _healthy, 1);
    }

    internal void Opened() => Interlocked.Exchange(ref _healthy, 1);

    internal void Failed()
    {
        Interlocked.Increment(ref _failures);
        Interlocked.Exchange(ref _healthy, 0);
    }

    internal void WritePrometheus(StringBuilder output)
    {
        output.Append(CultureInfo.InvariantCulture, $"# HELP hub_ambulance_store_rows_written_total Ambulance states written to ambulances.db.\n# TYPE hub_ambulance_store_rows_written_total counter\nhub_ambulance_store_rows_written_total {Written}\n");
        output.Append(CultureInfo.InvariantCulture, $"# HELP hub_ambulance_store_failures_total Opens and writes of ambulances.db that failed; the in-memory view carries on.\n# TYPE hub_ambulance_store_failures_total counter\nhub_ambulance_store_failures_total {Failures}\n");
        output.Append(CultureInfo.InvariantCulture, $"# HELP hub_ambulance_store_healthy 1 while ambulances.db is open and its last write succeeded.\n# TYPE hub_ambulance_store_healthy gauge\nhub_ambulance_store_healthy {(Healthy ? 1 : 0)}\n");
    }
}
