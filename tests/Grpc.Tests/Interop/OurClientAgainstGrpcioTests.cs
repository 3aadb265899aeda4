using TelemetryGateway.Grpc.Client;
using TelemetryGateway.Grpc.Tests.Infrastructure;
using TelemetryGateway.GrpcInterop;

namespace TelemetryGateway.Grpc.Tests.Interop;

/// <summary>Every standard interop case: our client against the python3-grpcio server (C-core).</summary>
public sealed class OurClientAgainstGrpcioTests(PythonServersFixture servers) : IClassFixture<PythonServersFixture>
{
    [Theory]
    [MemberData(nameof(InteropCases.All), MemberType = typeof(InteropCases))]
    public async Task Case_passes(string testCase, bool tls)
    {
        var server = tls ? servers.Tls : servers.Plain;
        var options = new GrpcChannelOptions();
        if (tls)
        {
            options.ServerCertificateAuthority = TestCertificates.Shared.CaCertificate;
        }
        using var channel = GrpcChannel.ForAddress(tls ? $"https://localhost:{server.Port}" : $"http://127.0.0.1:{server.Port}", options);

        await new InteropClient(channel).RunAsync(testCase).WaitAsync(TimeSpan.FromSeconds(60));
    }
}
