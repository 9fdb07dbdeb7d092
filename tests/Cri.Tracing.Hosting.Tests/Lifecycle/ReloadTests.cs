using System.Diagnostics;
using System.Globalization;
using Cri.Protos;
using Cri.Protos.V1;
using Cri.Testing.Otlp;
using Cri.Tracing.Configuration;
using Cri.Tracing.Hosting.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Trace;

namespace Cri.Tracing.Hosting.Tests.Lifecycle;

/// <summary>
/// Settings reloaded from their file while the host runs (what SIGHUP does in the sample runtime): the rate, the
/// enabled flag and the endpoint take effect without a restart; invalid ones are refused.
/// </summary>
[Collection(TracingCollection.Name)]
public sealed class ReloadTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("crt").FullName;

    private string File => Path.Combine(this.directory, "tracing.json");

    [Fact]
    public async Task A_reloaded_rate_applies_to_the_next_call_with_the_same_export()
    {
        await using var receiver = await OtlpTraceReceiver.StartAsync();
        var configuration = this.Write(enabled: true, receiver.GrpcHostPort, rate: 0);
        await using var runtime = await TracedRuntime.StartAsync(configuration);
        using var channel = runtime.CreateTracedChannel();
        var client = new RuntimeService.RuntimeServiceClient(channel.Invoker);
        var export = runtime.Tracing.Export;

        Activity.Current = null;
        await client.VersionAsync(new VersionRequest(), TracedRuntime.Call);
        this.Write(enabled: true, receiver.GrpcHostPort, rate: CriTracingOptions.MaxSamplingRatePerMillion, configuration);
        await client.VersionAsync(new VersionRequest(), TracedRuntime.Call);

        var spans = await receiver.WaitForSpansAsync(received => received.Count == 2, TimeSpan.FromSeconds(30));
        Assert.Single(spans.Select(span => span.TraceId).Distinct());
        Assert.Same(export, runtime.Tracing.Export);
        Assert.Equal(CriTracingOptions.MaxSamplingRatePerMillion, runtime.Tracing.Sampler.RatePerMillion);
    }

    [Fact]
    public async Task Turning_tracing_on_and_off_takes_effect_without_a_restart()
    {
        await using var receiver = await OtlpTraceReceiver.StartAsync();
        var configuration = this.Write(enabled: false, receiver.GrpcHostPort, rate: CriTracingOptions.MaxSamplingRatePerMillion);
        await using var runtime = await TracedRuntime.StartAsync(configuration);
        using var channel = runtime.CreateTracedChannel();
        var client = new RuntimeService.RuntimeServiceClient(channel.Invoker);
        var provider = runtime.Services.GetRequiredService<TracerProvider>();
        Assert.False(runtime.Tracing.Sampler.Enabled);

        this.Write(enabled: true, receiver.GrpcHostPort, rate: CriTracingOptions.MaxSamplingRatePerMillion, configuration);
        Assert.True(runtime.Tracing.Sampler.Enabled);
        Activity.Current = null;
        await client.VersionAsync(new VersionRequest(), TracedRuntime.Call);
        await receiver.WaitForSpansAsync(received => received.Count == 2, TimeSpan.FromSeconds(30));

        this.Write(enabled: false, receiver.GrpcHostPort, rate: CriTracingOptions.MaxSamplingRatePerMillion, configuration);
        Assert.False(runtime.Tracing.Sampler.Enabled);
        Assert.Null(runtime.Tracing.Export);
        await client.VersionAsync(new VersionRequest(), TracedRuntime.Call);

        this.Write(enabled: true, receiver.GrpcHostPort, rate: CriTracingOptions.MaxSamplingRatePerMillion, configuration);
        Activity.Current = null;
        await client.VersionAsync(new VersionRequest(), TracedRuntime.Call);
        await receiver.WaitForSpansAsync(received => received.Count == 4, TimeSpan.FromSeconds(30));
        Assert.Same(provider, runtime.Services.GetRequiredService<TracerProvider>());
        Assert.Equal(2, receiver.Spans.Select(span => span.TraceId).Distinct().Count());
    }

    [Fact]
    public async Task A_new_endpoint_starts_a_new_export_there_in_the_same_provider()
    {
        await using var first = await OtlpTraceReceiver.StartAsync();
        await using var second = await OtlpTraceReceiver.StartAsync();
        var configuration = this.Write(enabled: true, first.GrpcHostPort, rate: CriTracingOptions.MaxSamplingRatePerMillion);
        await using var runtime = await TracedRuntime.StartAsync(configuration);
        using var channel = runtime.CreateTracedChannel();
        var client = new RuntimeService.RuntimeServiceClient(channel.Invoker);
        var export = runtime.Tracing.Export;

        this.Write(enabled: true, second.GrpcHostPort, rate: CriTracingOptions.MaxSamplingRatePerMillion, configuration);
        Activity.Current = null;
        await client.VersionAsync(new VersionRequest(), TracedRuntime.Call);

        await second.WaitForSpansAsync(received => received.Count == 2, TimeSpan.FromSeconds(30));
        Assert.NotSame(export, runtime.Tracing.Export);
        Assert.Empty(first.Spans);
    }

    [Fact]
    public async Task An_invalid_reload_is_refused_and_the_running_settings_stay()
    {
        await using var receiver = await OtlpTraceReceiver.StartAsync();
        var configuration = this.Write(enabled: true, receiver.GrpcHostPort, rate: CriTracingOptions.MaxSamplingRatePerMillion);
        await using var runtime = await TracedRuntime.StartAsync(configuration);
        var export = runtime.Tracing.Export;

        var error = Assert.ThrowsAny<Exception>(() => this.Write(enabled: true, receiver.GrpcHostPort, rate: -1, configuration));

        var validation = Assert.IsType<OptionsValidationException>(Innermost(error));
        Assert.Contains("CriTracing:SamplingRatePerMillion must be between 0 and 1000000; found -1.", validation.Message, StringComparison.Ordinal);
        Assert.Same(export, runtime.Tracing.Export);
        Assert.Equal(CriTracingOptions.MaxSamplingRatePerMillion, runtime.Tracing.Sampler.RatePerMillion);

        using var channel = runtime.CreateTracedChannel();
        Activity.Current = null;
        await new RuntimeService.RuntimeServiceClient(channel.Invoker).VersionAsync(new VersionRequest(), TracedRuntime.Call);
        await receiver.WaitForSpansAsync(received => received.Count == 2, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_reloaded_service_name_is_reported_as_applying_at_the_next_start_and_export_goes_on()
    {
        await using var receiver = await OtlpTraceReceiver.StartAsync();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(TracedRuntime.Exporting(receiver.GrpcHostPort, CriTracingOptions.MaxSamplingRatePerMillion))
            .Build();
        await using var runtime = await TracedRuntime.StartAsync(configuration);
        var export = runtime.Tracing.Export;

        configuration["CriTracing:ServiceName"] = "renamed";
        configuration.Reload();

        var refused = Assert.Single(runtime.Logs.Hosting(4));
        Assert.Contains("CriTracing:ServiceName and CriTracing:ResourceAttributes are the tracer provider's resource", refused.Message, StringComparison.Ordinal);
        Assert.Same(export, runtime.Tracing.Export);
    }

    public void Dispose() => Directory.Delete(this.directory, recursive: true);

    private static Exception Innermost(Exception error)
        => error is AggregateException aggregate ? Innermost(aggregate.Flatten().InnerExceptions.Single()) : error;

    /// <summary>Writes the settings file; the first time builds the configuration, later times reload it.</summary>
    private IConfigurationRoot Write(bool enabled, string endpoint, int rate, IConfigurationRoot? configuration = null)
    {
        var json = string.Create(
            CultureInfo.InvariantCulture,
            $$"""{ "CriTracing": { "Enabled": {{(enabled ? "true" : "false")}}, "Endpoint": "{{endpoint}}", "SamplingRatePerMillion": {{rate}} } }""");
        System.IO.File.WriteAllText(this.File, json);
        if (configuration is null)
        {
            return new ConfigurationBuilder().AddJsonFile(this.File).Build();
        }

        configuration.Reload();
        return configuration;
    }
}
