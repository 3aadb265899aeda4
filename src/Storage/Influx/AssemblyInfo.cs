using System.Runtime.CompilerServices;

// The line-protocol codec pieces (tag encoding, error parsing, retry policy) are tested directly.
[assembly: InternalsVisibleTo("TelemetryGateway.Storage.Tests")]
