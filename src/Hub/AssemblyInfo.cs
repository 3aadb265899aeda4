using System.Runtime.CompilerServices;

// The tests inject fault-injecting stores (a store that fails, one that stalls) through the internal start.
[assembly: InternalsVisibleTo("TelemetryGateway.Hub.Tests")]
