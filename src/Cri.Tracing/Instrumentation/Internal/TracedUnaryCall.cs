using Grpc.Core;

namespace Cri.Tracing.Instrumentation.Internal;

/// <summary>
/// A recorded unary call as its caller gets it. The callbacks are shared by every call of a
/// response type and take the <see cref="ClientCall"/> as their state, so wrapping a call
/// allocates the wrapper alone, not a delegate per callback.
/// </summary>
internal static class TracedUnaryCall<TResponse>
{
    private static readonly Func<object, Task<Metadata>> ResponseHeaders = static state => Inner(state).ResponseHeadersAsync;
    private static readonly Func<object, Status> Status = static state => Inner(state).GetStatus();
    private static readonly Func<object, Metadata> Trailers = static state => Inner(state).GetTrailers();
    private static readonly Action<object> Dispose = static state => ((ClientCall)state).AbandonAndDispose();

    /// <summary>Wraps the call below the span: its response is <paramref name="response"/>, everything else is the inner call's.</summary>
    public static AsyncUnaryCall<TResponse> Wrap(AsyncUnaryCall<TResponse> inner, Task<TResponse> response, ClientCall call)
    {
        call.Inner = inner;
        return new AsyncUnaryCall<TResponse>(response, ResponseHeaders, Status, Trailers, Dispose, call);
    }

    private static AsyncUnaryCall<TResponse> Inner(object state) => (AsyncUnaryCall<TResponse>)((ClientCall)state).Inner!;
}
