using System.Diagnostics;
using Cri.Protos;
using Cri.Protos.V1;
using Cri.Tracing.Hosting.Lifecycle.Internal;
using Cri.Tracing.Hosting.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Cri.Tracing.Hosting.Tests.Lifecycle;

/// <summary>Start-up and shutdown: bad settings stop the host with their message; tracing off records nothing.</summary>
[Collection(TracingCollection.Name)]
public sealed class StartupTests
{
    public static TheoryData<string, string, string> BadSettings => new()
    {
        { "SamplingRatePerMillion", "2000000", "CriTracing:SamplingRatePerMillion must be between 0 and 1000000; found 2000000." },
        { "Endpoint", "collector.example", "CriTracing:Endpoint \"collector.example\" is not a collector endpoint: it needs a port: host:port." },
        { "CertificateAuthorityFile", "/nonexistent/ca.pem", "CriTracing:CertificateAuthorityFile: cannot use \"/nonexistent/ca.pem\":" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task A_bad_setting_in_a_file_stops_start_up_with_its_message(string key, string value, string message)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("crt").FullName, "appsettings.json");
        var insecure = key == "CertificateAuthorityFile" ? "false" : "true";
        await File.WriteAllTextAsync(file, $$"""{ "CriTracing": { "Enabled": true, "Insecure": {{insecure}}, "{{key}}": "{{value}}" } }""", TestContext.Current.CancellationToken);
        var configuration = new ConfigurationBuilder().AddJsonFile(file).Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TracedRuntime.StartAsync(configuration));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        AssertNoListener();
        Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
    }

    [Fact]
    public async Task Tracing_off_switches_the_sampler_off_and_the_interceptors_start_no_activity_though_the_source_is_listened_to()
    {
        var started = 0;
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == CriTracing.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = _ => Interlocked.Increment(ref started),
        };
        ActivitySource.AddActivityListener(listener);
        await using var runtime = await TracedRuntime.StartAsync(new Dictionary<string, string?>());
        using var channel = runtime.CreateTracedChannel();

        await new RuntimeService.RuntimeServiceClient(channel.Invoker).VersionAsync(new VersionRequest(), TracedRuntime.Call);

        Assert.False(runtime.Tracing.Sampler.Enabled);
        Assert.Null(runtime.Tracing.Export);
        Assert.Equal(0, started);
    }

    [Fact]
    public async Task A_generic_host_listens_while_it_runs_and_not_after_it_is_disposed()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["CriTracing:Enabled"] = "true" });
        builder.AddCriTracing(options => options.ExportToCollector = false);
        var host = builder.Build();

        await host.StartAsync(TestContext.Current.CancellationToken);
        using (var probe = new ActivitySource(CriTracing.ActivitySourceName))
        {
            Assert.True(probe.HasListeners());
        }

        await host.StopAsync(TestContext.Current.CancellationToken);
        host.Dispose();
        AssertNoListener();
    }

    [Fact]
    public void AddCriTracing_twice_registers_once_and_keeps_both_configurations()
    {
        var configuration = new ConfigurationBuilder().Build();
        var services = new ServiceCollection()
            .AddCriTracing(configuration, options => options.DefaultServiceName = "first")
            .AddCriTracing(configuration, options => options.AdditionalSources.Add("second"));

        Assert.Single(services, descriptor => descriptor.ServiceType == typeof(CriTracingService));
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<CriTracingHostingOptions>>().Value;
        Assert.Equal("first", options.DefaultServiceName);
        Assert.Equal(["second"], options.AdditionalSources);
    }

    private static void AssertNoListener()
    {
        using var probe = new ActivitySource(CriTracing.ActivitySourceName);
        Assert.False(probe.HasListeners());
    }
}
