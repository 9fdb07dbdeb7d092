using Cri.Tracing.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cri.Tracing.Tests.Configuration;

public sealed class CriTracingOptionsValidatorTests
{
    [Fact]
    public void Defaults_are_valid_and_are_CRI_O_s()
    {
        var options = new CriTracingOptions();

        Assert.True(new CriTracingOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal((false, "127.0.0.1:4317", OtlpProtocol.Grpc, 0, true), (options.Enabled, options.Endpoint, options.Protocol, options.SamplingRatePerMillion, options.Insecure));
    }

    [Theory]
    [InlineData(-1, "CriTracing:SamplingRatePerMillion must be between 0 and 1000000; found -1.")]
    [InlineData(1_000_001, "CriTracing:SamplingRatePerMillion must be between 0 and 1000000; found 1000001.")]
    public void Rate_out_of_range(int rate, string expected)
        => Assert.Equal([expected], Failures(new CriTracingOptions { SamplingRatePerMillion = rate }));

    [Fact]
    public void Endpoint_required_when_enabled()
        => Assert.Equal(
            ["CriTracing:Endpoint is required when CriTracing:Enabled is true."],
            Failures(new CriTracingOptions { Enabled = true, Endpoint = " " }));

    [Fact]
    public void Blank_endpoint_is_fine_while_disabled()
        => Assert.Empty(Failures(new CriTracingOptions { Endpoint = string.Empty }));

    [Fact]
    public void Http_protocol_needs_an_http_url()
        => Assert.Equal(
            ["CriTracing:Endpoint must be an http:// or https:// URL when CriTracing:Protocol is HttpProtobuf; found \"collector:4318\"."],
            Failures(new CriTracingOptions { Protocol = OtlpProtocol.HttpProtobuf, Endpoint = "collector:4318" }));

    [Fact]
    public void Undefined_protocol()
        => Assert.Equal(
            ["CriTracing:Protocol must be Grpc or HttpProtobuf; found 7."],
            Failures(new CriTracingOptions { Protocol = (OtlpProtocol)7 }));

    [Fact]
    public void Blank_service_name()
        => Assert.Equal(
            ["CriTracing:ServiceName must not be blank; leave it unset to let the host choose."],
            Failures(new CriTracingOptions { ServiceName = "  " }));

    [Fact]
    public void Client_certificate_and_key_go_together_and_TLS_files_need_Insecure_false()
        => Assert.Equal(
            [
                "CriTracing:ClientCertificateFile and CriTracing:ClientKeyFile must be set together.",
                "CriTracing:CertificateAuthorityFile is set but CriTracing:Insecure is true; set it to false to use TLS.",
                "CriTracing:ClientCertificateFile is set but CriTracing:Insecure is true; set it to false to use TLS.",
            ],
            Failures(new CriTracingOptions { CertificateAuthorityFile = "/ca.pem", ClientCertificateFile = "/client.pem" }));

    [Fact]
    public void Mutual_TLS_is_valid()
        => Assert.Empty(Failures(new CriTracingOptions { Insecure = false, CertificateAuthorityFile = "/ca.pem", ClientCertificateFile = "/c.pem", ClientKeyFile = "/c.key" }));

    [Fact]
    public void Blank_header_name()
    {
        var options = new CriTracingOptions();
        options.Headers[" "] = "x";

        Assert.Equal(["CriTracing:Headers has a blank header name."], Failures(options));
    }

    [Fact]
    public void Binding_with_validation_on_start_rejects_a_bad_section()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["CriTracing:Enabled"] = "true",
                ["CriTracing:SamplingRatePerMillion"] = "2000000",
                ["CriTracing:Headers:authorization"] = "Bearer t",
            })
            .Build();
        using var services = new ServiceCollection()
            .AddSingleton<IValidateOptions<CriTracingOptions>, CriTracingOptionsValidator>()
            .AddOptions<CriTracingOptions>().Bind(configuration.GetSection(CriTracingOptions.SectionName)).ValidateOnStart().Services
            .BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<CriTracingOptions>>().Value);

        Assert.Equal(["CriTracing:SamplingRatePerMillion must be between 0 and 1000000; found 2000000."], error.Failures);
    }

    [Fact]
    public void Binding_fills_every_property_including_the_dictionaries()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["CriTracing:Enabled"] = "true",
                ["CriTracing:Protocol"] = "HttpProtobuf",
                ["CriTracing:Endpoint"] = "https://collector:4318/v1/traces",
                ["CriTracing:Insecure"] = "false",
                ["CriTracing:Headers:authorization"] = "Bearer t",
                ["CriTracing:ResourceAttributes:k8s.node.name"] = "node-1",
            })
            .Build();

        var options = ConfigurationTestKit.Bind(configuration);

        Assert.Equal((true, OtlpProtocol.HttpProtobuf, false), (options.Enabled, options.Protocol, options.Insecure));
        Assert.Equal("Bearer t", options.Headers["Authorization"]);
        Assert.Equal("node-1", options.ResourceAttributes["k8s.node.name"]);
        Assert.Empty(Failures(options));
    }

    private static IEnumerable<string> Failures(CriTracingOptions options)
        => new CriTracingOptionsValidator().Validate(null, options).Failures ?? [];
}
