namespace Cri.Tracing.Instrumentation;

/// <summary>
/// Which OpenTelemetry RPC attribute names the spans carry, following the
/// <c>OTEL_SEMCONV_STABILITY_OPT_IN</c> migration scheme of otelgrpc.
/// </summary>
public enum RpcSemanticConventions
{
    /// <summary>
    /// The current conventions (semconv 1.40, otelgrpc 0.68): <c>rpc.system.name</c>, the full
    /// <c>rpc.method</c> (<c>runtime.v1.RuntimeService/ListContainers</c>) and the status name in
    /// <c>rpc.response.status_code</c>. The default.
    /// </summary>
    Current,

    /// <summary>
    /// The older conventions, <c>OTEL_SEMCONV_STABILITY_OPT_IN=rpc/old</c>: <c>rpc.system</c>,
    /// <c>rpc.service</c>, the short <c>rpc.method</c> (<c>ListContainers</c>) and the numeric
    /// <c>rpc.grpc.status_code</c>.
    /// </summary>
    Old,

    /// <summary>
    /// Both sets, <c>OTEL_SEMCONV_STABILITY_OPT_IN=rpc/dup</c>, for a migration. The two sets share
    /// the name <c>rpc.method</c>; it holds the current (full) value.
    /// </summary>
    Both,
}
