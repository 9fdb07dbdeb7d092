using Grpc.Core.Interceptors;

namespace Cri.Tracing.Benchmarks.Support;

/// <summary>
/// An interceptor that only calls on (the base class's behaviour): what grpc-dotnet costs a call
/// for having any interceptor in it, which <see cref="Instrumentation.InterceptionScenario.TracingDisabled"/>
/// pays too before the instrumentation's own first check.
/// </summary>
internal sealed class PassThroughInterceptor : Interceptor
{
}
