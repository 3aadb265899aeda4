using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("TelemetryGateway.Gateway.Tests")]
