namespace Cri.Tracing.Attributes.Internal;

/// <summary>Every attribute name Cri.Tracing writes; README.md lists when each is set.</summary>
internal static class AttributeNames
{
    // OpenTelemetry RPC conventions, current (semconv 1.40).
    public const string RpcSystemName = "rpc.system.name";
    public const string RpcMethod = "rpc.method";
    public const string RpcMethodOriginal = "rpc.method_original";
    public const string RpcResponseStatusCode = "rpc.response.status_code";

    // OpenTelemetry RPC conventions, old (OTEL_SEMCONV_STABILITY_OPT_IN=rpc/old).
    public const string RpcSystem = "rpc.system";
    public const string RpcService = "rpc.service";
    public const string RpcGrpcStatusCode = "rpc.grpc.status_code";

    public const string ServerAddress = "server.address";
    public const string ServerPort = "server.port";
    public const string ErrorType = "error.type";

    public const string GrpcSystem = "grpc";
    public const string OtherMethod = "_OTHER";

    // CRI objects: OpenTelemetry names where they exist.
    public const string PodName = "k8s.pod.name";
    public const string PodUid = "k8s.pod.uid";
    public const string NamespaceName = "k8s.namespace.name";
    public const string ContainerId = "container.id";
    public const string ContainerName = "container.name";
    public const string ContainerImageName = "container.image.name";
    public const string ContainerImageId = "container.image.id";
    public const string PodSandboxId = "cri.pod_sandbox.id";
    public const string RuntimeHandler = "cri.runtime_handler";

    // CRI-O's internal child span and its log fields.
    public const string CrioRequestId = "id";
    public const string CrioRequestName = "name";

    // Log events.
    public const string LogEventName = "log";
    public const string LogSeverity = "log.severity";
    public const string LogMessage = "log.message";
    public const string LogEventId = "log.event.id";
    public const string LogEventNameAttribute = "log.event.name";
    public const string ExceptionType = "exception.type";
    public const string ExceptionMessage = "exception.message";
    public const string DroppedEvents = "cri.dropped_events";
}
