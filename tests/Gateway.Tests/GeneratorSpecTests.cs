using TelemetryGateway.Core;
using TelemetryGateway.Gateway.Sources;

namespace TelemetryGateway.Gateway.Tests;

public sealed class GeneratorSpecTests
{
    [Fact]
    public void Required_fields_with_defaults()
    {
        var spec = GeneratorSpec.Parse("gen:device=meter-1,count=500,rate=0");

        Assert.Equal(new GeneratorSpec("meter-1", 500, 0, ReadingKinds.HeartRate, ReadingPriority.Bulk, null), spec);
    }

    [Fact]
    public void Every_field_in_any_order_with_spaces()
    {
        var spec = GeneratorSpec.Parse("gen:priority=live, kind=spo2 ,rate=2.5,patient=P-17,count=10,device=AA:BB:CC:DD:EE:FF");

        Assert.Equal(new GeneratorSpec("AA:BB:CC:DD:EE:FF", 10, 2.5, ReadingKinds.SpO2, ReadingPriority.Live, "P-17"), spec);
    }

    [Theory]
    [InlineData("gen:count=5,rate=1", "'device' is missing")]
    [InlineData("gen:device=d,rate=1", "'count' is missing")]
    [InlineData("gen:device=d,count=5", "'rate' is missing")]
    [InlineData("gen:device=d,count=-5,rate=1", "count '-5' is not a whole number")]
    [InlineData("gen:device=d,count=lots,rate=1", "count 'lots'")]
    [InlineData("gen:device=d,count=5,rate=-1", "rate '-1' is not a number")]
    [InlineData("gen:device=d,count=5,rate=fast", "rate 'fast'")]
    [InlineData("gen:device=d,count=5,rate=1,kind=bp", "kind 'bp' is not in the vocabulary")]
    [InlineData("gen:device=d,count=5,rate=1,priority=urgent", "priority 'urgent' is not bulk or live")]
    [InlineData("gen:device=d,count=5,rate=1,colour=red", "unknown key 'colour'")]
    [InlineData("gen:device=d,device=e,count=5,rate=1", "'device' is given twice")]
    [InlineData("gen:device=d,count=5,rate", "'rate' is not key=value")]
    [InlineData("generator:device=d,count=5,rate=1", "does not start with 'gen:'")]
    public void Errors_say_what_is_wrong_and_show_the_syntax(string text, string problem)
    {
        var error = Assert.Throws<GatewayConfigurationException>(() => GeneratorSpec.Parse(text));

        Assert.Contains(problem, error.Message);
        Assert.Contains(text, error.Message);
        Assert.Contains(GeneratorSpec.Syntax, error.Message);
    }

    [Fact]
    public void An_unknown_source_kind_is_a_startup_error()
    {
        var error = Assert.Throws<GatewayConfigurationException>(
            () => SourceFactory.Create("mqtt://broker/topic", Path.GetTempPath(), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance));

        Assert.Contains("Unknown source 'mqtt://broker/topic'", error.Message);
        Assert.Contains(GeneratorSpec.Syntax, error.Message);
    }

    [Fact]
    public void Synthetic_values_are_valid_and_a_pure_function_of_the_record_number()
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var kind in ReadingKinds.All.Select(k => k.Kind))
        {
            var spec = new GeneratorSpec("dev", 100, 0, kind, ReadingPriority.Bulk, null);
            for (var record = 1; record <= 300; record += 37)
            {
                var reading = SyntheticReadings.Create(spec, record, now);
                Assert.True(ReadingValidator.Default.Validate(reading, now).IsValid, $"{kind} #{record}: {ReadingValidator.Default.Validate(reading, now).Message}");
                Assert.Equal(reading.Value, SyntheticReadings.Create(spec, record, now).Value);
                Assert.Equal(record, reading.DeviceRecordNumber);
            }
        }
    }
}
