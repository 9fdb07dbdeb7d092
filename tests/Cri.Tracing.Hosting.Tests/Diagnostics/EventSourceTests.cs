using Cri.Testing;
using Cri.Tracing.Hosting.Diagnostics.Internal;

namespace Cri.Tracing.Hosting.Tests.Diagnostics;

/// <summary>
/// Cri.Tracing.Hosting's self-diagnostics EventSource is consistent, as OpenTelemetry's own are tested. In the
/// tracing collection: other tests listen to this source's warnings.
/// </summary>
[Collection(TracingCollection.Name)]
public sealed class EventSourceTests
{
    [Fact]
    public void Every_event_method_writes_its_declared_id_level_and_parameters()
        => EventSourceConformance.AssertConsistent(CriTracingHostingEventSource.Log);
}
