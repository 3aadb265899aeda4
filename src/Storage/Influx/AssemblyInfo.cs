using System.Runtime.CompilerServices;

// The line-protocol codec pieces (tag encoding, error parsing, retry policy) are tested directly.
[assembly: InternalsVisibleTo("TelemetryGateway.Storage.Tests")]

// bench/StoreBench writes its curl baseline with the stores' own schema, so both paths carry the same lines.
[assembly: InternalsVisibleTo("store-bench")]
