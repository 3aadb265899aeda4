using System.Net;
using TelemetryGateway.Grpc.Server;
using TelemetryGateway.Grpc.Tests.Infrastructure;
using TelemetryGateway.GrpcInterop;

namespace TelemetryGateway.Grpc.Tests.Interop;

/// <summary>One grpcio interop server in cleartext and one over TLS, shared by a test class.</summary>
public sealed class PythonServersFixture : IAsyncLifetime
{
    public PythonPeer Plain { get; private set; } = null!;
    public PythonPeer Tls { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Plain = await PythonPeer.StartServerAsync();
        Tls = await PythonPeer.StartServerAsync(TestCertificates.Shared);
    }

    public async Task DisposeAsync()
    {
        await Plain.DisposeAsync();
        await Tls.DisposeAsync();
    }
}

/// <summary>Our interop server in cleartext and over TLS, shared by a test class.</summary>
public sealed class OurServersFixture : IAsyncLifetime
{
    public GrpcServerHost Plain { get; private set; } = null!;
    public GrpcServerHost Tls { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Plain = await InteropServerHost.StartAsync(new IPEndPoint(IPAddress.Loopback, 0), certificate: null);
        Tls = await InteropServerHost.StartAsync(new IPEndPoint(IPAddress.Loopback, 0), TestCertificates.Shared.ServerCertificate);
    }

    public async Task DisposeAsync()
    {
        await Plain.DisposeAsync();
        await Tls.DisposeAsync();
    }
}

public static class InteropCases
{
    public static TheoryData<string, bool> All()
    {
        var data = new TheoryData<string, bool>();
        foreach (var testCase in InteropClient.TestCases)
        {
            data.Add(testCase, false);
            data.Add(testCase, true);
        }
        return data;
    }
}
