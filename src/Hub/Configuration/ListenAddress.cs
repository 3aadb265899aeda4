using System.Net;

namespace TelemetryGateway.Hub;

/// <summary>A listener URL taken apart: scheme and the endpoint to bind.</summary>
internal readonly record struct ListenAddress(bool Tls, IPEndPoint EndPoint, string Host)
{
    /// <summary>Parses <c>http://host:port</c> or <c>https://host:port</c>; host is an IP address,
    /// <c>localhost</c> (loopback) or <c>*</c> / <c>0.0.0.0</c> (every interface).</summary>
    /// <exception cref="InvalidOperationException">Not such a URL; the message names <paramref name="key"/>.</exception>
    public static ListenAddress Parse(string? url, string key)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            throw new InvalidOperationException($"{key} must be set (e.g. http://127.0.0.1:7400).");
        }
        var text = url.Replace("://*:", "://0.0.0.0:", StringComparison.Ordinal);
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || uri.AbsolutePath is not ("/" or ""))
        {
            throw new InvalidOperationException($"{key} '{url}' is not an http:// or https:// URL of the form scheme://host:port.");
        }
        IPAddress address;
        if (string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            address = IPAddress.Loopback;
        }
        else if (!IPAddress.TryParse(uri.Host.Trim('[', ']'), out address!))
        {
            throw new InvalidOperationException($"{key} '{url}': the host must be an IP address, localhost or *.");
        }
        return new ListenAddress(uri.Scheme == "https", new IPEndPoint(address, uri.Port), uri.Host);
    }
}
