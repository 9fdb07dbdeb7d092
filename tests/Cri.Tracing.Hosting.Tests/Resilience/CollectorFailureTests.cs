using Cri.Protos;
using Cri.Protos.V1;
using Cri.Testing.Otlp;
using Cri.Tracing.Configuration;
using Cri.Tracing.Hosting.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Cri.Tracing.Hosting.Tests.Resilience;

/// <summary>
/// A collector that is down, hangs or flaps never hurts the runtime: every call succeeds, the log says once that
/// export fails and once that it works again, lost spans are counted, and shutdown keeps to its budget.
/// </summary>
[Collection(TracingCollection.Name)]
public sealed class CollectorFailureTests
{
    private const int Failing = 1;
    private const int Recovered = 2;
    private const int NotExported = 3;

    [Fact]
    public async Task Refused_export_warns_once_and_recovery_once()
    {
        await using var receiver = await OtlpTraceReceiver.StartAsync(OtlpReceiverMode.Refuse);
        await using var runtime = await TracedRuntime.StartAsync(TracedRuntime.Exporting(receiver.GrpcHostPort, CriTracingOptions.MaxSamplingRatePerMillion));
        using var channel = runtime.CreateTracedChannel();
        var client = new RuntimeService.RuntimeServiceClient(channel.Invoker);
        var monitor = runtime.Tracing.Export!.Monitor;

        await CallAsync(client, 10);
        await Eventually.TrueAsync(() => monitor.Failed >= 4, "several exports to fail");
        await CallAsync(client, 10);

        receiver.Mode = OtlpReceiverMode.Accept;
        await CallAsync(client, 2);
        await receiver.WaitForSpansAsync(spans => spans.Count >= 4, TimeSpan.FromSeconds(30));
        await Eventually.TrueAsync(() => runtime.Logs.Hosting(Recovered).Count == 1, "the recovery to be logged");

        var failing = Assert.Single(runtime.Logs.Hosting(Failing));
        Assert.Equal(LogLevel.Warning, failing.Level);
        Assert.Contains(receiver.GrpcHostPort, failing.Message, StringComparison.Ordinal);
        Assert.Contains("refused", failing.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("spans in failed exports were lost", Assert.Single(runtime.Logs.Hosting(Recovered)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hung_export_warns_once_and_every_call_succeeds()
    {
        await using var receiver = await OtlpTraceReceiver.StartAsync(OtlpReceiverMode.Hang);
        await using var runtime = await TracedRuntime.StartAsync(
            TracedRuntime.Exporting(receiver.GrpcHostPort, CriTracingOptions.MaxSamplingRatePerMillion),
            options => options.ExportTimeout = TimeSpan.FromMilliseconds(200));
        using var channel = runtime.CreateTracedChannel();
        var client = new RuntimeService.RuntimeServiceClient(channel.Invoker);
        var monitor = runtime.Tracing.Export!.Monitor;

        await CallAsync(client, 10);
        await Eventually.TrueAsync(() => monitor.Failed >= 4, "several exports to time out");
        await CallAsync(client, 10);
        await runtime.DisposeAsync();

        var failing = Assert.Single(runtime.Logs.Hosting(Failing));
        Assert.Contains("no answer within 0.2 s", failing.Message, StringComparison.Ordinal);
        Assert.Empty(runtime.Logs.Hosting(Recovered));
        var lost = Assert.Single(runtime.Logs.Hosting(NotExported));
        Assert.Contains($"40 of 40 spans were not exported to {receiver.GrpcHostPort}", lost.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Flapping_export_warns_once_and_recovery_once()
    {
        await using var receiver = await OtlpTraceReceiver.StartAsync(OtlpReceiverMode.Flap);
        await using var runtime = await TracedRuntime.StartAsync(TracedRuntime.Exporting(receiver.GrpcHostPort, CriTracingOptions.MaxSamplingRatePerMillion));
        using var channel = runtime.CreateTracedChannel();
        var client = new RuntimeService.RuntimeServiceClient(channel.Invoker);
        var monitor = runtime.Tracing.Export!.Monitor;

        // One call at a time, each exported before the next: requests fail and succeed in turn.
        for (var round = 1; round <= 8; round++)
        {
            await CallAsync(client, 1);
            await Eventually.TrueAsync(() => monitor.Exported + monitor.Failed == 2 * round, $"the spans of call {round} to be exported or lost");
        }

        Assert.InRange(receiver.RequestCount, 8, 16);
        Assert.NotEqual(0, monitor.Failed);
        Assert.NotEqual(0, monitor.Exported);
        Assert.Single(runtime.Logs.Hosting(Failing));
        Assert.Single(runtime.Logs.Hosting(Recovered));
        Assert.DoesNotContain(runtime.Logs.Logs, log => log.Level >= LogLevel.Warning && log.Category != "Cri.Tracing.Hosting");
    }

    [Fact]
    public async Task A_hung_collector_cannot_hold_shutdown_past_its_budget()
    {
        var budget = TimeSpan.FromSeconds(1);
        await using var receiver = await OtlpTraceReceiver.StartAsync(OtlpReceiverMode.Hang);
        var runtime = await TracedRuntime.StartAsync(
            TracedRuntime.Exporting(receiver.GrpcHostPort, CriTracingOptions.MaxSamplingRatePerMillion),
            options =>
            {
                // The export would wait far longer than the budget, and the SDK's own disposal 5 s more.
                options.ExportTimeout = TimeSpan.FromMinutes(1);
                options.ShutdownTimeout = budget;
            });
        using (var channel = runtime.CreateTracedChannel())
        {
            await CallAsync(new RuntimeService.RuntimeServiceClient(channel.Invoker), 5);
        }

        await Eventually.TrueAsync(() => receiver.RequestCount > 0, "an export to hang");

        // A hang detector, generous against the budget but short of what a second SDK wait would add.
        await runtime.DisposeAsync().AsTask().WaitAsync(4 * budget, TestContext.Current.CancellationToken);

        var lost = Assert.Single(runtime.Logs.Hosting(NotExported));
        Assert.Contains("10 of 10 spans were not exported", lost.Message, StringComparison.Ordinal);
    }

    private static async Task CallAsync(RuntimeService.RuntimeServiceClient client, int calls)
    {
        for (var i = 0; i < calls; i++)
        {
            var version = await client.VersionAsync(new VersionRequest(), TracedRuntime.Call);
            Assert.Equal("cri-sample", version.RuntimeName);
        }
    }
}
