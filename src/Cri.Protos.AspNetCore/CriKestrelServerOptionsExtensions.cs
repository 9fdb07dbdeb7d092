using System.Net;
using Cri.Protos;
using Cri.Protos.Internal;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Microsoft.AspNetCore.Hosting;

/// <summary>Makes Kestrel listen where a CRI runtime listens.</summary>
public static class CriKestrelServerOptionsExtensions
{
    /// <summary>
    /// Listens on a CRI endpoint with HTTP/2 only (gRPC with prior knowledge, no TLS): a Unix
    /// socket, whose stale file from an earlier run is removed first, or a TCP address.
    /// On a Unix socket, a client that sends the socket path as <c>:authority</c> (<c>/run/x.sock</c>,
    /// <c>%2Frun%2Fx.sock</c> as gRPC C-core 1.57+ does, or <c>unix:/run/x.sock</c>), which Kestrel
    /// refuses, is served as if it had sent <c>localhost</c>; TCP endpoints validate as Kestrel always does.
    /// </summary>
    /// <param name="options">Kestrel's options.</param>
    /// <param name="endpoint">The endpoint, such as <c>unix:///run/sample-cri.sock</c> or <c>tcp://127.0.0.1:10000</c>; port 0 listens on any free port.</param>
    public static void ListenCri(this KestrelServerOptions options, CriEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(endpoint);
        if (endpoint.SocketPath is { } path)
        {
            if (File.Exists(path))
            {
                File.Delete(path);
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            options.ListenUnixSocket(path, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                listen.Use(next => new UnixSocketAuthorityMiddleware(next, listen.KestrelServerOptions).OnConnectionAsync);
            });
        }
        else if (string.Equals(endpoint.Host, "localhost", StringComparison.OrdinalIgnoreCase) && endpoint.Port != 0)
        {
            options.ListenLocalhost(endpoint.Port, listen => listen.Protocols = HttpProtocols.Http2);
        }
        else
        {
            // Kestrel takes no dynamic port on localhost (two addresses): port 0 there means IPv4 loopback.
            var address = IPAddress.TryParse(endpoint.Host, out var ip) ? ip
                : string.Equals(endpoint.Host, "localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
                : throw new FormatException($"Listen on an IP address, not '{endpoint.Host}'.");
            options.Listen(address, endpoint.Port, listen => listen.Protocols = HttpProtocols.Http2);
        }
    }
}
