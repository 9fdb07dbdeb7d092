using System.Diagnostics.Tracing;

namespace Cri.Protos.Internal;

/// <summary>
/// Self-diagnostics of Cri.Protos.AspNetCore: what <c>ListenCri</c> did to a Unix-socket connection
/// that Kestrel alone would have refused, for <c>dotnet-trace</c> and EventListeners.
/// </summary>
[EventSource(Name = "Cri-Protos-AspNetCore")]
internal sealed class CriKestrelEventSource : EventSource
{
    public static readonly CriKestrelEventSource Log = new();

    private CriKestrelEventSource()
    {
    }

    [Event(1, Message = "A Unix-socket client sent ':authority' '{0}', which Kestrel refuses; its connection is served as 'localhost'.", Level = EventLevel.Informational)]
    public void AuthorityRewritten(string authority) => this.WriteEvent(1, authority);

    [Event(2, Message = "Closed a Unix-socket connection whose header blocks could not be rewritten: {0}", Level = EventLevel.Warning)]
    public void RewriteFailed(string reason) => this.WriteEvent(2, reason);
}
