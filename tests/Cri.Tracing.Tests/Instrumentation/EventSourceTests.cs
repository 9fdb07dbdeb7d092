using Cri.Testing;
using Cri.Tracing.Internal;

namespace Cri.Tracing.Tests.Instrumentation;

/// <summary>Cri.Tracing's self-diagnostics EventSource is consistent, as OpenTelemetry's own are tested.</summary>
[Collection(TracingCollection.Name)]
public sealed class EventSourceTests
{
    [Fact]
    public void Every_event_method_writes_its_declared_id_level_and_parameters()
        => EventSourceConformance.AssertConsistent(CriTracingEventSource.Log);
}
