using TelemetryGateway.Contracts;
using TelemetryGateway.Contracts.V1;
using TelemetryGateway.Grpc;
using TelemetryGateway.Grpc.Client;

namespace TelemetryGateway.Hub.Tests.Infrastructure;

/// <summary>A gateway's side of Ingest.Stream over our own gRPC client, step by step for tests.</summary>
public sealed class TestGateway : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly GrpcChannel _channel;

    private TestGateway(GrpcChannel channel, AsyncDuplexStreamingCall<GatewayMessage, HubMessage> call)
    {
        _channel = channel;
        Call = call;
    }

    public AsyncDuplexStreamingCall<GatewayMessage, HubMessage> Call { get; }

    public Welcome Welcome { get; private set; } = null!;

    public Configuration Configuration { get; private set; } = null!;

    /// <summary>Opens a stream without sending anything.</summary>
    public static TestGateway Open(Uri address)
    {
        var channel = GrpcChannel.ForAddress(address);
        return new TestGateway(channel, channel.AsyncDuplexStreamingCall(IngestServiceDescriptor.Stream));
    }

    /// <summary>Wraps a call on a channel the test configured (TLS); the gateway disposes both.</summary>
    public static TestGateway Attach(GrpcChannel channel, AsyncDuplexStreamingCall<GatewayMessage, HubMessage> call) => new(channel, call);

    /// <summary>Opens a stream, says Hello, and reads Welcome and Configuration.</summary>
    public static async Task<TestGateway> ConnectAsync(Uri address, string gatewayId, string secret, GatewayStatus? status = null)
    {
        var gateway = Open(address);
        try
        {
            await gateway.HandshakeAsync(gatewayId, secret, status);
            return gateway;
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }
    }

    /// <summary>Says Hello and reads Welcome and Configuration.</summary>
    public async Task HandshakeAsync(string gatewayId, string secret, GatewayStatus? status = null)
    {
        await SendAsync(new GatewayMessage { Hello = Hello(gatewayId, secret, status) });
        var welcome = await ReadAsync();
        Assert.Equal(HubMessage.BodyOneofCase.Welcome, welcome.BodyCase);
        Welcome = welcome.Welcome;
        var configuration = await ReadAsync();
        Assert.Equal(HubMessage.BodyOneofCase.Configuration, configuration.BodyCase);
        Configuration = configuration.Configuration;
    }

    public static Hello Hello(string gatewayId, string secret, GatewayStatus? status = null) => new()
    {
        GatewayId = gatewayId,
        Secret = secret,
        SoftwareVersion = "test/1.0",
        Status = status ?? new GatewayStatus(),
    };

    public Task SendAsync(GatewayMessage message) => Call.RequestStream.WriteAsync(message).WaitAsync(Timeout);

    public Task SendBatchAsync(ReadingBatch batch) => SendAsync(new GatewayMessage { Batch = batch });

    public async Task<HubMessage> ReadAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        Assert.True(await Call.ResponseStream.MoveNext(timeout.Token), "the hub ended the stream with OK instead of answering");
        return Call.ResponseStream.Current;
    }

    /// <summary>Sends a batch and reads its Ack.</summary>
    public async Task<Ack> SendAndAckAsync(ReadingBatch batch)
    {
        await SendBatchAsync(batch);
        var message = await ReadAsync();
        Assert.Equal(HubMessage.BodyOneofCase.Ack, message.BodyCase);
        return message.Ack;
    }

    /// <summary>Reads until the hub ends the call with an error status, and returns it.</summary>
    public async Task<RpcException> ExpectErrorAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            while (await Call.ResponseStream.MoveNext(timeout.Token))
            {
            }
        }
        catch (RpcException ex)
        {
            return ex;
        }
        throw new Xunit.Sdk.XunitException("The hub ended the stream with OK; an error status was expected.");
    }

    /// <summary>Half-closes the request stream and waits for the hub to end the call with OK.</summary>
    public async Task CompleteAsync()
    {
        await Call.RequestStream.CompleteAsync().WaitAsync(Timeout);
        using var timeout = new CancellationTokenSource(Timeout);
        Assert.False(await Call.ResponseStream.MoveNext(timeout.Token));
        Assert.Equal(StatusCode.OK, Call.GetStatus().StatusCode);
    }

    public ValueTask DisposeAsync()
    {
        Call.Dispose();
        _channel.Dispose();
        return ValueTask.CompletedTask;
    }
}
