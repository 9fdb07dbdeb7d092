using Cri.Tracing.Configuration;
using Cri.Tracing.Hosting.Collector.Internal;

namespace Cri.Tracing.Hosting.Tests.Collector;

/// <summary>Endpoints as CRI-O, Kubernetes, containerd and the OpenTelemetry variables write them.</summary>
public sealed class CollectorEndpointTests
{
    [Theory]
    [InlineData("127.0.0.1:4317", true, "http://127.0.0.1:4317/", "127.0.0.1", 4317)]
    [InlineData("127.0.0.1:4317", false, "https://127.0.0.1:4317/", "127.0.0.1", 4317)]
    [InlineData("collector.monitoring:4317", true, "http://collector.monitoring:4317/", "collector.monitoring", 4317)]
    [InlineData("dns:///collector:4317", true, "http://collector:4317/", "collector", 4317)]
    [InlineData("dns://8.8.8.8/collector:4317", true, "http://collector:4317/", "collector", 4317)]
    [InlineData("dns:collector:4317", true, "http://collector:4317/", "collector", 4317)]
    [InlineData("[::1]:4317", true, "http://[::1]:4317/", "::1", 4317)]
    [InlineData("http://collector:4317", false, "http://collector:4317/", "collector", 4317)]
    [InlineData("https://collector:4317", true, "https://collector:4317/", "collector", 4317)]
    [InlineData("https://collector", true, "https://collector/", "collector", 443)]
    public void Grpc_endpoints(string configured, bool insecure, string exportUri, string host, int port)
    {
        var endpoint = CollectorEndpoint.Parse(configured, OtlpProtocol.Grpc, insecure);

        Assert.Equal(exportUri, endpoint.ExportUri.ToString());
        Assert.Equal(host, endpoint.Transport.Host);
        Assert.Equal(port, endpoint.Transport.Port);
        Assert.Equal(exportUri.StartsWith("https", StringComparison.Ordinal), endpoint.UsesTls);
        Assert.Equal(configured, endpoint.Configured);
    }

    [Theory]
    [InlineData("unix:///run/otel/otlp.sock", "/run/otel/otlp.sock")]
    [InlineData("unix:relative/otlp.sock", "relative/otlp.sock")]
    public void Grpc_over_a_unix_socket(string configured, string path)
    {
        var endpoint = CollectorEndpoint.Parse(configured, OtlpProtocol.Grpc, insecure: true);

        Assert.Equal(path, endpoint.Transport.SocketPath);
        Assert.Equal("http://localhost/", endpoint.ExportUri.ToString());
    }

    [Theory]
    [InlineData("http://collector:4318", "http://collector:4318/v1/traces")]
    [InlineData("http://collector:4318/", "http://collector:4318/v1/traces")]
    [InlineData("https://collector/otlp/v1/traces", "https://collector/otlp/v1/traces")]
    public void Http_endpoints_get_the_traces_path_when_they_have_none(string configured, string exportUri)
        => Assert.Equal(exportUri, CollectorEndpoint.Parse(configured, OtlpProtocol.HttpProtobuf, insecure: true).ExportUri.ToString());

    [Theory]
    [InlineData("collector", OtlpProtocol.Grpc, "it needs a port: host:port")]
    [InlineData("collector:http", OtlpProtocol.Grpc, "it has an invalid port 'http'")]
    [InlineData("ftp://collector:21", OtlpProtocol.Grpc, "use host:port, dns:///host:port, unix:///path, or an http:// or https:// URL")]
    [InlineData("unix://", OtlpProtocol.Grpc, "it names no socket path")]
    [InlineData("/run/otel.sock", OtlpProtocol.Grpc, "write a socket path as unix:///path")]
    [InlineData("collector:4318", OtlpProtocol.HttpProtobuf, "OTLP over HTTP needs an http:// or https:// URL")]
    public void Unusable_endpoints_say_why(string configured, OtlpProtocol protocol, string detail)
    {
        var error = Assert.Throws<FormatException>(() => CollectorEndpoint.Parse(configured, protocol, insecure: true));

        Assert.Equal($"CriTracing:Endpoint \"{configured}\" is not a collector endpoint: {detail}.", error.Message);
    }
}
