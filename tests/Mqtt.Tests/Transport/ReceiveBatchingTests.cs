using System.Net;
using System.Net.Sockets;
using TelemetryGateway.Mqtt.Transport;

namespace TelemetryGateway.Mqtt.Tests.Transport;

/// <summary>
/// The receive low-water mark on a real loopback TCP pair: a flood switches it on, a batch wakes the reader, and a
/// lone message after the flood is still read (a reader left blocking on the mark would wait for it forever).
/// </summary>
public sealed class ReceiveBatchingTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_large_read_switches_the_low_water_mark_on()
    {
        var (sender, receiver) = await ConnectedPairAsync();
        using (sender)
        using (receiver)
        {
            var batching = new ReceiveBatching(receiver);
            sender.Send(new byte[16 * 1024]);
            var read = await ReadAtLeastAsync(receiver, batching, ReceiveBatching.FloodThreshold);

            Assert.True(read >= ReceiveBatching.FloodThreshold);
            Assert.True(batching.Batching);
            Assert.Equal(ReceiveBatching.LowWaterMark, (int)receiver.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReceiveLowWater)!);
            Assert.Equal(0, QuickAck(receiver)); // acknowledgements delayed during the flood
        }
    }

    [Fact]
    public async Task Small_reads_leave_every_arrival_waking_the_reader()
    {
        var (sender, receiver) = await ConnectedPairAsync();
        using (sender)
        using (receiver)
        {
            var batching = new ReceiveBatching(receiver);
            for (var i = 0; i < 5; i++)
            {
                sender.Send(new byte[100]);
                Assert.Equal(100, await ReadAtLeastAsync(receiver, batching, 100));
            }

            Assert.False(batching.Batching);
            Assert.Equal(1, (int)receiver.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReceiveLowWater)!);
            Assert.Equal(1, QuickAck(receiver)); // the kernel's own choice, untouched
        }
    }

    [Fact]
    public async Task A_full_batch_is_read_while_the_mark_stays_on()
    {
        var (sender, receiver) = await ConnectedPairAsync();
        using (sender)
        using (receiver)
        {
            var batching = new ReceiveBatching(receiver);
            sender.Send(new byte[16 * 1024]);
            var first = await ReadAtLeastAsync(receiver, batching, 16 * 1024);
            Assert.True(batching.Batching);

            sender.Send(new byte[ReceiveBatching.LowWaterMark * 2]);
            var second = await ReadAtLeastAsync(receiver, batching, ReceiveBatching.LowWaterMark);

            Assert.Equal(16 * 1024, first);
            Assert.True(second >= ReceiveBatching.LowWaterMark);
            Assert.True(batching.Batching);
        }
    }

    [Fact]
    public async Task A_lone_message_after_a_flood_is_read_and_ends_the_batching()
    {
        var (sender, receiver) = await ConnectedPairAsync();
        using (sender)
        using (receiver)
        {
            var batching = new ReceiveBatching(receiver);
            sender.Send(new byte[16 * 1024]);
            await ReadAtLeastAsync(receiver, batching, 16 * 1024);
            Assert.True(batching.Batching);

            // 100 bytes never reach the mark: only the bounded poll lets the reader see them.
            sender.Send(Enumerable.Repeat((byte)0x5A, 100).ToArray());
            var buffer = new byte[64 * 1024];
            var read = await Task.Run(() =>
            {
                batching.BeforeRead();
                return receiver.Receive(buffer);
            }).WaitAsync(Timeout);

            Assert.Equal(100, read);
            Assert.All(buffer[..100], b => Assert.Equal(0x5A, b));
            Assert.False(batching.Batching);
            Assert.Equal(1, (int)receiver.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReceiveLowWater)!);
        }
    }

    [Fact]
    public async Task When_the_flood_stops_quick_acknowledgements_return()
    {
        var (sender, receiver) = await ConnectedPairAsync();
        using (sender)
        using (receiver)
        {
            var batching = new ReceiveBatching(receiver);
            sender.Send(new byte[16 * 1024]);
            await ReadAtLeastAsync(receiver, batching, 16 * 1024);
            Assert.Equal(0, QuickAck(receiver));

            // Nothing more arrives: the bounded poll ends the batching, and with nothing queued the flood is over.
            await Task.Run(batching.BeforeRead).WaitAsync(Timeout);

            Assert.False(batching.Batching);
            Assert.Equal(1, QuickAck(receiver));
        }
    }

    [Fact]
    public async Task A_peer_closing_during_a_batch_is_seen_as_the_end_of_the_stream()
    {
        var (sender, receiver) = await ConnectedPairAsync();
        using (receiver)
        {
            var batching = new ReceiveBatching(receiver);
            sender.Send(new byte[16 * 1024]);
            await ReadAtLeastAsync(receiver, batching, 16 * 1024);
            sender.Shutdown(SocketShutdown.Both);
            sender.Dispose();

            var read = await Task.Run(() =>
            {
                batching.BeforeRead();
                return receiver.Receive(new byte[1024]);
            }).WaitAsync(Timeout);

            Assert.Equal(0, read);
        }
    }

    /// <summary>TCP_QUICKACK as the kernel reports it: 0 while acknowledgements are delayed.</summary>
    private static int QuickAck(Socket socket)
    {
        Span<byte> value = stackalloc byte[4];
        Assert.Equal(4, socket.GetRawSocketOption(6, 12, value)); // IPPROTO_TCP, TCP_QUICKACK
        return BitConverter.ToInt32(value);
    }

    /// <summary>Reads (blocking, as the client's reading thread does) until at least <paramref name="bytes"/> arrived; returns the size of the last read.</summary>
    private static Task<int> ReadAtLeastAsync(Socket receiver, ReceiveBatching batching, int bytes) =>
        Task.Run(() =>
        {
            var buffer = new byte[64 * 1024];
            var total = 0;
            var last = 0;
            while (total < bytes)
            {
                batching.BeforeRead();
                last = receiver.Receive(buffer);
                batching.AfterRead(last);
                total += last;
            }

            return last;
        }).WaitAsync(Timeout);

    /// <summary>A loopback TCP pair; the receiving end stays in blocking mode (it sees no asynchronous operation).</summary>
    private static async Task<(Socket Sender, Socket Receiver)> ConnectedPairAsync()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var receiver = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var connecting = Task.Run(() => receiver.Connect(listener.LocalEndPoint!));
        var sender = await listener.AcceptAsync().WaitAsync(Timeout);
        await connecting.WaitAsync(Timeout);
        sender.NoDelay = true;
        return (sender, receiver);
    }
}
