using Cri.Tracing.Instrumentation;
using Cri.Tracing.Logging.Internal;

namespace Cri.Tracing.Logging;

/// <summary>Options of the log bridge (<see cref="CriTracingLoggerProvider"/>).</summary>
public sealed class CriTracingLogBridgeOptions
{
    private int maxEventsPerSpan = SpanEventBudget.DefaultLimit;

    /// <summary>
    /// Gets or sets whether a log at <c>Error</c> or above marks its span as failed, with the
    /// log message as the status description, as CRI-O does. Default: <see langword="true"/>.
    /// </summary>
    public bool SetErrorStatus { get; set; } = true;

    /// <summary>
    /// Gets or sets the most events a span keeps, for spans the CRI interceptors did not create
    /// (theirs carry <see cref="CriInstrumentationOptions.MaxEventsPerSpan"/>). Further logs are
    /// dropped and counted in the span's <c>cri.dropped_events</c> attribute. Default: 128.
    /// Minimum: 0.
    /// </summary>
    public int MaxEventsPerSpan
    {
        get => this.maxEventsPerSpan;
        set => this.maxEventsPerSpan = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "MaxEventsPerSpan cannot be negative.");
    }
}
