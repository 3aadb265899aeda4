using System.Runtime.CompilerServices;

// The tests inject SQLite faults (a page limit standing in for a full disk) through internal hooks.
[assembly: InternalsVisibleTo("TelemetryGateway.Storage.Tests")]
