using System.Net.Sockets;
using Grpc.Net.Client;

namespace Cri.Protos;

/// <summary>
/// Creates grpc-dotnet channels to CRI endpoints as crictl and the kubelet write them: HTTP/2 with
/// prior knowledge on a Unix socket (<c>unix:///run/containerd/containerd.sock</c>) or TCP
/// (<c>127.0.0.1:10000</c>).
/// </summary>
public static class CriChannel
{
    /// <summary>The connect timeout when none is given: crictl's default.</summary>
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Creates a channel to an endpoint; the caller disposes it.</summary>
    /// <param name="endpoint">The endpoint, as crictl and the kubelet write it.</param>
    /// <param name="options">Channel options; <see cref="GrpcChannelOptions.HttpHandler"/> is set to the endpoint's transport when left <see langword="null"/>.</param>
    /// <returns>The channel.</returns>
    /// <exception cref="FormatException"><paramref name="endpoint"/> is not an endpoint.</exception>
    public static GrpcChannel Create(string endpoint, GrpcChannelOptions? options = null)
        => Create(CriEndpoint.Parse(endpoint), options);

    /// <summary>Creates a channel to an endpoint; the caller disposes it.</summary>
    /// <param name="endpoint">The endpoint.</param>
    /// <param name="options">
    /// Channel options; when neither <see cref="GrpcChannelOptions.HttpHandler"/> nor
    /// <see cref="GrpcChannelOptions.HttpClient"/> is set, the endpoint's transport is set on them
    /// (with <see cref="GrpcChannelOptions.DisposeHttpClient"/>), so give each channel its own options.
    /// </param>
    /// <returns>The channel.</returns>
    public static GrpcChannel Create(CriEndpoint endpoint, GrpcChannelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        options ??= new GrpcChannelOptions();
        if (options.HttpHandler is null && options.HttpClient is null)
        {
            options.HttpHandler = CreateHttpHandler(endpoint);
            options.DisposeHttpClient = true;
        }

        return GrpcChannel.ForAddress(GetAddress(endpoint), options);
    }

    /// <summary>
    /// Gets the address a channel to the endpoint uses: <c>http://localhost</c> for a Unix socket
    /// (the <c>:authority</c> grpc-go and crictl send), <c>http://host:port</c> for TCP.
    /// </summary>
    /// <param name="endpoint">The endpoint.</param>
    /// <returns>The address.</returns>
    public static Uri GetAddress(CriEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (endpoint.IsUnixSocket)
        {
            return new Uri("http://localhost");
        }

        var host = endpoint.Host.Contains(':', StringComparison.Ordinal) ? $"[{endpoint.Host}]" : endpoint.Host;
        return new Uri($"http://{host}:{endpoint.Port}");
    }

    /// <summary>
    /// Creates the transport for an endpoint: a <see cref="SocketsHttpHandler"/> that connects to
    /// its Unix socket or TCP address and keeps the HTTP/2 connection alive. Use it as the primary
    /// handler when the client is built elsewhere (<c>AddGrpcClient(...).ConfigurePrimaryHttpMessageHandler</c>).
    /// </summary>
    /// <param name="endpoint">The endpoint.</param>
    /// <param name="connectTimeout">How long connecting may take; default <see cref="DefaultConnectTimeout"/>.</param>
    /// <returns>The handler.</returns>
    public static SocketsHttpHandler CreateHttpHandler(CriEndpoint endpoint, TimeSpan? connectTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = connectTimeout ?? DefaultConnectTimeout,
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            KeepAlivePingDelay = TimeSpan.FromSeconds(60),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
        };

        if (endpoint.SocketPath is { } path)
        {
            var socketEndPoint = new UnixDomainSocketEndPoint(path);
            handler.ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(socketEndPoint, cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }

        return handler;
    }
}
