using System.Collections.Concurrent;
using Cri.Tracing.Logging.Internal;
using Microsoft.Extensions.Logging;

namespace Cri.Tracing.Logging;

/// <summary>
/// Bridges <see cref="ILogger"/> to span events, as CRI-O's log hook does: a log written while a
/// recording span is current becomes an event named <c>log</c> on it, with <c>log.severity</c>
/// (<c>TRACE</c>, <c>DEBUG</c>, <c>INFO</c>, <c>WARN</c>, <c>ERROR</c>, <c>FATAL</c>),
/// <c>log.message</c>, the structured values, the event id (<c>log.event.id</c>,
/// <c>log.event.name</c>), and <c>exception.type</c> / <c>exception.message</c>. A log at
/// <c>Error</c> or above also marks the span as failed.
/// </summary>
/// <remarks>
/// Outside a recording span the loggers report themselves disabled, so a log call costs a check of
/// <see cref="System.Diagnostics.Activity.Current"/> and formats nothing. Only levels the logging
/// configuration enables for this provider (alias <c>CriTracing</c>) are bridged. Register it with
/// <c>AddCriTracingLogBridge()</c>.
/// </remarks>
[ProviderAlias("CriTracing")]
public sealed class CriTracingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentDictionary<string, SpanEventLogger> loggers = new(StringComparer.Ordinal);
    private readonly CriTracingLogBridgeOptions options;

    /// <summary>Initializes a new instance of the <see cref="CriTracingLoggerProvider"/> class.</summary>
    /// <param name="options">The options, or <see langword="null"/> for the defaults.</param>
    public CriTracingLoggerProvider(CriTracingLogBridgeOptions? options = null)
    {
        this.options = options ?? new CriTracingLogBridgeOptions();
    }

    /// <inheritdoc/>
    public ILogger CreateLogger(string categoryName)
        => this.loggers.GetOrAdd(categoryName, static (_, options) => new SpanEventLogger(options), this.options);

    /// <inheritdoc/>
    public void Dispose() => this.loggers.Clear();
}
