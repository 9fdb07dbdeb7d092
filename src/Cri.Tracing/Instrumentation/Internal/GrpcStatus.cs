using System.Globalization;
using Grpc.Core;

namespace Cri.Tracing.Instrumentation.Internal;

/// <summary>gRPC status codes as spans record them.</summary>
internal static class GrpcStatus
{
    private static readonly string[] WireNames =
    [
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
        "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",
        "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
    ];

    // Boxed once: rpc.grpc.status_code is an integer attribute.
    private static readonly object[] BoxedCodes = [.. Enumerable.Range(0, WireNames.Length).Select(code => (object)code)];

    /// <summary>
    /// The specification's name of a status, such as <c>NOT_FOUND</c>: the value of
    /// <c>rpc.response.status_code</c>. Allocation-free for the codes the specification defines.
    /// </summary>
    public static string ToWireName(StatusCode code)
    {
        var index = (int)code;
        return (uint)index < (uint)WireNames.Length ? WireNames[index] : index.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The status as a boxed integer.</summary>
    public static object Boxed(StatusCode code)
    {
        var index = (int)code;
        return (uint)index < (uint)BoxedCodes.Length ? BoxedCodes[index] : index;
    }

    /// <summary>
    /// Whether a server span is in error: only codes that mean the server failed, as the
    /// conventions and otelgrpc have it (a NOT_FOUND answer is the server working).
    /// </summary>
    public static bool IsServerError(StatusCode code)
        => code is StatusCode.Unknown or StatusCode.DeadlineExceeded or StatusCode.Unimplemented
            or StatusCode.Internal or StatusCode.Unavailable or StatusCode.DataLoss;

    /// <summary>The status a handler's exception ends a server call with, as grpc-dotnet sends it.</summary>
    /// <param name="exception">What escaped the handler.</param>
    /// <param name="context">The call.</param>
    public static Status FromServerException(Exception exception, ServerCallContext context) => exception switch
    {
        RpcException rpc => rpc.Status,
        OperationCanceledException when context.Deadline <= DateTime.UtcNow => new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded"),
        OperationCanceledException when context.CancellationToken.IsCancellationRequested => new Status(StatusCode.Cancelled, "Call canceled by the client."),
        // grpc-dotnet hides the exception from the caller (unless detailed errors are on); the
        // span's exception event keeps it.
        _ => new Status(StatusCode.Unknown, "Exception was thrown by handler."),
    };

    /// <summary>The status a client call that failed with an exception ends with.</summary>
    /// <param name="exception">The failure; grpc-dotnet reports every gRPC failure as an <see cref="RpcException"/>.</param>
    public static Status FromClientException(Exception exception) => exception switch
    {
        RpcException rpc => rpc.Status,
        OperationCanceledException => new Status(StatusCode.Cancelled, exception.Message),
        _ => new Status(StatusCode.Unknown, exception.Message),
    };
}
