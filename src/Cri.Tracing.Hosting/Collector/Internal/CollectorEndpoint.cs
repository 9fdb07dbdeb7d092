using System.Globalization;
using Cri.Protos;
using Cri.Tracing.Configuration;

namespace Cri.Tracing.Hosting.Collector.Internal;

/// <summary>
/// Where spans go, read from <see cref="CriTracingOptions.Endpoint"/> as the ecosystem writes it: the URL the OTLP
/// exporter posts to, the socket it connects, and whether it speaks TLS.
/// </summary>
internal sealed class CollectorEndpoint
{
    private const string HttpTracesPath = "v1/traces";

    private CollectorEndpoint(string configured, Uri exportUri, CriEndpoint transport)
    {
        this.Configured = configured;
        this.ExportUri = exportUri;
        this.Transport = transport;
    }

    /// <summary>Gets the endpoint as configured, for messages.</summary>
    public string Configured { get; }

    /// <summary>Gets the URL for <c>OtlpExporterOptions.Endpoint</c>: the server's base for gRPC, the full URL for HTTP.</summary>
    public Uri ExportUri { get; }

    /// <summary>Gets what the connection goes to: <c>host:port</c> or a Unix socket.</summary>
    public CriEndpoint Transport { get; }

    /// <summary>Gets whether the connection is TLS.</summary>
    public bool UsesTls => this.ExportUri.Scheme == Uri.UriSchemeHttps;

    /// <summary>
    /// Reads an endpoint. For gRPC: <c>host:port</c> (CRI-O, the kubelet), <c>dns:///host:port</c> or
    /// <c>dns://resolver/host:port</c> (gRPC naming), <c>unix:///path</c> or <c>unix:path</c>, each plaintext when
    /// <paramref name="insecure"/> and TLS otherwise; or an <c>http://</c> / <c>https://</c> URL, whose scheme decides.
    /// For HTTP/protobuf: an <c>http(s)://</c> URL; one without a path gets <c>/v1/traces</c>.
    /// </summary>
    /// <exception cref="FormatException">The endpoint is none of these; the message names the setting.</exception>
    public static CollectorEndpoint Parse(string endpoint, OtlpProtocol protocol, bool insecure)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var text = endpoint.Trim();
        if (text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            return FromUrl(endpoint, text, protocol);
        }

        if (protocol == OtlpProtocol.HttpProtobuf)
        {
            throw Invalid(endpoint, "OTLP over HTTP needs an http:// or https:// URL");
        }

        var scheme = insecure ? Uri.UriSchemeHttp : Uri.UriSchemeHttps;
        if (text.StartsWith("unix:", StringComparison.OrdinalIgnoreCase))
        {
            var path = text.StartsWith("unix://", StringComparison.OrdinalIgnoreCase) ? text["unix://".Length..] : text["unix:".Length..];
            return new CollectorEndpoint(endpoint, new Uri(scheme + "://localhost"), ParseTransport(endpoint, "unix://" + path));
        }

        var hostPort = text;
        if (text.StartsWith("dns:", StringComparison.OrdinalIgnoreCase))
        {
            // dns:host:port, dns:///host:port, or dns://resolver/host:port: the resolver is the system's here.
            hostPort = text["dns:".Length..];
            if (hostPort.StartsWith("//", StringComparison.Ordinal))
            {
                var slash = hostPort.IndexOf('/', 2);
                hostPort = slash < 0 ? string.Empty : hostPort[(slash + 1)..];
            }
        }

        if (hostPort.Contains("://", StringComparison.Ordinal))
        {
            throw Invalid(endpoint, "use host:port, dns:///host:port, unix:///path, or an http:// or https:// URL");
        }

        var transport = ParseTransport(endpoint, hostPort);
        if (transport.IsUnixSocket)
        {
            throw Invalid(endpoint, "write a socket path as unix:///path");
        }

        return new CollectorEndpoint(endpoint, new Uri(string.Create(CultureInfo.InvariantCulture, $"{scheme}://{FormatHost(transport.Host)}:{transport.Port}")), transport);
    }

    private static CollectorEndpoint FromUrl(string endpoint, string text, OtlpProtocol protocol)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            throw Invalid(endpoint, "it is not a valid URL");
        }

        if (protocol == OtlpProtocol.HttpProtobuf && uri.AbsolutePath == "/")
        {
            uri = new Uri(uri, HttpTracesPath);
        }

        var transport = ParseTransport(endpoint, string.Create(CultureInfo.InvariantCulture, $"{FormatHost(uri.Host)}:{uri.Port}"));
        return new CollectorEndpoint(endpoint, uri, transport);
    }

    private static CriEndpoint ParseTransport(string endpoint, string transport)
    {
        try
        {
            return CriEndpoint.Parse(transport);
        }
        catch (FormatException e)
        {
            // "The CRI endpoint 'x' needs a port: host:port." reads "it needs a port: host:port" here.
            throw Invalid(endpoint, e.Message.Replace($"The CRI endpoint '{transport}' ", "it ", StringComparison.Ordinal).TrimEnd('.'));
        }
    }

    private static string FormatHost(string host)
        => host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]" : host;

    private static FormatException Invalid(string endpoint, string detail)
        => new($"{CriTracingOptions.SectionName}:{nameof(CriTracingOptions.Endpoint)} \"{endpoint}\" is not a collector endpoint: {detail}.");
}
