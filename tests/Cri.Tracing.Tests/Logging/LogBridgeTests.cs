using System.Diagnostics;
using Cri.Testing;
using Cri.Tracing.Attributes;
using Cri.Tracing.Instrumentation;
using Cri.Tracing.Instrumentation.Internal;
using Cri.Tracing.Internal;
using Cri.Tracing.Logging;
using Cri.Tracing.Logging.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cri.Tracing.Tests.Logging;

[Collection(TracingCollection.Name)]
public sealed partial class LogBridgeTests
{
    private static readonly ActivitySource Source = new("Cri.Tracing.Tests.Logs");

    [Fact]
    public void Log_in_a_recording_span_becomes_a_log_event_with_its_fields()
    {
        using var capture = new SpanCapture(null, Source.Name);
        using var factory = Factory();
        var logger = factory.CreateLogger("runtime");

        using (Source.StartActivity("work"))
        {
            PulledImage(logger, "nginx:1.27", 3);
        }

        var log = Assert.Single(capture.Named("work").Events);
        var tags = log.Tags.ToDictionary(t => t.Key, t => t.Value);
        Assert.Equal("log", log.Name);
        Assert.Equal("INFO", tags["log.severity"]);
        Assert.Equal("Pulled image nginx:1.27 in 3 layers", tags["log.message"]);
        Assert.Equal("nginx:1.27", tags["Image"]);
        Assert.Equal(3, tags["Layers"]);
        Assert.Equal(42, tags["log.event.id"]);
        Assert.Equal("PulledImage", tags["log.event.name"]);
        Assert.DoesNotContain("{OriginalFormat}", tags.Keys);
    }

    [Fact]
    public void Error_log_records_the_exception_and_fails_the_span()
    {
        using var capture = new SpanCapture(null, Source.Name);
        using var factory = Factory();
        var logger = factory.CreateLogger("runtime");

        using (Source.StartActivity("work"))
        {
            MountFailed(logger, "/var/lib", new IOException("read-only file system"));
        }

        var span = capture.Named("work");
        var tags = Assert.Single(span.Events).Tags.ToDictionary(t => t.Key, t => t.Value);
        Assert.Equal("ERROR", tags["log.severity"]);
        Assert.Equal("System.IO.IOException", tags["exception.type"]);
        Assert.Equal("read-only file system", tags["exception.message"]);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("Mount /var/lib failed", span.StatusDescription);
    }

    [Fact]
    public void Error_status_can_be_turned_off()
    {
        using var capture = new SpanCapture(null, Source.Name);
        using var factory = Factory(o => o.SetErrorStatus = false);

        using (Source.StartActivity("work"))
        {
            MountFailed(factory.CreateLogger("runtime"), "/var/lib", null);
        }

        Assert.Equal(ActivityStatusCode.Unset, capture.Named("work").Status);
    }

    [Theory]
    [InlineData(LogLevel.Trace, "TRACE")]
    [InlineData(LogLevel.Debug, "DEBUG")]
    [InlineData(LogLevel.Information, "INFO")]
    [InlineData(LogLevel.Warning, "WARN")]
    [InlineData(LogLevel.Error, "ERROR")]
    [InlineData(LogLevel.Critical, "FATAL")]
    public void Severity_uses_crio_names(LogLevel level, string severity)
    {
        using var capture = new SpanCapture(null, Source.Name);
        var logger = new CriTracingLoggerProvider().CreateLogger("runtime");

        using (Source.StartActivity("work"))
        {
            logger.Log(level, "message");
        }

        Assert.Equal(severity, Assert.Single(capture.Named("work").Events).Tags.Single(t => t.Key == "log.severity").Value);
    }

    [Fact]
    public void Nothing_happens_outside_a_recording_span()
    {
        using var capture = new SpanCapture(new OpenTelemetry.Trace.AlwaysOffSampler(), Source.Name);
        var logger = new CriTracingLoggerProvider().CreateLogger("runtime");
        var formatted = 0;

        Assert.False(logger.IsEnabled(LogLevel.Critical));
        using (var dropped = Source.StartActivity("work"))
        {
            // A propagation-only Activity is current, but it does not record.
            Assert.NotNull(dropped);
            Assert.False(logger.IsEnabled(LogLevel.Information));
            logger.Log(LogLevel.Error, default, "state", null, (_, _) => (++formatted).ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Empty(dropped.Events);
            Assert.Equal(ActivityStatusCode.Unset, dropped.Status);
        }

        Assert.Equal(0, formatted);
    }

    [Fact]
    public void A_legacy_activity_nobody_listens_to_is_not_a_recording_span()
    {
        // ASP.NET Core's hosting Activity when no listener wants it: made with new Activity(), it
        // asks for all data by default and takes the sampled flag of the caller's traceparent.
        using var capture = new SpanCapture(null, Source.Name);
        var logger = new CriTracingLoggerProvider().CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics");
        using var hosting = new Activity("Microsoft.AspNetCore.Hosting.HttpRequestIn")
            .SetParentId("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
            .Start();

        Assert.True(hosting.IsAllDataRequested);
        Assert.True(hosting.Recorded);
        Assert.False(logger.IsEnabled(LogLevel.Information));
        logger.LogInformation("Request finished");
        CriActivityEnricher.Enrich(new Cri.Protos.V1.ContainerStatusRequest { ContainerId = "c1" });

        Assert.Empty(hosting.Events);
        Assert.Empty(hosting.TagObjects);
    }

    [Fact]
    public void Events_past_the_cap_are_dropped_and_counted()
    {
        using var diagnostics = new Instrumentation.SelfDiagnostics();
        using var capture = new SpanCapture(null, Source.Name);
        var logger = new CriTracingLoggerProvider(new CriTracingLogBridgeOptions { MaxEventsPerSpan = 2 }).CreateLogger("runtime");

        using (Source.StartActivity("work"))
        {
            for (var i = 0; i < 5; i++)
            {
                logger.LogInformation("line");
            }
        }

        var span = capture.Named("work");
        Assert.Equal(2, span.Events.Count());
        Assert.Equal(3, span.GetTagItem("cri.dropped_events"));
        Assert.Single(diagnostics.Events, e => e.StartsWith("SpanEventsDropped: work | 2", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(SpanEventBudget.DefaultLimit, 4)]
    [InlineData(3, 3)]
    public void A_cri_span_keeps_its_interceptors_event_limit_not_the_bridges(int interceptorLimit, int expectedEvents)
    {
        using var capture = new SpanCapture(null, CriTracing.ActivitySourceName);
        var settings = new TracingSettings(new CriInstrumentationOptions { MaxEventsPerSpan = interceptorLimit });
        var method = TracedMethod.ForKnown(Cri.Protos.CriMethodCatalog.GetByPath("/runtime.v1.RuntimeService/Version"), settings, endpointTags: null);
        var logger = new CriTracingLoggerProvider(new CriTracingLogBridgeOptions { MaxEventsPerSpan = 2 }).CreateLogger("runtime");

        using (var activity = Internal.CriActivitySource.Instance.StartActivity(method.SpanName, ActivityKind.Server)!)
        {
            ServerCall.Start(activity, method, settings, crioLayout: false);
            for (var i = 0; i < 4; i++)
            {
                logger.LogInformation("line");
            }
        }

        Assert.Equal(expectedEvents, capture.Named(method.SpanName).Events.Count());
    }

    [Fact]
    public void Only_levels_enabled_for_the_provider_are_bridged()
    {
        using var capture = new SpanCapture(null, Source.Name);
        using var factory = Factory(configureLogging: l => l.AddFilter<CriTracingLoggerProvider>(null, LogLevel.Warning));
        var logger = factory.CreateLogger("runtime");

        using (Source.StartActivity("work"))
        {
            logger.LogInformation("quiet");
            logger.LogWarning("loud");
        }

        var log = Assert.Single(capture.Named("work").Events);
        Assert.Equal("loud", log.Tags.Single(t => t.Key == "log.message").Value);
    }

    [Fact]
    public void Options_reject_a_negative_cap()
        => Assert.Throws<ArgumentOutOfRangeException>(() => new CriTracingLogBridgeOptions { MaxEventsPerSpan = -1 });

    private static ILoggerFactory Factory(Action<CriTracingLogBridgeOptions>? configure = null, Action<ILoggingBuilder>? configureLogging = null)
        => new ServiceCollection()
            .AddLogging(l =>
            {
                l.SetMinimumLevel(LogLevel.Trace).AddCriTracingLogBridge(configure);
                configureLogging?.Invoke(l);
            })
            .BuildServiceProvider()
            .GetRequiredService<ILoggerFactory>();

    [LoggerMessage(42, LogLevel.Information, "Pulled image {Image} in {Layers} layers")]
    private static partial void PulledImage(ILogger logger, string image, int layers);

    [LoggerMessage(43, LogLevel.Error, "Mount {Path} failed")]
    private static partial void MountFailed(ILogger logger, string path, Exception? exception);
}
