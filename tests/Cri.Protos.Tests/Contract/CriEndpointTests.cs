namespace Cri.Protos.Tests.Contract;

/// <summary>Endpoints as crictl and the kubelet write them.</summary>
public sealed class CriEndpointTests
{
    [Theory]
    [InlineData("unix:///run/containerd/containerd.sock", "/run/containerd/containerd.sock", 0, true)]
    [InlineData("/run/crio/crio.sock", "/run/crio/crio.sock", 0, true)]
    [InlineData("127.0.0.1:10000", "127.0.0.1", 10000, false)]
    [InlineData("tcp://localhost:1234", "localhost", 1234, false)]
    [InlineData("[::1]:4317", "::1", 4317, false)]
    public void Endpoint_parses_the_forms_crictl_accepts(string text, string host, int port, bool unix)
    {
        var endpoint = CriEndpoint.Parse(text);

        Assert.Equal(host, endpoint.Host);
        Assert.Equal(port, endpoint.Port);
        Assert.Equal(unix, endpoint.IsUnixSocket);
        Assert.Equal(text, endpoint.Original);
        Assert.Equal(text, endpoint.ToString());
        Assert.Equal(unix ? host : null, endpoint.SocketPath);
    }

    [Theory]
    [InlineData("127.0.0.1:0", "127.0.0.1")]
    [InlineData("tcp://[::1]:0", "::1")]
    public void Port_zero_is_accepted_as_any_free_port(string text, string host)
    {
        var endpoint = CriEndpoint.Parse(text);

        Assert.Equal(host, endpoint.Host);
        Assert.Equal(0, endpoint.Port);
        Assert.False(endpoint.IsUnixSocket);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("unix://", "names no socket path")]
    [InlineData("http://127.0.0.1:80", "unsupported scheme")]
    [InlineData("127.0.0.1", "needs a port")]
    [InlineData("127.0.0.1:", "needs a port")]
    [InlineData("127.0.0.1:99999", "invalid port")]
    [InlineData("127.0.0.1:-1", "invalid port")]
    public void Endpoint_rejects_bad_input_saying_why(string text, string reason)
    {
        var error = Assert.Throws<FormatException>(() => CriEndpoint.Parse(text));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}
