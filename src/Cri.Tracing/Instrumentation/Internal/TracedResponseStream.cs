using Grpc.Core;

namespace Cri.Tracing.Instrumentation.Internal;

/// <summary>A server's response stream whose messages become payload events of the call's span.</summary>
internal sealed class TracedResponseStream<T>(IServerStreamWriter<T> inner, TracedCall call) : IServerStreamWriter<T>
{
    public WriteOptions? WriteOptions
    {
        get => inner.WriteOptions;
        set => inner.WriteOptions = value;
    }

    public Task WriteAsync(T message)
    {
        call.OnResponse(message!);
        return inner.WriteAsync(message);
    }

    public Task WriteAsync(T message, CancellationToken cancellationToken)
    {
        call.OnResponse(message!);
        return inner.WriteAsync(message, cancellationToken);
    }
}
