using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Cri.Tracing.Configuration;
using Cri.Tracing.Hosting.Collector.Internal;
using Cri.Tracing.Hosting.Configuration.Internal;
using Cri.Tracing.Hosting.Tests.Support;

namespace Cri.Tracing.Hosting.Tests.Collector;

public sealed class CollectorTlsTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("crt").FullName;
    private readonly TestCertificates certificates;

    public CollectorTlsTests()
    {
        this.certificates = TestCertificates.Create(this.directory);
    }

    [Fact]
    public void Loads_the_authorities_and_the_client_certificate_with_its_key()
    {
        using var tls = CollectorTls.Load(this.Options());

        Assert.Equal(this.certificates.Authority.Thumbprint, Assert.Single(tls.Authorities!).Thumbprint);
        Assert.True(tls.ClientCertificate!.HasPrivateKey);
        Assert.Equal("CN=cri-client", tls.ClientCertificate.Subject);
    }

    [Fact]
    public void Trusts_only_certificates_the_authorities_issued_for_the_dialled_name()
    {
        using var tls = CollectorTls.Load(this.Options());
        using var other = TestCertificates.Create(this.directory, "Other CA");

        Assert.True(CollectorTls.IsTrusted(tls.Authorities!, this.certificates.Server, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(CollectorTls.IsTrusted(tls.Authorities!, other.Server, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(CollectorTls.IsTrusted(tls.Authorities!, this.certificates.Server, null, SslPolicyErrors.RemoteCertificateNameMismatch));
        Assert.False(CollectorTls.IsTrusted(tls.Authorities!, null, null, SslPolicyErrors.RemoteCertificateNotAvailable));
    }

    [Fact]
    public void Unusable_files_are_named_in_the_error()
    {
        var empty = Path.Combine(this.directory, "empty.pem");
        File.WriteAllText(empty, "not a certificate");
        var options = this.Options();
        options.CertificateAuthorityFile = empty;

        var error = Assert.Throws<InvalidDataException>(() => CollectorTls.Load(options));
        Assert.Equal($"CriTracing:CertificateAuthorityFile: cannot use \"{empty}\": it holds no PEM certificate", error.Message);

        options = this.Options();
        options.ClientKeyFile = Path.Combine(this.directory, "missing.key");
        error = Assert.Throws<InvalidDataException>(() => CollectorTls.Load(options));
        Assert.StartsWith($"CriTracing:ClientCertificateFile: cannot use \"{this.certificates.ClientCertificateFile}\" with key \"{options.ClientKeyFile}\":", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://collector:4317", true, null)]
    [InlineData("http://collector:4317", false, "CriTracing:Endpoint \"http://collector:4317\" is plaintext (http://), so the TLS files would be ignored; use https://.")]
    [InlineData("collector", false, "CriTracing:Endpoint \"collector\" is not a collector endpoint: it needs a port: host:port.")]
    public void The_export_validator_checks_the_endpoint_and_the_files_only_when_tracing_is_on(string endpoint, bool valid, string? failure)
    {
        var options = this.Options();
        options.Endpoint = endpoint;
        var validator = new CriTracingExportValidator();

        var result = validator.Validate(null, options);
        options.Enabled = false;

        Assert.Equal(valid, result.Succeeded);
        Assert.Equal(failure, result.FailureMessage);
        Assert.True(validator.Validate(null, options).Succeeded);
    }

    public void Dispose()
    {
        this.certificates.Dispose();
        Directory.Delete(this.directory, recursive: true);
    }

    private CriTracingOptions Options() => new()
    {
        Enabled = true,
        Endpoint = "localhost:4317",
        Insecure = false,
        CertificateAuthorityFile = this.certificates.AuthorityFile,
        ClientCertificateFile = this.certificates.ClientCertificateFile,
        ClientKeyFile = this.certificates.ClientKeyFile,
    };
}
