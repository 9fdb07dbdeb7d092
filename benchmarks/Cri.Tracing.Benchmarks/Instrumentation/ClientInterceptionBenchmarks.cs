using Cri.Tracing.Instrumentation;

namespace Cri.Tracing.Benchmarks.Instrumentation;

/// <summary>
/// A RunPodSandbox call of the typed client over a canned transport (see
/// <see cref="CannedTransportClient"/>), with and without <see cref="CriClientTracingInterceptor"/>.
/// </summary>
public class ClientInterceptionBenchmarks : InterceptionBenchmarks
{
    private protected override IInterceptedCall CreateCall(InterceptionTracing tracing) => new CannedTransportClient(tracing);
}
