using System.Diagnostics;
using Cri.Protos;
using Cri.Protos.V1;
using Cri.Testing;
using Cri.Tracing.Attributes.Internal;
using Cri.Tracing.Instrumentation;
using Cri.Tracing.Instrumentation.Internal;
using Cri.Tracing.Internal;
using Cri.Tracing.Tests.Instrumentation;

namespace Cri.Tracing.Tests.Attributes;

/// <summary>
/// A traced call's span starts with its request's attributes; what the response repeats must
/// replace, never duplicate, an attribute.
/// </summary>
[Collection(TracingCollection.Name)]
public sealed class CallAttributeTests
{
    private static readonly CriMethod PodSandboxStatus = CriMethodCatalog.GetByPath("/runtime.v1.RuntimeService/PodSandboxStatus");

    [Fact]
    public void A_response_repeating_the_requests_attribute_replaces_it()
    {
        using var capture = new SpanCapture(null, CriTracing.ActivitySourceName);
        var settings = new TracingSettings(new CriInstrumentationOptions());
        var method = TracedMethod.ForKnown(PodSandboxStatus, settings, endpointTags: null);
        var creationTags = CriMessageAttributes.ForCreation(method.MethodTags, method.RequestAttributes, new PodSandboxStatusRequest { PodSandboxId = "from-request" });
        var activity = Internal.CriActivitySource.Instance.StartActivity(method.SpanName, ActivityKind.Server, default(ActivityContext), creationTags)!;
        CriMessageAttributes.Return(creationTags);
        Assert.Equal("from-request", activity.GetTagItem("cri.pod_sandbox.id"));

        var call = ServerCall.Start(activity, method, settings, crioLayout: false);
        call.OnResponse(new PodSandboxStatusResponse
        {
            Status = new PodSandboxStatus { Id = "from-response", Metadata = new PodSandboxMetadata { Name = "web", Namespace = "shop", Uid = "u1" } },
        });
        call.Complete(CompletedOk(), failure: null);

        var tags = capture.Named(method.SpanName).TagObjects.ToList();
        Assert.Equal("from-response", Assert.Single(tags, t => t.Key == "cri.pod_sandbox.id").Value);
        Assert.Equal("web", Assert.Single(tags, t => t.Key == "k8s.pod.name").Value);
        Assert.Equal("OK", Assert.Single(tags, t => t.Key == "rpc.response.status_code").Value);
        Assert.Equal(tags.Count, tags.Select(t => t.Key).Distinct().Count());
    }

    private static FakeServerCallContext CompletedOk() => new(PodSandboxStatus.Path);
}
