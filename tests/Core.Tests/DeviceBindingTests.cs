using TelemetryGateway.Core;

namespace TelemetryGateway.Core.Tests;

public class DeviceBindingTests
{
    private static readonly DateTimeOffset Morning = new(2025, 3, 14, 8, 0, 0, TimeSpan.Zero);

    // A village doctor's shared cuff: patient A until 08:00, then patient B.
    private static readonly DeviceBinding[] SharedCuff =
    [
        new(Samples.CuffAddress, "P-A", Morning.AddHours(-1), Morning),
        new(Samples.CuffAddress, "P-B", Morning),
    ];

    [Fact]
    public void Covers_is_half_open()
    {
        var binding = SharedCuff[0];
        Assert.True(binding.Covers(Samples.CuffAddress, Morning.AddHours(-1)));
        Assert.True(binding.Covers(Samples.CuffAddress, Morning.AddTicks(-1)));
        Assert.False(binding.Covers(Samples.CuffAddress, Morning));
        Assert.False(binding.Covers("other-device", Morning.AddMinutes(-30)));
    }

    [Fact]
    public void Resolves_the_patient_bound_at_measured_time()
    {
        var before = Samples.Systolic() with { MeasuredAt = Morning.AddMinutes(-5) };
        var after = Samples.Systolic() with { MeasuredAt = Morning.AddMinutes(5) };
        Assert.Equal("P-A", DeviceBinding.ResolvePatient(SharedCuff, before));
        Assert.Equal("P-B", DeviceBinding.ResolvePatient(SharedCuff, after));
    }

    [Fact]
    public void Falls_back_to_received_time_without_device_time()
    {
        var reading = Samples.Systolic() with { MeasuredAt = null, ReceivedAt = Morning.AddMinutes(-10) };
        Assert.Equal("P-A", DeviceBinding.ResolvePatient(SharedCuff, reading));
    }

    [Fact]
    public void Overlapping_bindings_to_different_patients_resolve_to_nobody()
    {
        var bindings = SharedCuff.Append(new DeviceBinding(Samples.CuffAddress, "P-C", Morning.AddHours(-2)));
        var reading = Samples.Systolic() with { MeasuredAt = Morning.AddMinutes(-5) };
        Assert.Null(DeviceBinding.ResolvePatient(bindings, reading));
    }

    [Fact]
    public void Apply_fills_a_missing_patient_only()
    {
        var unassigned = Samples.Systolic() with { MeasuredAt = Morning.AddMinutes(5) };
        Assert.Equal("P-B", DeviceBinding.Apply(SharedCuff, unassigned).PatientId);

        var assigned = unassigned with { PatientId = "P-X" };
        Assert.Same(assigned, DeviceBinding.Apply(SharedCuff, assigned));

        var unbound = unassigned with { DeviceId = "unknown" };
        Assert.Null(DeviceBinding.Apply(SharedCuff, unbound).PatientId);
    }
}
