using System.Runtime.CompilerServices;

// The monitor's patient, ECG and route models are tested on their own (tests/Monitors.Tests/Simulator).
[assembly: InternalsVisibleTo("TelemetryGateway.Monitors.Tests")]
