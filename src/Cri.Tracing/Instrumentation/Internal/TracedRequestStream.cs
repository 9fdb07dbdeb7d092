using Grpc.Core;

namespace Cri.Tracing.Instrumentation.Internal;

/// <summary>A request stream whose messages become payload events of the call's span.</summary>
internal sealed class TracedRequestStream<T>(IAsyncStreamReader<T> inner, TracedCall call) : IAsyncStreamReader<T>
{
    public T Current => inner.Current;

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        if (!await inner.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        call.OnRequest(inner.Current!);
        return true;
    }
}
