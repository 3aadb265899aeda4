using Microsoft.Extensions.Configuration;
using TelemetryGateway.Grpc;
using TelemetryGateway.Hub.Tests.Infrastructure;

namespace TelemetryGateway.Hub.Tests;

public sealed class ConfigurationTests
{
    [Fact]
    public void Defaults_match_the_design()
    {
        var options = new ConfigurationBuilder().Build().GetSection(HubOptions.SectionName).Get<HubOptions>() ?? new HubOptions();

        Assert.Equal("./data/hub", options.DataDirectory);
        Assert.Equal("http://127.0.0.1:7400", options.GrpcUrl);
        Assert.Equal("http://127.0.0.1:8080", options.HttpUrl);
        Assert.Equal(2000, options.MaxBatchReadings);
        Assert.Empty(options.Gateways);
        Assert.Empty(options.Bindings);
    }

    [Theory]
    [InlineData("Hub:Gateways:gw-1:Secret", "plain-text-secret", "Hub:Gateways:gw-1:Secret")]
    [InlineData("Hub:GrpcUrl", "https://127.0.0.1:0", "Hub:Tls:CertificatePath")]
    [InlineData("Hub:GrpcUrl", "tcp://127.0.0.1:0", "Hub:GrpcUrl")]
    [InlineData("Hub:HttpUrl", "http://example.org:0", "Hub:HttpUrl")]
    [InlineData("Hub:MaxBatchReadings", "0", "Hub:MaxBatchReadings")]
    [InlineData("Hub:Bindings:0:PatientId", "", "Hub:Bindings:0:PatientId")]
    public async Task A_wrong_setting_stops_the_start_and_is_named(string key, string value, string named)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestHub.StartAsync(settings => settings[key] = value));

        Assert.Contains(named, error.Message);
    }

    [Fact]
    public async Task The_configured_batch_limit_is_announced_and_enforced()
    {
        await using var hub = await TestHub.StartAsync(settings => settings["Hub:MaxBatchReadings"] = "50");
        await using var gateway = await hub.ConnectAsync();

        Assert.Equal(50, gateway.Welcome.MaxBatchReadings);
        Assert.Equal(50, Readings.Acknowledged(await gateway.SendAndAckAsync(Readings.Series("cuff-1", 1, 50))).Count);
        await gateway.SendBatchAsync(Readings.Series("cuff-1", 100, 51));
        Assert.Equal(StatusCode.InvalidArgument, (await gateway.ExpectErrorAsync()).StatusCode);
    }
}
