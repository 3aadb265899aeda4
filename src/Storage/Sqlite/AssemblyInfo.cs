using System.Runtime.CompilerServices;

// The hub's alert store opens its SQLite file through DurableSqlite like the series store does.
[assembly: InternalsVisibleTo("TelemetryGateway.Hub")]
