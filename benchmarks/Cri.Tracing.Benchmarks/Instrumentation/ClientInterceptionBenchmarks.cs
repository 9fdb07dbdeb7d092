using Cri.Tracing.Instrumentation;
using OpenTelemetry.Trace;

namespace Cri.Tracing.Benchmarks.Instrumentation;

/// <summary>
/// A RunPodSandbox call of the typed client over a canned transport (see
/// <see cref="CannedTransportClient"/>), with and without <see cref="CriClientTracingInterceptor"/>.
/// </summary>
public class ClientInterceptionBenchmarks : InterceptionBenchmarks
{
    private protected override IInterceptedCall CreateCall(InterceptionTracing tracing) => new CannedTransportClient(tracing);

    /// <summary>OpenTelemetry.Instrumentation.GrpcNetClient as its README sets it up: <c>AddGrpcClientInstrumentation()</c>.</summary>
    private protected override void AddContribInstrumentation(TracerProviderBuilder tracing) => tracing.AddGrpcClientInstrumentation();
}
