using System.Globalization;

namespace Cri.Protos;

/// <summary>
/// A CRI endpoint as crictl and the kubelet write it: <c>unix:///run/containerd/containerd.sock</c>,
/// <c>tcp://127.0.0.1:10000</c>, <c>127.0.0.1:10000</c>, or a bare socket path.
/// </summary>
public sealed class CriEndpoint
{
    private CriEndpoint(string original, string? socketPath, string host, int port)
    {
        this.Original = original;
        this.SocketPath = socketPath;
        this.Host = host;
        this.Port = port;
    }

    /// <summary>Gets the endpoint as it was written.</summary>
    public string Original { get; }

    /// <summary>Gets the Unix socket path, or <see langword="null"/> for a TCP endpoint.</summary>
    public string? SocketPath { get; }

    /// <summary>Gets whether the endpoint is a Unix domain socket.</summary>
    public bool IsUnixSocket => this.SocketPath is not null;

    /// <summary>
    /// Gets the host for TCP endpoints, or the socket path for Unix sockets: what OpenTelemetry's
    /// <c>server.address</c> holds.
    /// </summary>
    public string Host { get; }

    /// <summary>Gets the TCP port, or 0 for a Unix socket (or, to listen on, any free port).</summary>
    public int Port { get; }

    /// <summary>Parses an endpoint.</summary>
    /// <param name="endpoint">The endpoint text.</param>
    /// <returns>The endpoint.</returns>
    /// <exception cref="FormatException">The text is not an endpoint; the message says why.</exception>
    public static CriEndpoint Parse(string endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var text = endpoint.Trim();
        if (text.Length == 0)
        {
            throw new FormatException("The CRI endpoint is empty.");
        }

        if (text.StartsWith("unix://", StringComparison.OrdinalIgnoreCase))
        {
            var path = text["unix://".Length..];
            if (path.Length == 0)
            {
                throw new FormatException($"The CRI endpoint '{endpoint}' names no socket path.");
            }

            return new CriEndpoint(endpoint, path, path, 0);
        }

        if (text.StartsWith('/'))
        {
            return new CriEndpoint(endpoint, text, text, 0);
        }

        var hostPort = text.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase) ? text["tcp://".Length..] : text;
        if (hostPort.Contains("://", StringComparison.Ordinal))
        {
            throw new FormatException($"The CRI endpoint '{endpoint}' has an unsupported scheme: use unix:// or tcp://.");
        }

        var colon = hostPort.LastIndexOf(':');
        if (colon <= 0 || colon == hostPort.Length - 1)
        {
            throw new FormatException($"The CRI endpoint '{endpoint}' needs a port: host:port.");
        }

        var host = hostPort[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        if (!int.TryParse(hostPort.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 0 or > 65535)
        {
            throw new FormatException($"The CRI endpoint '{endpoint}' has an invalid port '{hostPort[(colon + 1)..]}'.");
        }

        return new CriEndpoint(endpoint, null, host, port);
    }

    /// <inheritdoc/>
    public override string ToString() => this.Original;
}
