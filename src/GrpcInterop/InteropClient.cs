using Google.Protobuf;
using Grpc.Testing;
using TelemetryGateway.Grpc;
using TelemetryGateway.Grpc.Client;

namespace TelemetryGateway.GrpcInterop;

/// <summary>
/// The client side of grpc/doc/interop-test-descriptions.md: each case runs against any interop server and
/// throws <see cref="InteropFailure"/> saying what differed.
/// </summary>
public sealed class InteropClient(GrpcChannel channel)
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(20);
    private const string SpecialMessage = "\t\ntest with whitespace\r\nand Unicode BMP ☺ and non-BMP 😈\t\n";

    private readonly TestServiceClient _client = new(channel);

    public static IReadOnlyList<string> TestCases { get; } =
    [
        "empty_unary", "large_unary", "client_streaming", "server_streaming", "ping_pong", "empty_stream",
        "timeout_on_sleeping_server", "cancel_after_begin", "cancel_after_first_response", "status_code_and_message",
        "special_status_message", "custom_metadata", "unimplemented_method", "unimplemented_service",
        "client_compressed_unary", "server_compressed_unary", "client_compressed_streaming", "server_compressed_streaming",
    ];

    public Task RunAsync(string testCase) => testCase switch
    {
        "empty_unary" => EmptyUnaryAsync(),
        "large_unary" => LargeUnaryAsync(),
        "client_streaming" => ClientStreamingAsync(),
        "server_streaming" => ServerStreamingAsync(),
        "ping_pong" => PingPongAsync(),
        "empty_stream" => EmptyStreamAsync(),
        "timeout_on_sleeping_server" => TimeoutOnSleepingServerAsync(),
        "cancel_after_begin" => CancelAfterBeginAsync(),
        "cancel_after_first_response" => CancelAfterFirstResponseAsync(),
        "status_code_and_message" => StatusCodeAndMessageAsync(),
        "special_status_message" => SpecialStatusMessageAsync(),
        "custom_metadata" => CustomMetadataAsync(),
        "unimplemented_method" => ExpectStatusAsync(StatusCode.Unimplemented, () => _client.UnimplementedCall(new Empty()).ResponseAsync),
        "unimplemented_service" => ExpectStatusAsync(StatusCode.Unimplemented, () => _client.UnimplementedServiceCall(new Empty()).ResponseAsync),
        "client_compressed_unary" => ClientCompressedUnaryAsync(),
        "server_compressed_unary" => ServerCompressedUnaryAsync(),
        "client_compressed_streaming" => ClientCompressedStreamingAsync(),
        "server_compressed_streaming" => ServerCompressedStreamingAsync(),
        _ => throw new ArgumentException($"Unknown test case '{testCase}'. Known: {string.Join(", ", TestCases)}.", nameof(testCase)),
    };

    private static CallOptions Options(Metadata? headers = null, string? encoding = null) =>
        new(Headers: headers, Deadline: DateTime.UtcNow + CallTimeout, RequestEncoding: encoding);

    private async Task EmptyUnaryAsync()
    {
        var response = await _client.EmptyCall(new Empty(), Options());
        Check(response.Equals(new Empty()), "EmptyCall returned a non-empty message");
    }

    private async Task LargeUnaryAsync()
    {
        var response = await _client.UnaryCall(new SimpleRequest { ResponseSize = 314159, Payload = Zeros(271828) }, Options());
        CheckZeros(response.Payload, 314159);
    }

    private async Task ClientStreamingAsync()
    {
        using var call = _client.StreamingInputCall(Options());
        foreach (var size in new[] { 27182, 8, 1828, 45904 })
        {
            await call.RequestStream.WriteAsync(new StreamingInputCallRequest { Payload = Zeros(size) });
        }
        await call.RequestStream.CompleteAsync();
        var response = await call.ResponseAsync;
        Check(response.AggregatedPayloadSize == 74922, $"aggregated_payload_size {response.AggregatedPayloadSize}, expected 74922");
    }

    private async Task ServerStreamingAsync()
    {
        int[] sizes = [31415, 9, 2653, 58979];
        var request = new StreamingOutputCallRequest();
        request.ResponseParameters.AddRange(sizes.Select(s => new ResponseParameters { Size = s }));
        using var call = _client.StreamingOutputCall(request, Options());
        var received = new List<int>();
        await foreach (var response in call.ResponseStream.ReadAllAsync())
        {
            CheckZeros(response.Payload, sizes[Math.Min(received.Count, sizes.Length - 1)]);
            received.Add(response.Payload.Body.Length);
        }
        Check(received.SequenceEqual(sizes), $"response sizes [{string.Join(",", received)}], expected [{string.Join(",", sizes)}]");
    }

    private async Task PingPongAsync()
    {
        int[] requestSizes = [27182, 8, 1828, 45904];
        int[] responseSizes = [31415, 9, 2653, 58979];
        using var call = _client.FullDuplexCall(Options());
        for (var i = 0; i < requestSizes.Length; i++)
        {
            await call.RequestStream.WriteAsync(OutputRequest(requestSizes[i], responseSizes[i]));
            Check(await call.ResponseStream.MoveNext(CancellationToken.None), $"stream ended before response {i + 1}");
            CheckZeros(call.ResponseStream.Current.Payload, responseSizes[i]);
        }
        await call.RequestStream.CompleteAsync();
        Check(!await call.ResponseStream.MoveNext(CancellationToken.None), "server sent more responses than requests");
    }

    private async Task EmptyStreamAsync()
    {
        using var call = _client.FullDuplexCall(Options());
        await call.RequestStream.CompleteAsync();
        Check(!await call.ResponseStream.MoveNext(CancellationToken.None), "server answered an empty stream");
    }

    private async Task TimeoutOnSleepingServerAsync()
    {
        using var call = _client.FullDuplexCall(new CallOptions(Deadline: DateTime.UtcNow.AddMilliseconds(1)));
        try
        {
            await call.RequestStream.WriteAsync(OutputRequest(27182, 0, withParameters: false));
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.DeadlineExceeded)
        {
            // The deadline may pass before the first write; that is allowed by the test description.
        }
        await ExpectStatusAsync(StatusCode.DeadlineExceeded, () => call.ResponseStream.MoveNext(CancellationToken.None));
    }

    private async Task CancelAfterBeginAsync()
    {
        using var cancellation = new CancellationTokenSource();
        using var call = _client.StreamingInputCall(new CallOptions(CancellationToken: cancellation.Token));
        await cancellation.CancelAsync();
        await ExpectStatusAsync(StatusCode.Cancelled, () => call.ResponseAsync);
    }

    private async Task CancelAfterFirstResponseAsync()
    {
        using var cancellation = new CancellationTokenSource();
        using var call = _client.FullDuplexCall(new CallOptions(CancellationToken: cancellation.Token, Deadline: DateTime.UtcNow + CallTimeout));
        await call.RequestStream.WriteAsync(OutputRequest(27182, 31415));
        Check(await call.ResponseStream.MoveNext(CancellationToken.None), "no first response");
        CheckZeros(call.ResponseStream.Current.Payload, 31415);
        await cancellation.CancelAsync();
        await ExpectStatusAsync(StatusCode.Cancelled, () => call.ResponseStream.MoveNext(CancellationToken.None));
    }

    private async Task StatusCodeAndMessageAsync()
    {
        var status = new EchoStatus { Code = 2, Message = "test status message" };
        var unary = await ExpectStatusAsync(StatusCode.Unknown,
            () => _client.UnaryCall(new SimpleRequest { ResponseStatus = status }, Options()).ResponseAsync);
        Check(unary.Status.Detail == status.Message, $"unary message '{unary.Status.Detail}'");

        using var call = _client.FullDuplexCall(Options());
        await call.RequestStream.WriteAsync(new StreamingOutputCallRequest { ResponseStatus = status });
        await call.RequestStream.CompleteAsync();
        var duplex = await ExpectStatusAsync(StatusCode.Unknown, () => call.ResponseStream.MoveNext(CancellationToken.None));
        Check(duplex.Status.Detail == status.Message, $"streaming message '{duplex.Status.Detail}'");
    }

    private async Task SpecialStatusMessageAsync()
    {
        var request = new SimpleRequest { ResponseStatus = new EchoStatus { Code = 2, Message = SpecialMessage } };
        var error = await ExpectStatusAsync(StatusCode.Unknown, () => _client.UnaryCall(request, Options()).ResponseAsync);
        Check(error.Status.Detail == SpecialMessage, $"message '{error.Status.Detail}' differs from the special message");
    }

    private async Task CustomMetadataAsync()
    {
        const string initialKey = "x-grpc-test-echo-initial", trailingKey = "x-grpc-test-echo-trailing-bin";
        var headers = new Metadata().Add(initialKey, "test_initial_metadata_value").Add(trailingKey, [0xab, 0xab, 0xab]);

        using (var unary = _client.UnaryCall(new SimpleRequest { ResponseSize = 314159, Payload = Zeros(271828) }, Options(headers)))
        {
            CheckZeros((await unary.ResponseAsync).Payload, 314159);
            CheckEchoedMetadata(await unary.ResponseHeadersAsync, unary.GetTrailers(), "unary");
        }

        using var call = _client.FullDuplexCall(Options(headers));
        await call.RequestStream.WriteAsync(OutputRequest(271828, 314159));
        await call.RequestStream.CompleteAsync();
        Check(await call.ResponseStream.MoveNext(CancellationToken.None), "no streaming response");
        CheckZeros(call.ResponseStream.Current.Payload, 314159);
        Check(!await call.ResponseStream.MoveNext(CancellationToken.None), "extra streaming response");
        CheckEchoedMetadata(await call.ResponseHeadersAsync, call.GetTrailers(), "streaming");

        void CheckEchoedMetadata(Metadata initial, Metadata trailing, string kind)
        {
            Check(initial.GetValue(initialKey) == "test_initial_metadata_value", $"{kind}: initial metadata not echoed");
            Check(trailing.Get(trailingKey)?.ValueBytes.SequenceEqual(new byte[] { 0xab, 0xab, 0xab }) == true, $"{kind}: trailing metadata not echoed");
        }
    }

    private async Task ClientCompressedUnaryAsync()
    {
        // Probe: a server that checks compression must refuse an uncompressed message it expected compressed.
        await ExpectStatusAsync(StatusCode.InvalidArgument, () => _client.UnaryCall(
            new SimpleRequest { ExpectCompressed = new BoolValue { Value = true }, ResponseSize = 314159, Payload = Zeros(271828) }, Options()).ResponseAsync);
        foreach (var compressed in new[] { true, false })
        {
            var request = new SimpleRequest { ExpectCompressed = new BoolValue { Value = compressed }, ResponseSize = 314159, Payload = Zeros(271828) };
            var response = await _client.UnaryCall(request, Options(encoding: compressed ? "gzip" : null));
            CheckZeros(response.Payload, 314159);
        }
    }

    private async Task ServerCompressedUnaryAsync()
    {
        foreach (var compressed in new[] { true, false })
        {
            var request = new SimpleRequest { ResponseCompressed = new BoolValue { Value = compressed }, ResponseSize = 314159, Payload = Zeros(271828) };
            CheckZeros((await _client.UnaryCall(request, Options())).Payload, 314159);
        }
    }

    private async Task ClientCompressedStreamingAsync()
    {
        using (var probe = _client.StreamingInputCall(Options()))
        {
            await probe.RequestStream.WriteAsync(new StreamingInputCallRequest { ExpectCompressed = new BoolValue { Value = true }, Payload = Zeros(27182) })
                .ContinueWith(_ => { }, TaskScheduler.Default); // the server may end the call before the write completes
            await ExpectStatusAsync(StatusCode.InvalidArgument, () => probe.ResponseAsync);
        }
        using var call = _client.StreamingInputCall(Options(encoding: "gzip"));
        await call.RequestStream.WriteAsync(new StreamingInputCallRequest { ExpectCompressed = new BoolValue { Value = true }, Payload = Zeros(27182) });
        call.RequestStream.WriteOptions = new WriteOptions(WriteFlags.NoCompress);
        await call.RequestStream.WriteAsync(new StreamingInputCallRequest { ExpectCompressed = new BoolValue { Value = false }, Payload = Zeros(45904) });
        await call.RequestStream.CompleteAsync();
        var response = await call.ResponseAsync;
        Check(response.AggregatedPayloadSize == 73086, $"aggregated_payload_size {response.AggregatedPayloadSize}, expected 73086");
    }

    private async Task ServerCompressedStreamingAsync()
    {
        var request = new StreamingOutputCallRequest();
        request.ResponseParameters.Add(new ResponseParameters { Compressed = new BoolValue { Value = true }, Size = 31415 });
        request.ResponseParameters.Add(new ResponseParameters { Compressed = new BoolValue { Value = false }, Size = 92653 });
        using var call = _client.StreamingOutputCall(request, Options());
        foreach (var size in new[] { 31415, 92653 })
        {
            Check(await call.ResponseStream.MoveNext(CancellationToken.None), $"stream ended before the {size}-byte response");
            CheckZeros(call.ResponseStream.Current.Payload, size);
        }
        Check(!await call.ResponseStream.MoveNext(CancellationToken.None), "extra response");
    }

    private static async Task<RpcException> ExpectStatusAsync(StatusCode expected, Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (RpcException ex)
        {
            Check(ex.StatusCode == expected, $"status {ex.StatusCode} ('{ex.Status.Detail}'), expected {expected}");
            return ex;
        }
        throw new InteropFailure($"the call succeeded, expected status {expected}");
    }

    private static StreamingOutputCallRequest OutputRequest(int requestSize, int responseSize, bool withParameters = true)
    {
        var request = new StreamingOutputCallRequest { Payload = Zeros(requestSize) };
        if (withParameters)
        {
            request.ResponseParameters.Add(new ResponseParameters { Size = responseSize });
        }
        return request;
    }

    private static Payload Zeros(int size) => new() { Body = ByteString.CopyFrom(new byte[size]) };

    private static void CheckZeros(Payload? payload, int size)
    {
        Check(payload is not null, "response has no payload");
        Check(payload!.Body.Length == size, $"payload of {payload.Body.Length} bytes, expected {size}");
        Check(!payload.Body.Span.ContainsAnyExcept((byte)0), "payload is not all zeros");
    }

    private static void Check(bool condition, string failure)
    {
        if (!condition)
        {
            throw new InteropFailure(failure);
        }
    }
}

public sealed class InteropFailure(string message) : Exception(message);
