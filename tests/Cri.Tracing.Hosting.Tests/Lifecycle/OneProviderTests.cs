using System.Diagnostics;
using Cri.Protos.V1;
using Cri.Testing;
using Cri.Testing.Otlp;
using Cri.Tracing.Hosting.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Cri.Tracing.Hosting.Tests.Lifecycle;

/// <summary>
/// <c>AddCriTracing</c> composes with the application's own <c>AddOpenTelemetry().WithTracing(...)</c>: one tracer
/// provider, one sampler, and every span it records goes to the application's exporters and to the CRI export. With
/// CRI tracing disabled the CRI sampler drops everything, unless the application sets its own after it.
/// </summary>
[Collection(TracingCollection.Name)]
public sealed class OneProviderTests
{
    private const string AppSource = "App";
    private const string Version = "runtime.v1.RuntimeService/Version";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_application_s_spans_and_the_cri_spans_go_through_one_provider_to_both_exports(bool applicationFirst)
    {
        await using var receiver = await OtlpTraceReceiver.StartAsync();
        var exported = new List<Activity>();
        using var source = new ActivitySource(AppSource);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(TracedRuntime.Exporting(receiver.GrpcHostPort, 1_000_000)).Build();
        await using var server = await CriTestServer.StartAsync(new VersionRuntime(), configureServices: services =>
        {
            if (applicationFirst)
            {
                AddApplicationTracing(services, exported);
            }

            services.AddCriTracing(configuration, options =>
            {
                options.DefaultServiceName = "one-provider-test";
                options.ExportInterval = TimeSpan.FromMilliseconds(20);
            });
            if (!applicationFirst)
            {
                AddApplicationTracing(services, exported);
            }
        });
        using var channel = server.CreateChannel();

        Activity.Current = null;
        using (source.StartActivity("app-work"))
        {
            // Not propagated (a plain channel): the SERVER span is a root of its own, sampled by the CRI rate.
        }

        await new RuntimeService.RuntimeServiceClient(channel).VersionAsync(new VersionRequest(), TracedRuntime.Call);

        Assert.Single(server.App.Services.GetServices<TracerProvider>());
        var received = await receiver.WaitForSpansAsync(spans => spans.Count == 2, TimeSpan.FromSeconds(30));
        Assert.Equal(["app-work", Version], received.Select(span => span.Name).Order(StringComparer.Ordinal));
        Assert.All(received, span => Assert.Equal("one-provider-test", span.ResourceAttributes["service.name"]));

        // The in-memory exporter exported each span as it ended, before the batch reached the receiver.
        Assert.Equal(["app-work", Version], exported.Select(span => span.DisplayName).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(false, new string[0])]
    [InlineData(true, new[] { "app-work" })]
    public async Task With_cri_tracing_disabled_the_application_s_spans_follow_its_own_sampler_only_when_it_sets_one_after_AddCriTracing(bool ownSampler, string[] expected)
    {
        var exported = new List<Activity>();
        using var source = new ActivitySource(AppSource);
        await using var server = await CriTestServer.StartAsync(new VersionRuntime(), configureServices: services =>
        {
            services.AddCriTracing(new ConfigurationBuilder().Build());
            AddApplicationTracing(services, exported, ownSampler ? new AlwaysOnSampler() : null);
        });
        using var channel = server.CreateChannel();

        Activity.Current = null;
        using (source.StartActivity("app-work"))
        {
        }

        await new RuntimeService.RuntimeServiceClient(channel).VersionAsync(new VersionRequest(), TracedRuntime.Call);

        // The SERVER span would have ended before the reply: the interceptor skipped the call either way.
        Assert.Equal(expected, exported.Select(span => span.DisplayName));
    }

    private static void AddApplicationTracing(IServiceCollection services, List<Activity> exported, Sampler? sampler = null)
        => services.AddOpenTelemetry().WithTracing(tracing =>
        {
            tracing.AddSource(AppSource).AddInMemoryExporter(exported);
            if (sampler is not null)
            {
                tracing.SetSampler(sampler);
            }
        });
}
