using Grpc.Core;

namespace Cri.Tracing.Instrumentation.Internal;

/// <summary>A client's response stream that records its messages and ends the call's span with the stream.</summary>
internal sealed class TracedClientResponseStream<T>(IAsyncStreamReader<T> inner, Func<Status> getStatus, ClientCall call) : IAsyncStreamReader<T>
{
    public T Current => inner.Current;

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        try
        {
            if (await inner.MoveNext(cancellationToken).ConfigureAwait(false))
            {
                call.OnResponse(inner.Current!);
                return true;
            }

            call.End(getStatus());
            return false;
        }
        catch (Exception ex)
        {
            call.Fail(ex);
            throw;
        }
    }
}
