using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Cri.Protos;
using Cri.Protos.Grpc;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Cri.Tracing;

/// <summary>gRPC status codes as spans record them.</summary>
internal static class GrpcStatus
{
    // Boxed once: rpc.grpc.status_code is an integer attribute.
    private static readonly object[] BoxedCodes = [.. Enum.GetValues<CriStatusCode>().Select(code => (object)(int)code)];

    /// <summary>The status as a boxed integer.</summary>
    public static object Boxed(CriStatusCode code) => BoxedCodes[(int)code];

    /// <summary>
    /// Whether a server span is in error: only codes that mean the server failed, as the
    /// conventions and otelgrpc have it (a NOT_FOUND answer is the server working).
    /// </summary>
    public static bool IsServerError(CriStatusCode code)
        => code is CriStatusCode.Unknown or CriStatusCode.DeadlineExceeded or CriStatusCode.Unimplemented
            or CriStatusCode.Internal or CriStatusCode.Unavailable or CriStatusCode.DataLoss;

    /// <summary>Reads a <c>grpc-status</c> value; an unknown number counts as UNKNOWN, as gRPC clients do.</summary>
    public static bool TryParse(StringValues values, out CriStatusCode code)
    {
        code = CriStatusCode.Unknown;
        if (values.Count == 0 || values[0] is not { } text)
        {
            return false;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 0 && number < BoxedCodes.Length)
        {
            code = (CriStatusCode)number;
        }

        return true;
    }

    /// <summary>
    /// Reads <c>grpc-status</c> and <c>grpc-message</c> from HttpClient headers or trailers. The
    /// message of an OK status is never recorded, so it is not decoded.
    /// </summary>
    public static bool TryRead(HttpHeaders headers, out CriStatusCode code, out string? message)
    {
        message = null;
        if (!headers.NonValidated.TryGetValues(GrpcProtocol.StatusHeader, out var status) || !TryParse(status.ToString(), out code))
        {
            code = CriStatusCode.Unknown;
            return false;
        }

        if (code != CriStatusCode.OK && headers.NonValidated.TryGetValues(GrpcProtocol.MessageHeader, out var text))
        {
            message = DecodeMessage(text.ToString());
        }

        return true;
    }

    /// <summary>
    /// Reads <c>grpc-status</c> and <c>grpc-message</c> from ASP.NET Core response headers or
    /// trailers. The message of an OK status is never recorded, so it is not decoded.
    /// </summary>
    public static bool TryRead(IHeaderDictionary headers, out CriStatusCode code, out string? message)
    {
        message = null;
        if (!TryParse(headers[GrpcProtocol.StatusHeader], out code))
        {
            return false;
        }

        if (code != CriStatusCode.OK)
        {
            message = DecodeMessage(headers[GrpcProtocol.MessageHeader]);
        }

        return true;
    }

    /// <summary>Decodes a percent-encoded <c>grpc-message</c>.</summary>
    public static string? DecodeMessage(StringValues values)
        => values.Count == 0 || string.IsNullOrEmpty(values[0]) ? null : GrpcMessageEncoding.Decode(values[0]);

    /// <summary>The status a gRPC client reports for a call that failed with an exception.</summary>
    /// <param name="exception">The failure.</param>
    /// <param name="deadlinePassed">Whether the call's <c>grpc-timeout</c> had elapsed.</param>
    public static CriStatusCode FromException(Exception exception, bool deadlinePassed) => exception switch
    {
        OperationCanceledException { InnerException: TimeoutException } => CriStatusCode.DeadlineExceeded,
        OperationCanceledException => deadlinePassed ? CriStatusCode.DeadlineExceeded : CriStatusCode.Cancelled,
        HttpRequestException or IOException or SocketException => CriStatusCode.Unavailable,
        _ => CriStatusCode.Unknown,
    };

}
