using System.Diagnostics;
using Cri.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cri.Tracing.Hosting.Tests.Configuration;

/// <summary>Which logs <c>AddCriTracing</c>'s log bridge turns into span events.</summary>
[Collection(TracingCollection.Name)]
public sealed class LogBridgeFilterTests
{
    private static readonly ActivitySource Source = new("Cri.Tracing.Hosting.Tests.LogBridge");

    [Fact]
    public void Framework_request_logs_below_warning_stay_off_the_span_and_the_runtimes_do_not()
    {
        using var capture = new SpanCapture(null, Source.Name);
        using var services = new ServiceCollection().AddCriTracing(new ConfigurationBuilder().Build()).BuildServiceProvider();
        var factory = services.GetRequiredService<ILoggerFactory>();
        var endpoint = factory.CreateLogger("Microsoft.AspNetCore.Routing.EndpointMiddleware");
        var client = factory.CreateLogger("System.Net.Http.HttpClient.cri.LogicalHandler");
        var runtime = factory.CreateLogger("My.Runtime");

        using (Source.StartActivity("call"))
        {
            endpoint.LogInformation("Executing endpoint");
            client.LogInformation("Sending HTTP request");
            endpoint.LogWarning("Slow endpoint");
            runtime.LogInformation("Running pod sandbox");
        }

        var messages = capture.Named("call").Events.Select(e => e.Tags.Single(t => t.Key == "log.message").Value);
        Assert.Equal(["Slow endpoint", "Running pod sandbox"], messages);
    }
}
