using Cri.Tracing.Configuration;
using Cri.Tracing.Instrumentation;
using Cri.Tracing.Logging;
using Cri.Tracing.Sampling;
using Grpc.AspNetCore.Server;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cri.Tracing.Hosting.Tests.Configuration;

/// <summary>What <c>AddCriTracing</c> derives from the settings before anything runs.</summary>
public sealed class OptionsSetupTests
{
    [Theory]
    [InlineData(null, "http://127.0.0.1:4318/v1/traces")]
    [InlineData("http://collector:4318/v1/traces", "http://collector:4318/v1/traces")]
    public void Http_protobuf_without_an_endpoint_of_its_own_goes_to_port_4318(string? endpoint, string expected)
    {
        var settings = new Dictionary<string, string?> { ["CriTracing:Protocol"] = "HttpProtobuf" };
        if (endpoint is not null)
        {
            settings["CriTracing:Endpoint"] = endpoint;
        }

        using var services = Build(settings);

        Assert.Equal(expected, services.GetRequiredService<IOptions<CriTracingOptions>>().Value.Endpoint);
    }

    [Fact]
    public void The_interceptors_are_singletons_that_read_the_rate_the_reloadable_sampler_applies()
    {
        using var services = Build([]);

        var server = services.GetRequiredService<CriServerTracingInterceptor>();
        var client = services.GetRequiredService<CriClientTracingInterceptor>();
        var options = services.GetRequiredService<IOptions<CriTracingHostingOptions>>().Value;
        var sampler = services.GetRequiredService<ReloadablePerMillionSampler>();

        Assert.Same(server, services.GetRequiredService<CriServerTracingInterceptor>());
        Assert.Same(client, services.GetRequiredService<CriClientTracingInterceptor>());
        Assert.Same(sampler, options.Server.Sampler);
        Assert.Same(sampler, options.Client.Sampler);
    }

    [Fact]
    public void AddCriTracing_alone_adds_the_server_interceptor_to_grpc_s_interceptors()
    {
        using var services = Build([]);

        var interceptors = services.GetRequiredService<IOptions<GrpcServiceOptions>>().Value.Interceptors;

        Assert.Equal([typeof(CriServerTracingInterceptor)], interceptors.Select(interceptor => interceptor.Type));
    }

    [Theory]
    [InlineData(LogLevel.Debug)]
    [InlineData(null)]
    public void The_log_bridge_level_is_a_rule_for_the_bridge_alone(LogLevel? level)
    {
        using var services = Build([], options => options.LogBridgeMinimumLevel = level);

        var rules = BridgeRules(services);

        Assert.Equal(level is null ? [] : [level], rules.Where(rule => rule.CategoryName is null).Select(rule => rule.LogLevel));
    }

    [Theory]
    [InlineData(LogLevel.Debug, LogLevel.Warning)]
    [InlineData(LogLevel.Information, LogLevel.Warning)]
    [InlineData(LogLevel.Error, LogLevel.Error)]
    public void Framework_request_logs_reach_the_bridge_from_warning(LogLevel level, LogLevel expected)
    {
        using var services = Build([], options => options.LogBridgeMinimumLevel = level);

        var rules = BridgeRules(services).Where(rule => rule.CategoryName is not null).ToList();

        Assert.Equal(["Microsoft.AspNetCore", "System.Net.Http"], rules.Select(rule => rule.CategoryName));
        Assert.All(rules, rule => Assert.Equal(expected, rule.LogLevel));
    }

    [Fact]
    public void A_framework_category_the_configuration_names_for_the_bridge_is_kept()
    {
        // As Logging:CriTracing:LogLevel:Microsoft.AspNetCore.Routing would add it, before AddCriTracing's rules.
        using var services = new ServiceCollection()
            .Configure<LoggerFilterOptions>(options => options.Rules.Add(new LoggerFilterRule("CriTracing", "Microsoft.AspNetCore.Routing", LogLevel.Debug, null)))
            .AddCriTracing(new ConfigurationBuilder().Build())
            .BuildServiceProvider();

        var categories = BridgeRules(services).Select(rule => rule.CategoryName);

        Assert.Equal([null, "System.Net.Http"], categories);
    }

    private static List<LoggerFilterRule> BridgeRules(ServiceProvider services)
        => services.GetRequiredService<IOptions<LoggerFilterOptions>>().Value.Rules
            .Where(rule => rule.ProviderName == typeof(CriTracingLoggerProvider).FullName)
            .ToList();

    private static ServiceProvider Build(Dictionary<string, string?> settings, Action<CriTracingHostingOptions>? configure = null)
        => new ServiceCollection()
            .AddCriTracing(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), configure)
            .BuildServiceProvider();
}
