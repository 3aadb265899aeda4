using TelemetryGateway.Grpc.Tests.Infrastructure;

namespace TelemetryGateway.Grpc.Tests.Interop;

/// <summary>Every standard interop case: the python3-grpcio client (C-core) against our server.</summary>
public sealed class GrpcioClientAgainstOurServerTests(OurServersFixture servers) : IClassFixture<OurServersFixture>
{
    [Theory]
    [MemberData(nameof(InteropCases.All), MemberType = typeof(InteropCases))]
    public async Task Case_passes(string testCase, bool tls)
    {
        var result = tls
            ? await PythonPeer.RunClientAsync("localhost", servers.Tls.Port, testCase, TestCertificates.Shared)
            : await PythonPeer.RunClientAsync("127.0.0.1", servers.Plain.Port, testCase);

        Assert.True(result.ExitCode == 0, $"grpcio client: exit {result.ExitCode}\n{result.Stdout}\n{result.Stderr}");
        Assert.Contains($"PASS {testCase}", result.Stdout);
    }
}
