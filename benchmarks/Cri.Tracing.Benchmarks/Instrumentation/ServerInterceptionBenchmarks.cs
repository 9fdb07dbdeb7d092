using BenchmarkDotNet.Attributes;
using Cri.Tracing.Instrumentation;
using OpenTelemetry.Trace;

namespace Cri.Tracing.Benchmarks.Instrumentation;

/// <summary>
/// A RunPodSandbox call through a CRI server's ASP.NET Core pipeline in process (see
/// <see cref="InProcessCriServer"/>), with and without <see cref="CriServerTracingInterceptor"/> among Grpc.AspNetCore's interceptors.
/// </summary>
/// <remarks>
/// Only the server has <see cref="SampledWithLogs"/>: the service's logs run under the SERVER span.
/// On the client, code below Grpc.Net.Client (the transport) runs under Grpc.Net.Client's own
/// Activity, which nobody records, so logs there never become events of the CLIENT span.
/// </remarks>
public class ServerInterceptionBenchmarks : InterceptionBenchmarks
{
    [GlobalSetup(Target = nameof(SampledWithLogs))]
    public Task SetupSampledWithLogs() => this.SetupAsync(InterceptionScenario.SampledWithLogs);

    [Benchmark]
    public Task SampledWithLogs() => this.CallAsync();

    private protected override IInterceptedCall CreateCall(InterceptionTracing tracing) => new InProcessCriServer(tracing);

    /// <summary>
    /// OpenTelemetry.Instrumentation.AspNetCore with its gRPC support switched on, which it reads from the
    /// environment when its options are made.
    /// </summary>
    private protected override void AddContribInstrumentation(TracerProviderBuilder tracing)
    {
        Environment.SetEnvironmentVariable("OTEL_DOTNET_EXPERIMENTAL_ASPNETCORE_ENABLE_GRPC_INSTRUMENTATION", "true");
        tracing.AddAspNetCoreInstrumentation();
    }
}
