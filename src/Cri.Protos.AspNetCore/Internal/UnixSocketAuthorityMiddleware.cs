using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Cri.Protos.Internal;

/// <summary>
/// Kestrel connection middleware for Unix-socket endpoints only: lets gRPC clients that send the
/// socket path as <c>:authority</c> (which Kestrel refuses) be served as if they sent <c>localhost</c>.
/// See <see cref="UnixSocketAuthorityReader"/>.
/// </summary>
internal sealed class UnixSocketAuthorityMiddleware(ConnectionDelegate next, KestrelServerOptions options)
{
    /// <summary>The smallest limit on one header block, whatever Kestrel's header limits.</summary>
    private const int MinHeaderBlockLimit = 64 * 1024;

    public async Task OnConnectionAsync(ConnectionContext context)
    {
        var original = context.Transport;
        var limits = options.Limits;
        var input = new UnixSocketAuthorityReader(
            original.Input,
            Math.Max(4096, limits.Http2.HeaderTableSize),
            Math.Max(MinHeaderBlockLimit, 2 * limits.MaxRequestHeadersTotalSize));
        context.Transport = new UnixSocketTransport(input, original.Output);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            await input.StopAsync().ConfigureAwait(false);
            context.Transport = original;
        }
    }
}
