using System.Net;
using System.Net.Sockets;
using TelemetryGateway.Mqtt.Transport;

namespace TelemetryGateway.Mqtt.Tests.Transport;

/// <summary>
/// The receive low-water mark and delayed acknowledgements on a real loopback TCP pair: a flood switches them on, a
/// batch wakes the reader, and a lone message after the flood is still read (a reader left blocking on the mark
/// would wait for it forever).
/// </summary>
public sealed class ReceiveBatchingTests
{
    private const int Flood = 16 * 1024;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_large_read_switches_the_low_water_mark_on()
    {
        using var pair = await LoopbackPair.ConnectAsync();
        var read = await pair.SendAndReadAsync(Flood);

        Assert.Equal(Flood, read);
        Assert.True(pair.Batching.Batching);
        Assert.Equal(ReceiveBatching.LowWaterMark, pair.LowWaterMark);
        Assert.Equal(0, pair.QuickAck); // acknowledgements delayed during the flood
    }

    [Fact]
    public async Task Small_reads_leave_every_arrival_waking_the_reader()
    {
        using var pair = await LoopbackPair.ConnectAsync();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(100, await pair.SendAndReadAsync(100));
        }

        Assert.False(pair.Batching.Batching);
        Assert.Equal(1, pair.LowWaterMark);
        Assert.Equal(1, pair.QuickAck); // the kernel's own choice, untouched
    }

    [Fact]
    public async Task A_full_batch_is_read_while_the_mark_stays_on()
    {
        using var pair = await LoopbackPair.ConnectAsync();
        await pair.SendAndReadAsync(Flood);

        var second = await pair.SendAndReadAsync(ReceiveBatching.LowWaterMark * 2);

        Assert.True(second >= ReceiveBatching.LowWaterMark);
        Assert.True(pair.Batching.Batching);
    }

    [Fact]
    public async Task A_lone_message_after_a_flood_is_read_and_ends_the_batching()
    {
        using var pair = await LoopbackPair.ConnectAsync();
        await pair.SendAndReadAsync(Flood);

        // 100 bytes never reach the mark: only the bounded poll lets the reader see them.
        pair.Sender.Send(Enumerable.Repeat((byte)0x5A, 100).ToArray());
        var received = await pair.ReadOnceAsync();

        Assert.Equal(Enumerable.Repeat((byte)0x5A, 100), received);
        Assert.False(pair.Batching.Batching);
        Assert.Equal(1, pair.LowWaterMark);
    }

    [Fact]
    public async Task When_the_flood_stops_quick_acknowledgements_return()
    {
        using var pair = await LoopbackPair.ConnectAsync();
        await pair.SendAndReadAsync(Flood);
        Assert.Equal(0, pair.QuickAck);

        // Nothing more arrives: the bounded poll ends the batching, and with nothing queued the flood is over.
        await Task.Run(pair.Batching.BeforeRead).WaitAsync(Timeout);

        Assert.False(pair.Batching.Batching);
        Assert.Equal(1, pair.QuickAck);
    }

    [Fact]
    public async Task A_reader_that_is_sending_keeps_quick_acknowledgements()
    {
        using var pair = await LoopbackPair.ConnectAsync();
        await pair.SendAndReadAsync(Flood);
        Assert.Equal(0, pair.QuickAck);

        // A QoS 1 flood: PUBACKs go out between reads, and carry the ACKs; a handler slow to acknowledge must not
        // leave the sender waiting for the delayed-ACK timer as well.
        pair.BytesSent += 4;
        await pair.SendAndReadAsync(ReceiveBatching.LowWaterMark * 2);

        Assert.True(pair.Batching.Batching);
        Assert.Equal(1, pair.QuickAck);
    }

    [Fact]
    public async Task A_peer_closing_during_a_batch_is_seen_as_the_end_of_the_stream()
    {
        using var pair = await LoopbackPair.ConnectAsync();
        await pair.SendAndReadAsync(Flood);
        pair.Sender.Shutdown(SocketShutdown.Both);

        Assert.Empty(await pair.ReadOnceAsync());
    }

    /// <summary>A loopback TCP pair whose receiving end stays in blocking mode (it sees no asynchronous operation).</summary>
    private sealed class LoopbackPair : IDisposable
    {
        private LoopbackPair(Socket sender, Socket receiver)
        {
            Sender = sender;
            Receiver = receiver;
            Batching = new ReceiveBatching(receiver, () => BytesSent);
        }

        /// <summary>What the reader's connection has written: raise it to play a client sending PUBACKs.</summary>
        public long BytesSent { get; set; }

        public Socket Sender { get; }

        public Socket Receiver { get; }

        public ReceiveBatching Batching { get; }

        public int LowWaterMark => (int)Receiver.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReceiveLowWater)!;

        /// <summary>TCP_QUICKACK as the kernel reports it: 0 while acknowledgements are delayed.</summary>
        public int QuickAck
        {
            get
            {
                Span<byte> value = stackalloc byte[4];
                Assert.Equal(4, Receiver.GetRawSocketOption(6, 12, value)); // IPPROTO_TCP, TCP_QUICKACK
                return BitConverter.ToInt32(value);
            }
        }

        public static async Task<LoopbackPair> ConnectAsync()
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(1);
            var receiver = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            var connecting = Task.Run(() => receiver.Connect(listener.LocalEndPoint!));
            var sender = await listener.AcceptAsync().WaitAsync(Timeout);
            await connecting.WaitAsync(Timeout);
            sender.NoDelay = true;
            return new LoopbackPair(sender, receiver);
        }

        /// <summary>Sends <paramref name="bytes"/>, then reads them as the client's reading thread does; returns the size of the last read.</summary>
        public Task<int> SendAndReadAsync(int bytes)
        {
            Sender.Send(new byte[bytes]);
            return Task.Run(() =>
            {
                var buffer = new byte[64 * 1024];
                var (total, last) = (0, 0);
                while (total < bytes)
                {
                    Batching.BeforeRead();
                    last = Receiver.Receive(buffer);
                    Batching.AfterRead(last);
                    total += last;
                }

                return last;
            }).WaitAsync(Timeout);
        }

        /// <summary>One read, as the reading thread does it; empty at the end of the stream.</summary>
        public Task<byte[]> ReadOnceAsync() =>
            Task.Run(() =>
            {
                var buffer = new byte[64 * 1024];
                Batching.BeforeRead();
                return buffer[..Receiver.Receive(buffer)];
            }).WaitAsync(Timeout);

        public void Dispose()
        {
            Sender.Dispose();
            Receiver.Dispose();
        }
    }
}
