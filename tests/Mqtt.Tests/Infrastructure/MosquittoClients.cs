using System.Globalization;
using TelemetryGateway.Mqtt.Packets;

namespace TelemetryGateway.Mqtt.Tests.Infrastructure;

/// <summary>Where and how mosquitto_pub / mosquitto_sub connect.</summary>
public sealed record MosquittoEndpoint(string Host, int Port)
{
    public MqttProtocolVersion Version { get; init; } = MqttProtocolVersion.V500;

    /// <summary>TLS with the test CA (<c>--cafile</c>).</summary>
    public bool Tls { get; init; }

    /// <summary>Also present the test client certificate (<c>--cert</c>, <c>--key</c>).</summary>
    public bool ClientCertificate { get; init; }

    public string? UserName { get; init; }

    public string? Password { get; init; }

    public static MosquittoEndpoint Plain(MosquittoBroker broker, MqttProtocolVersion version) =>
        new(broker.Host, broker.Port) { Version = version };

    public static MosquittoEndpoint Secure(MosquittoBroker broker, MqttProtocolVersion version, bool clientCertificate) =>
        new(broker.Host, broker.TlsPort) { Version = version, Tls = true, ClientCertificate = clientCertificate };

    public IEnumerable<string> Arguments()
    {
        yield return "-h";
        yield return Host;
        yield return "-p";
        yield return Port.ToString(CultureInfo.InvariantCulture);
        yield return "-V";
        yield return Version == MqttProtocolVersion.V500 ? "mqttv5" : "mqttv311";
        if (Tls)
        {
            var certificates = MqttTestCertificates.Shared;
            yield return "--cafile";
            yield return certificates.CaCertPath;
            if (ClientCertificate)
            {
                yield return "--cert";
                yield return certificates.ClientCertPath;
                yield return "--key";
                yield return certificates.ClientKeyPath;
            }
        }

        if (UserName is not null)
        {
            yield return "-u";
            yield return UserName;
        }

        if (Password is not null)
        {
            yield return "-P";
            yield return Password;
        }
    }
}

/// <summary>One message as mosquitto_sub printed it.</summary>
public sealed record ReceivedMessage(string Topic, MqttQualityOfService QualityOfService, bool Retain, byte[] Payload)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Payload);
}

/// <summary>Runs <c>mosquitto_pub</c> and <c>mosquitto_sub</c> (Debian mosquitto-clients) as processes.</summary>
public static class MosquittoClients
{
    public const string PubPath = "/usr/bin/mosquitto_pub";
    public const string SubPath = "/usr/bin/mosquitto_sub";

    // A prefix no debug line starts with ('@' is an escape in -F); %x prints the payload in
    // hex so binary survives.
    private const string MessagePrefix = "msg| ";

    /// <summary>Publishes one message (or, with <paramref name="extra"/>, whatever mosquitto_pub is told) and checks it exited 0.</summary>
    public static async Task PublishAsync(MosquittoEndpoint endpoint, string topic, string message,
        MqttQualityOfService qos = MqttQualityOfService.AtMostOnce, bool retain = false, params string[] extra)
    {
        List<string> arguments = [.. endpoint.Arguments(), "-t", topic, "-m", message, "-q", ((int)qos).ToString(CultureInfo.InvariantCulture)];
        if (retain)
        {
            arguments.Add("-r");
        }

        arguments.AddRange(extra);
        await RunAsync(PubPath, arguments);
    }

    /// <summary>Publishes the contents of a file as one message (binary-safe: <c>-f</c>).</summary>
    public static async Task PublishFileAsync(MosquittoEndpoint endpoint, string topic, string path, MqttQualityOfService qos, params string[] extra)
    {
        List<string> arguments = [.. endpoint.Arguments(), "-t", topic, "-f", path, "-q", ((int)qos).ToString(CultureInfo.InvariantCulture)];
        arguments.AddRange(extra);
        await RunAsync(PubPath, arguments);
    }

    /// <summary>
    /// Publishes every line of stdin as its own message (<c>-l</c>) over one connection,
    /// in order: many messages without a process per message.
    /// </summary>
    public static async Task PublishLinesAsync(MosquittoEndpoint endpoint, string topic, IEnumerable<string> lines, MqttQualityOfService qos)
    {
        List<string> arguments = [.. endpoint.Arguments(), "-t", topic, "-l", "-q", ((int)qos).ToString(CultureInfo.InvariantCulture)];
        await using var process = PeerProcess.Start(PubPath, arguments);
        var stdin = process.StandardInput;
        foreach (var line in lines)
        {
            await stdin.WriteLineAsync(line);
        }

        stdin.Close();
        var exit = await process.WaitForExitAsync(TimeSpan.FromSeconds(120));
        if (exit != 0)
        {
            throw new InvalidOperationException($"mosquitto_pub -l exited {exit}\n{process.Transcript}");
        }
    }

    /// <summary>
    /// Starts mosquitto_sub on <paramref name="topic"/> and returns once its SUBACK arrived,
    /// so whatever is published afterwards reaches it.
    /// </summary>
    public static async Task<MosquittoSubscriber> SubscribeAsync(MosquittoEndpoint endpoint, string topic,
        MqttQualityOfService qos = MqttQualityOfService.AtMostOnce, params string[] extra)
    {
        List<string> arguments =
        [
            .. endpoint.Arguments(), "-t", topic, "-q", ((int)qos).ToString(CultureInfo.InvariantCulture),
            "-d", "-F", MessagePrefix + "%q %r %t %x",
        ];
        arguments.AddRange(extra);
        // stdbuf: with a pipe for stdout, stdio would hold the lines back until exit.
        var process = PeerProcess.Start("/usr/bin/stdbuf", ["-oL", SubPath, .. arguments]);
        try
        {
            await process.WaitForLineAsync(line => line.Contains("received SUBACK", StringComparison.Ordinal),
                TimeSpan.FromSeconds(15), "mosquitto_sub SUBACK");
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }

        return new MosquittoSubscriber(process);
    }

    internal static ReceivedMessage? Parse(string line)
    {
        if (!line.StartsWith(MessagePrefix, StringComparison.Ordinal))
        {
            return null;
        }

        // "msg| <qos> <retain> <topic> <hex>": topics in tests have no spaces; hex may be empty.
        var parts = line[MessagePrefix.Length..].Split(' ');
        return new ReceivedMessage(parts[2], (MqttQualityOfService)int.Parse(parts[0], CultureInfo.InvariantCulture),
            parts[1] == "1", parts.Length > 3 ? Convert.FromHexString(parts[3]) : []);
    }

    private static async Task RunAsync(string path, IEnumerable<string> arguments)
    {
        await using var process = PeerProcess.Start(path, arguments);
        process.StandardInput.Close();
        var exit = await process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        if (exit != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(path)} exited {exit}\n{process.Transcript}");
        }
    }
}

/// <summary>A running mosquitto_sub; disposing kills it.</summary>
public sealed class MosquittoSubscriber : IAsyncDisposable
{
    private readonly PeerProcess _process;

    internal MosquittoSubscriber(PeerProcess process) => _process = process;

    public IReadOnlyList<ReceivedMessage> Messages =>
        [.. _process.StdoutLines.Select(MosquittoClients.Parse).OfType<ReceivedMessage>()];

    public string Transcript => _process.Transcript;

    public async Task<IReadOnlyList<ReceivedMessage>> WaitForMessagesAsync(int count, TimeSpan timeout)
    {
        await _process.WaitUntilAsync(
            (lines, _) => lines.Count(l => MosquittoClients.Parse(l) is not null) >= count,
            timeout, $"{count} messages at mosquitto_sub");
        return Messages;
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
