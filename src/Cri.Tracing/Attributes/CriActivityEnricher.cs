using System.Diagnostics;
using Cri.Tracing.Attributes.Internal;
using Cri.Tracing.Internal;
using Google.Protobuf;

namespace Cri.Tracing.Attributes;

/// <summary>
/// Sets the CRI attributes (<c>k8s.pod.name</c>, <c>container.id</c>, <c>cri.pod_sandbox.id</c>,
/// ...) a CRI request or response carries on a span. The interceptors call it for every traced
/// call; servers on other gRPC stacks (Grpc.AspNetCore, for example) call it from their handlers
/// or interceptors to get the same attributes on their own spans.
/// </summary>
public static class CriActivityEnricher
{
    /// <summary>Enriches <see cref="Activity.Current"/>, if there is one and it records.</summary>
    /// <param name="message">A <c>runtime.v1</c> request or response; other messages are ignored.</param>
    public static void Enrich(IMessage message)
    {
        if (Activity.Current is { } activity)
        {
            Enrich(activity, message);
        }
    }

    /// <summary>Enriches a span, if it records.</summary>
    /// <param name="activity">The span.</param>
    /// <param name="message">A <c>runtime.v1</c> request or response; other messages are ignored.</param>
    public static void Enrich(Activity activity, IMessage message)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(message);
        if (!SpanRecording.IsRecording(activity))
        {
            return;
        }

        // Other code may have set these attributes already: replace, never duplicate.
        CriMessageAttributes.Write(activity, message);
    }
}
