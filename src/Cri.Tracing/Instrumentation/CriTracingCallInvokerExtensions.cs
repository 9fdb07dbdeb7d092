using Cri.Tracing.Instrumentation;
using Cri.Tracing.Instrumentation.Internal;

namespace Grpc.Core.Interceptors;

/// <summary>
/// <c>Intercept</c> for <see cref="CriClientTracingInterceptor"/>: where grpc-dotnet's own
/// <c>Intercept</c> would be called with it, these are, and a call the interceptor does not trace
/// allocates exactly what it allocates without it.
/// </summary>
/// <remarks>
/// Grpc.Core.Api's intercepting invoker makes a continuation delegate for every call (64 bytes),
/// traced or not. These invokers start the call through a static function instead. They live in
/// grpc-dotnet's namespace so that the usual <c>channel.Intercept(interceptor)</c> picks them.
/// </remarks>
public static class CriTracingCallInvokerExtensions
{
    /// <summary>Sends every call of <paramref name="invoker"/> through <paramref name="interceptor"/>.</summary>
    /// <param name="invoker">The invoker the calls go to.</param>
    /// <param name="interceptor">The CRI client tracing interceptor.</param>
    /// <returns>An invoker that traces the calls, then hands them to <paramref name="invoker"/>.</returns>
    public static CallInvoker Intercept(this CallInvoker invoker, CriClientTracingInterceptor interceptor)
    {
        ArgumentNullException.ThrowIfNull(invoker);
        ArgumentNullException.ThrowIfNull(interceptor);
        return new TracingCallInvoker(invoker, interceptor);
    }

    /// <summary>Sends every call on <paramref name="channel"/> through <paramref name="interceptor"/>.</summary>
    /// <param name="channel">The channel the calls go to.</param>
    /// <param name="interceptor">The CRI client tracing interceptor.</param>
    /// <returns>An invoker that traces the calls, then hands them to the channel's own invoker.</returns>
    public static CallInvoker Intercept(this ChannelBase channel, CriClientTracingInterceptor interceptor)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return channel.CreateCallInvoker().Intercept(interceptor);
    }
}
