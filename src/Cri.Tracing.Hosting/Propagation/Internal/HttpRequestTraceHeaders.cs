using System.Reflection;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.Extensions.Primitives;

namespace Cri.Tracing.Hosting.Propagation.Internal;

/// <summary>
/// Reads a call's trace headers from its HTTP request, where Kestrel already holds them: Grpc.AspNetCore
/// makes <see cref="ServerCallContext.RequestHeaders"/> by copying every header of the request.
/// </summary>
internal static class HttpRequestTraceHeaders
{
    private static readonly Assembly GrpcAspNetCore = typeof(GrpcServiceOptions).Assembly;

    // Grpc.AspNetCore's one context type, remembered once seen: a type comparison per call.
    private static Type? servedType;

    /// <summary>Every value of <paramref name="name"/> in the call's request headers.</summary>
    public static StringValues Read(ServerCallContext call, string name)
    {
        var type = call.GetType();
        if (type == servedType)
        {
            return call.GetHttpContext().Request.Headers[name];
        }

        if (type.Assembly == GrpcAspNetCore)
        {
            servedType = type;
            return call.GetHttpContext().Request.Headers[name];
        }

        // A call Grpc.AspNetCore does not serve (a test's own context) has only its metadata.
        return new StringValues([.. call.RequestHeaders.GetAll(name).Where(entry => !entry.IsBinary).Select(entry => entry.Value)]);
    }
}
