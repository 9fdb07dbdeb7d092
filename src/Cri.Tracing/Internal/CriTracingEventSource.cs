using System.Diagnostics.Tracing;

namespace Cri.Tracing.Internal;

/// <summary>
/// Self-diagnostics of Cri.Tracing. The library never logs through <c>ILogger</c> (that would feed
/// its own log bridge); problems surface here instead, where OpenTelemetry's self-diagnostics and
/// <c>dotnet-trace</c> pick them up by the <c>OpenTelemetry-</c> name prefix.
/// </summary>
[EventSource(Name = "OpenTelemetry-Instrumentation-Cri")]
internal sealed class CriTracingEventSource : EventSource
{
    public static readonly CriTracingEventSource Log = new();

    private CriTracingEventSource()
    {
    }

    [NonEvent]
    public void InstrumentationFailed(string operation, Exception exception)
    {
        if (this.IsEnabled(EventLevel.Error, EventKeywords.All))
        {
            this.InstrumentationFailed(operation, exception.ToString());
        }
    }

    [Event(1, Message = "Cri.Tracing failed in '{0}' and left the call untouched: {1}", Level = EventLevel.Error)]
    public void InstrumentationFailed(string operation, string exception) => this.WriteEvent(1, operation, exception);

    [Event(2, Message = "Ignored an invalid incoming '{0}' header on '{1}'.", Level = EventLevel.Warning)]
    public void InvalidHeaderIgnored(string header, string method) => this.WriteEvent(2, header, method);

    [Event(3, Message = "Span '{0}' reached its limit of {1} events; {2} dropped so far.", Level = EventLevel.Warning)]
    public void SpanEventsDropped(string spanName, int limit, int dropped) => this.WriteEvent(3, spanName, limit, dropped);
}
