namespace Cri.Tracing.Hosting.Export.Internal;

/// <summary>
/// The attribute and event names the waterfall shows: OpenTelemetry's conventions and CRI-O's log
/// event, as every exporter reads them from the spans it is given.
/// </summary>
internal static class DisplayedAttributes
{
    public const string RpcResponseStatusCode = "rpc.response.status_code";
    public const string ErrorType = "error.type";
    public const string PodName = "k8s.pod.name";
    public const string NamespaceName = "k8s.namespace.name";
    public const string ContainerId = "container.id";
    public const string ContainerName = "container.name";
    public const string ContainerImageName = "container.image.name";
    public const string LogEventName = "log";
    public const string LogSeverity = "log.severity";
    public const string LogMessage = "log.message";
    public const string ExceptionType = "exception.type";
    public const string ExceptionMessage = "exception.message";
}
