using System.Runtime.CompilerServices;

// The monitor's patient, ECG and route models are tested on their own (tests/Monitors.Tests/Simulator).
[assembly: InternalsVisibleTo("TelemetryGateway.Monitors.Tests")]
// The simulated-ambulance alert test scores the model's own final vitals instead of restating them.
[assembly: InternalsVisibleTo("TelemetryGateway.Spine.Tests")]
