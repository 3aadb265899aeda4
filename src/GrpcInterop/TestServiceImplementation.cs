using Google.Protobuf;
using Grpc.Testing;
using TelemetryGateway.Grpc;
using TelemetryGateway.Grpc.Server;

namespace TelemetryGateway.GrpcInterop;

/// <summary>
/// The interop server of grpc/doc/interop-test-descriptions.md ("Server"): payloads of zeros of the sizes
/// asked for, echoed metadata, requested statuses and compression. UnimplementedCall is left unbound, so it
/// answers UNIMPLEMENTED as the test requires.
/// </summary>
public sealed class TestServiceImplementation
{
    private const string EchoInitialKey = "x-grpc-test-echo-initial";
    private const string EchoTrailingKey = "x-grpc-test-echo-trailing-bin";

    public ServerServiceDefinition BindService() => ServerServiceDefinition.CreateBuilder()
        .AddMethod(TestServiceDescriptor.EmptyCall, (Empty _, ServerCallContext _) => Task.FromResult(new Empty()))
        .AddMethod(TestServiceDescriptor.UnaryCall, UnaryCallAsync)
        .AddMethod(TestServiceDescriptor.StreamingOutputCall, StreamingOutputCallAsync)
        .AddMethod(TestServiceDescriptor.StreamingInputCall, StreamingInputCallAsync)
        .AddMethod(TestServiceDescriptor.FullDuplexCall, FullDuplexCallAsync)
        .AddMethod(TestServiceDescriptor.HalfDuplexCall, HalfDuplexCallAsync)
        .Build();

    private static async Task<SimpleResponse> UnaryCallAsync(SimpleRequest request, ServerCallContext context)
    {
        await EchoMetadataAsync(context);
        CheckCompression(request.ExpectCompressed, context);
        ThrowRequestedStatus(request.ResponseStatus);
        if (request.ResponseCompressed?.Value == true)
        {
            context.ResponseEncoding = "gzip";
        }
        return new SimpleResponse { Payload = Zeros(request.ResponseSize) };
    }

    private static async Task StreamingOutputCallAsync(
        StreamingOutputCallRequest request, IServerStreamWriter<StreamingOutputCallResponse> responses, ServerCallContext context)
    {
        ThrowRequestedStatus(request.ResponseStatus);
        await WriteResponsesAsync(request, responses, context);
    }

    private static async Task<StreamingInputCallResponse> StreamingInputCallAsync(
        IAsyncStreamReader<StreamingInputCallRequest> requests, ServerCallContext context)
    {
        var total = 0;
        await foreach (var request in requests.ReadAllAsync(context.CancellationToken))
        {
            CheckCompression(request.ExpectCompressed, context);
            total += request.Payload?.Body.Length ?? 0;
        }
        return new StreamingInputCallResponse { AggregatedPayloadSize = total };
    }

    private static async Task FullDuplexCallAsync(
        IAsyncStreamReader<StreamingOutputCallRequest> requests, IServerStreamWriter<StreamingOutputCallResponse> responses, ServerCallContext context)
    {
        await EchoMetadataAsync(context);
        await foreach (var request in requests.ReadAllAsync(context.CancellationToken))
        {
            ThrowRequestedStatus(request.ResponseStatus);
            await WriteResponsesAsync(request, responses, context);
        }
    }

    private static async Task HalfDuplexCallAsync(
        IAsyncStreamReader<StreamingOutputCallRequest> requests, IServerStreamWriter<StreamingOutputCallResponse> responses, ServerCallContext context)
    {
        var all = new List<StreamingOutputCallRequest>();
        await foreach (var request in requests.ReadAllAsync(context.CancellationToken))
        {
            all.Add(request);
        }
        foreach (var request in all)
        {
            await WriteResponsesAsync(request, responses, context);
        }
    }

    private static async Task WriteResponsesAsync(
        StreamingOutputCallRequest request, IServerStreamWriter<StreamingOutputCallResponse> responses, ServerCallContext context)
    {
        if (request.ResponseParameters.Any(p => p.Compressed?.Value == true))
        {
            context.ResponseEncoding = "gzip";
        }
        foreach (var parameters in request.ResponseParameters)
        {
            if (parameters.IntervalUs > 0)
            {
                await Task.Delay(TimeSpan.FromMicroseconds(parameters.IntervalUs), context.CancellationToken);
            }
            responses.WriteOptions = parameters.Compressed?.Value == true ? null : new WriteOptions(WriteFlags.NoCompress);
            await responses.WriteAsync(new StreamingOutputCallResponse { Payload = Zeros(parameters.Size) }, context.CancellationToken);
        }
    }

    private static async Task EchoMetadataAsync(ServerCallContext context)
    {
        if (context.RequestHeaders.Get(EchoInitialKey) is { } initial)
        {
            await context.WriteResponseHeadersAsync(new Metadata().Add(EchoInitialKey, initial.Value));
        }
        if (context.RequestHeaders.Get(EchoTrailingKey) is { } trailing)
        {
            context.ResponseTrailers.Add(EchoTrailingKey, trailing.ValueBytes);
        }
    }

    private static void CheckCompression(BoolValue? expectCompressed, ServerCallContext context)
    {
        if (expectCompressed?.Value == true && !context.RequestMessageCompressed)
        {
            throw new RpcException(StatusCode.InvalidArgument, "Expected a compressed request message, got an uncompressed one.");
        }
        if (expectCompressed?.Value == false && context.RequestMessageCompressed)
        {
            throw new RpcException(StatusCode.InvalidArgument, "Expected an uncompressed request message, got a compressed one.");
        }
    }

    private static void ThrowRequestedStatus(EchoStatus? status)
    {
        if (status is { Code: not 0 })
        {
            throw new RpcException((StatusCode)status.Code, status.Message);
        }
    }

    private static Payload Zeros(int size) => new() { Type = PayloadType.Compressable, Body = ByteString.CopyFrom(new byte[size]) };
}
