using Microsoft.Extensions.Logging;

namespace Cri.Tracing.Hosting.Diagnostics.Internal;

/// <summary>
/// The few lines Cri.Tracing.Hosting writes to the host's log, as grpc-dotnet does: the export lifecycle, never one
/// line per batch. Everything else goes to <see cref="CriTracingHostingEventSource"/>.
/// </summary>
internal static partial class CriTracingHostingLog
{
    /// <summary>The category of these lines.</summary>
    public const string Category = "Cri.Tracing.Hosting";

    [LoggerMessage(1, LogLevel.Warning, "Exporting spans to {Endpoint} failed: {Reason}. CRI calls are not affected; spans are dropped until the collector answers, and further failures are not logged.")]
    public static partial void ExportFailing(ILogger logger, string endpoint, string reason);

    [LoggerMessage(2, LogLevel.Warning, "Exporting spans to {Endpoint} works again; {LostSpans} spans in failed exports were lost while it failed.")]
    public static partial void ExportRecovered(ILogger logger, string endpoint, long lostSpans);

    [LoggerMessage(3, LogLevel.Warning, "{LostSpans} of {ReceivedSpans} spans were not exported to {Endpoint}: the collector was unreachable, the export queue was full, or shutdown ran out of time.")]
    public static partial void SpansNotExported(ILogger logger, long lostSpans, long receivedSpans, string endpoint);

    [LoggerMessage(4, LogLevel.Warning, "The reloaded tracing settings were not applied; the previous ones stay in effect: {Reason}")]
    public static partial void ReloadNotApplied(ILogger logger, string reason);

    [LoggerMessage(5, LogLevel.Warning, "The export queue of {QueueCapacity} spans for {Endpoint} was full and dropped spans ({DroppedSpans} since the last such warning): the collector does not keep up. CRI calls are not affected; this repeats at most once a minute while spans are dropped.")]
    public static partial void QueueFull(ILogger logger, long droppedSpans, int queueCapacity, string endpoint);
}
