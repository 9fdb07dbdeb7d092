using System.Diagnostics;
using Cri.Protos;
using Cri.Protos.V1;
using Cri.Tracing.Configuration;
using Cri.Tracing.Hosting.Tests.Support;

namespace Cri.Tracing.Hosting.Tests.Collector;

/// <summary>
/// Export over TLS to a collector whose certificate only a given authority vouches for, with a client certificate
/// (what cri-o#7513 asks for) and the configured headers, over both OTLP transports.
/// </summary>
[Collection(TracingCollection.Name)]
public sealed class TlsExportTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("crt").FullName;

    [Theory]
    [InlineData(OtlpProtocol.Grpc, "https://localhost:{0}")]
    [InlineData(OtlpProtocol.HttpProtobuf, "https://localhost:{0}/v1/traces")]
    public async Task Spans_reach_a_collector_trusted_through_the_configured_authority_with_the_client_certificate_and_headers(OtlpProtocol protocol, string endpoint)
    {
        using var certificates = TestCertificates.Create(this.directory);
        await using var collector = await TlsCollector.StartAsync(certificates.Server);
        await using var runtime = await TracedRuntime.StartAsync(Settings(certificates, protocol, string.Format(System.Globalization.CultureInfo.InvariantCulture, endpoint, collector.Port)));
        using var channel = runtime.CreateTracedChannel();

        Activity.Current = null;
        await new RuntimeService.RuntimeServiceClient(channel.Invoker).VersionAsync(new VersionRequest(), TracedRuntime.Call);

        await Eventually.TrueAsync(() => !collector.ClientSubjects.IsEmpty, "an export to arrive");
        Assert.All(collector.ClientSubjects, subject => Assert.Equal("CN=cri-client", subject));
        Assert.All(collector.Authorizations, authorization => Assert.Equal("Bearer t0ken", authorization));
        await Eventually.TrueAsync(() => runtime.Tracing.Export!.Monitor.Exported == 2, "both spans to be accepted");
        Assert.Empty(runtime.Logs.Hosting(1));
    }

    [Fact]
    public async Task A_collector_another_authority_vouches_for_is_refused()
    {
        using var trusted = TestCertificates.Create(this.directory);
        using var other = TestCertificates.Create(this.directory, "Other CA");
        await using var collector = await TlsCollector.StartAsync(other.Server);
        await using var runtime = await TracedRuntime.StartAsync(Settings(trusted, OtlpProtocol.Grpc, $"localhost:{collector.Port}"));
        using var channel = runtime.CreateTracedChannel();

        Activity.Current = null;
        await new RuntimeService.RuntimeServiceClient(channel.Invoker).VersionAsync(new VersionRequest(), TracedRuntime.Call);

        await Eventually.TrueAsync(() => runtime.Logs.Hosting(1).Count == 1, "the failure to be logged");
        Assert.Empty(collector.ClientSubjects);
        Assert.Contains("SSL", runtime.Logs.Hosting(1)[0].Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(this.directory, recursive: true);

    private static Dictionary<string, string?> Settings(TestCertificates certificates, OtlpProtocol protocol, string endpoint)
    {
        var settings = TracedRuntime.Exporting(endpoint, CriTracingOptions.MaxSamplingRatePerMillion, protocol);
        settings["CriTracing:Insecure"] = "false";
        settings["CriTracing:CertificateAuthorityFile"] = certificates.AuthorityFile;
        settings["CriTracing:ClientCertificateFile"] = certificates.ClientCertificateFile;
        settings["CriTracing:ClientKeyFile"] = certificates.ClientKeyFile;
        settings["CriTracing:Headers:Authorization"] = "Bearer t0ken";
        return settings;
    }
}
