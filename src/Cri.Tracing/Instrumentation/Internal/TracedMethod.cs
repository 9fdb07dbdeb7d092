using Cri.Protos;
using Cri.Tracing.Attributes.Internal;
using Grpc.Core;

namespace Cri.Tracing.Instrumentation.Internal;

/// <summary>How one method is traced: names and creation attributes, computed once per interceptor.</summary>
internal sealed class TracedMethod
{
    private CombinedTags? lastWithEndpoint;

    private TracedMethod(string spanName, string path, CriMessageReader? requestAttributes, CriMessageReader? responseAttributes, bool isExcluded, KeyValuePair<string, object?>[] methodTags, KeyValuePair<string, object?>[]? endpointTags)
    {
        this.SpanName = spanName;
        this.Path = path;
        this.RequestAttributes = requestAttributes;
        this.ResponseAttributes = responseAttributes;
        this.IsExcluded = isExcluded;
        this.MethodTags = methodTags;
        this.StartTags = endpointTags is null ? null : [.. methodTags, .. endpointTags];
    }

    /// <summary>Gets the span name: the method without its leading slash, or <c>_OTHER</c>.</summary>
    public string SpanName { get; }

    /// <summary>Gets the request path (with the slash): the name of CRI-O's internal child.</summary>
    public string Path { get; }

    /// <summary>Gets the reader of the request's CRI attributes, for a known method whose request carries some.</summary>
    public CriMessageReader? RequestAttributes { get; }

    /// <summary>
    /// Gets the reader of the response's CRI attributes, for a known unary method whose response
    /// carries some (a stream's messages each describe something else).
    /// </summary>
    public CriMessageReader? ResponseAttributes { get; }

    /// <summary>Gets whether the method is excluded from tracing.</summary>
    public bool IsExcluded { get; }

    /// <summary>Gets the creation attributes that depend on the method only.</summary>
    public KeyValuePair<string, object?>[] MethodTags { get; }

    /// <summary>
    /// Gets every creation attribute, including <c>server.address</c> and <c>server.port</c>, when
    /// the endpoint is known up front; <see langword="null"/> when it is read per call.
    /// </summary>
    public KeyValuePair<string, object?>[]? StartTags { get; }

    /// <summary>
    /// Every creation attribute, when the endpoint is read per call: the method's with the
    /// endpoint's. The endpoint rarely changes, so the last combination is kept.
    /// </summary>
    /// <param name="endpointTags">The endpoint attributes, the same array while the endpoint is the same.</param>
    public KeyValuePair<string, object?>[] WithEndpoint(KeyValuePair<string, object?>[] endpointTags)
    {
        var last = this.lastWithEndpoint;
        if (last is null || !ReferenceEquals(last.EndpointTags, endpointTags))
        {
            last = new CombinedTags(endpointTags, [.. this.MethodTags, .. endpointTags]);
            this.lastWithEndpoint = last;
        }

        return last.All;
    }

    /// <summary>Describes a method of the CRI catalog.</summary>
    public static TracedMethod ForKnown(CriMethod method, TracingSettings settings, KeyValuePair<string, object?>[]? endpointTags)
        => new(
            method.QualifiedName,
            method.Path,
            CriMessageAttributes.ReaderOf(method.Descriptor.InputType.ClrType),
            method.Type == MethodType.Unary ? CriMessageAttributes.ReaderOf(method.Descriptor.OutputType.ClrType) : null,
            settings.Exclusion.IsExcluded(method.QualifiedName),
            BuildMethodTags(settings.Conventions, method.ServiceName, method.Name, method.QualifiedName, original: null),
            endpointTags);

    /// <summary>
    /// Describes a method the catalog does not know (another service on the same server, or a typo):
    /// the conventions name it <c>_OTHER</c> and keep the original in <c>rpc.method_original</c>.
    /// </summary>
    public static TracedMethod ForUnknown(string path, TracingSettings settings, KeyValuePair<string, object?>[]? endpointTags)
    {
        var original = path.TrimStart('/');
        var slash = original.LastIndexOf('/');
        var service = slash > 0 ? original[..slash] : null;
        var name = slash > 0 ? original[(slash + 1)..] : original;
        return new(
            AttributeNames.OtherMethod,
            path,
            requestAttributes: null,
            responseAttributes: null,
            isExcluded: false,
            BuildMethodTags(settings.Conventions, service, name, AttributeNames.OtherMethod, original),
            endpointTags);
    }

    /// <summary>The <c>server.address</c> and <c>server.port</c> attributes of an endpoint.</summary>
    public static KeyValuePair<string, object?>[] BuildEndpointTags(string? address, int port)
    {
        if (address is null)
        {
            return [];
        }

        return port > 0
            ? [new(AttributeNames.ServerAddress, address), new(AttributeNames.ServerPort, port)]
            : [new(AttributeNames.ServerAddress, address)];
    }

    private static KeyValuePair<string, object?>[] BuildMethodTags(RpcSemanticConventions conventions, string? service, string shortName, string fullName, string? original)
    {
        var tags = new List<KeyValuePair<string, object?>>(5);
        if (conventions != RpcSemanticConventions.Old)
        {
            tags.Add(new(AttributeNames.RpcSystemName, AttributeNames.GrpcSystem));
        }

        if (conventions != RpcSemanticConventions.Current)
        {
            tags.Add(new(AttributeNames.RpcSystem, AttributeNames.GrpcSystem));
            if (service is not null)
            {
                tags.Add(new(AttributeNames.RpcService, service));
            }
        }

        // The old conventions have no _OTHER: they split whatever the path says.
        tags.Add(new(AttributeNames.RpcMethod, conventions == RpcSemanticConventions.Old ? shortName : fullName));
        if (original is not null && conventions != RpcSemanticConventions.Old)
        {
            tags.Add(new(AttributeNames.RpcMethodOriginal, original));
        }

        return [.. tags];
    }

    private sealed record CombinedTags(KeyValuePair<string, object?>[] EndpointTags, KeyValuePair<string, object?>[] All);
}
