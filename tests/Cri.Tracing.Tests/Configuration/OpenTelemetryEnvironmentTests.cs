using Cri.Tracing.Configuration;
using Microsoft.Extensions.Configuration;
using static Cri.Tracing.Tests.Configuration.ConfigurationTestKit;

namespace Cri.Tracing.Tests.Configuration;

public sealed class OpenTelemetryEnvironmentTests
{
    [Fact]
    public void A_generic_endpoint_turns_tracing_on_over_http_with_the_traces_path_appended()
    {
        var configuration = Load(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/"));
        var options = Bind(configuration);

        Assert.Equal((true, OtlpProtocol.HttpProtobuf, "http://collector:4318/v1/traces", true), (options.Enabled, options.Protocol, options.Endpoint, options.Insecure));
        Assert.Equal("env OTEL_EXPORTER_OTLP_ENDPOINT", SourceOf(configuration, "Enabled"));
        Assert.Equal("env OTEL_EXPORTER_OTLP_ENDPOINT (OpenTelemetry default protocol)", SourceOf(configuration, "Protocol"));
    }

    [Fact]
    public void The_traces_endpoint_wins_and_is_used_as_is()
    {
        var configuration = Load(
            ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://generic:4318"),
            ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "https://traces:4318/custom/path"));
        var options = Bind(configuration);

        Assert.Equal(("https://traces:4318/custom/path", false), (options.Endpoint, options.Insecure));
        Assert.Equal("env OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", SourceOf(configuration, "Endpoint"));
    }

    [Fact]
    public void Grpc_uses_the_generic_endpoint_as_is_and_insecure_from_the_variable()
    {
        var configuration = Load(
            ("OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4317"),
            ("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"),
            ("OTEL_EXPORTER_OTLP_INSECURE", "TRUE"));
        var options = Bind(configuration);

        Assert.Equal((OtlpProtocol.Grpc, "collector:4317", true), (options.Protocol, options.Endpoint, options.Insecure));
        Assert.Equal("env OTEL_EXPORTER_OTLP_PROTOCOL", SourceOf(configuration, "Protocol"));
        Assert.Equal("env OTEL_EXPORTER_OTLP_INSECURE", SourceOf(configuration, "Insecure"));
    }

    [Fact]
    public void An_endpoint_without_a_scheme_defaults_to_TLS()
    {
        var configuration = Load(("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "collector:4317"), ("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "grpc"));

        Assert.False(Bind(configuration).Insecure);
        Assert.Equal("env OTEL_EXPORTER_OTLP_TRACES_ENDPOINT (OpenTelemetry default)", SourceOf(configuration, "Insecure"));
    }

    [Fact]
    public void Empty_variables_are_unset()
    {
        var configuration = Load(("OTEL_EXPORTER_OTLP_ENDPOINT", string.Empty), ("OTEL_SERVICE_NAME", string.Empty), ("OTEL_TRACES_SAMPLER", string.Empty));

        Assert.All(CriTracingConfiguration.Explain(configuration), setting => Assert.Equal("default", setting.Source));
    }

    [Theory]
    [InlineData("always_on", null, 1_000_000, true)]
    [InlineData("always_off", null, 0, true)]
    [InlineData("traceidratio", "0.5", 500_000, true)]
    [InlineData("parentbased_always_on", null, 1_000_000, false)]
    [InlineData("parentbased_always_off", null, 0, false)]
    [InlineData("parentbased_traceidratio", "0.0001", 100, false)]
    [InlineData("parentbased_traceidratio", "1e-6", 1, false)]
    [InlineData("parentbased_traceidratio", "0.0000015", 2, false)]
    [InlineData("parentbased_traceidratio", null, 1_000_000, false)]
    [InlineData("PARENTBASED_TRACEIDRATIO", "0.25", 250_000, false)]
    public void Samplers_map_to_a_rate_per_million(string sampler, string? argument, int expected, bool warnsNotParentBased)
    {
        var variables = new List<(string, string)> { ("OTEL_TRACES_SAMPLER", sampler) };
        if (argument is not null)
        {
            variables.Add(("OTEL_TRACES_SAMPLER_ARG", argument));
        }

        var configuration = Load([.. variables]);

        Assert.Equal(expected, Bind(configuration).SamplingRatePerMillion);
        Assert.Equal(argument is null ? "env OTEL_TRACES_SAMPLER" : "env OTEL_TRACES_SAMPLER_ARG", SourceOf(configuration, "SamplingRatePerMillion").Split(" (")[0]);
        Assert.Equal(warnsNotParentBased, CriTracingConfiguration.GetWarnings(configuration).Any(warning => warning.Contains("is treated as parentbased_", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1.5")]
    [InlineData("-0.1")]
    public void An_invalid_ratio_means_one_with_a_warning_as_in_OpenTelemetry(string argument)
    {
        var configuration = Load(("OTEL_TRACES_SAMPLER", "parentbased_traceidratio"), ("OTEL_TRACES_SAMPLER_ARG", argument));

        Assert.Equal(1_000_000, Bind(configuration).SamplingRatePerMillion);
        Assert.Equal(
            $"env OTEL_TRACES_SAMPLER_ARG: expected a ratio from 0 to 1, found \"{argument}\"; using 1 as OpenTelemetry does.",
            Assert.Single(CriTracingConfiguration.GetWarnings(configuration)));
    }

    [Fact]
    public void An_unsupported_sampler_is_ignored_with_a_warning()
    {
        var configuration = Load(("OTEL_TRACES_SAMPLER", "jaeger_remote"));

        Assert.Equal("default", SourceOf(configuration, "SamplingRatePerMillion"));
        Assert.Equal(
            "env OTEL_TRACES_SAMPLER: sampler \"jaeger_remote\" is not supported (use always_on, always_off, traceidratio or their parentbased_ forms); ignored.",
            Assert.Single(CriTracingConfiguration.GetWarnings(configuration)));
    }

    [Fact]
    public void Headers_are_parsed_percent_decoded_and_the_traces_variable_wins()
    {
        var generic = Bind(Load(("OTEL_EXPORTER_OTLP_HEADERS", "api-key=secret%20value, x-tenant = team-a ,broken,=novalue")));
        var traces = Bind(Load(("OTEL_EXPORTER_OTLP_HEADERS", "a=1"), ("OTEL_EXPORTER_OTLP_TRACES_HEADERS", "b=2")));

        Assert.Equal(new Dictionary<string, string> { ["api-key"] = "secret value", ["x-tenant"] = "team-a" }, generic.Headers);
        Assert.Equal(new Dictionary<string, string> { ["b"] = "2" }, traces.Headers);
    }

    [Fact]
    public void Malformed_list_entries_are_ignored_with_a_warning()
    {
        var configuration = Load(("OTEL_RESOURCE_ATTRIBUTES", "k8s.node.name=node-1,a:b=c,v=%zz"));

        Assert.Equal(new Dictionary<string, string> { ["k8s.node.name"] = "node-1" }, Bind(configuration).ResourceAttributes);
        Assert.Equal(
            [
                "env OTEL_RESOURCE_ATTRIBUTES: entry \"a:b=c\" is not key=value with a percent-encoded value and a key without ':'; ignored.",
                "env OTEL_RESOURCE_ATTRIBUTES: entry \"v=%zz\" is not key=value with a percent-encoded value and a key without ':'; ignored.",
            ],
            CriTracingConfiguration.GetWarnings(configuration));
    }

    [Fact]
    public void Service_name_and_resource_attributes_with_OTEL_SERVICE_NAME_winning()
    {
        var withBoth = Load(("OTEL_SERVICE_NAME", "crio"), ("OTEL_RESOURCE_ATTRIBUTES", "service.name=ignored,deployment.environment=prod"));
        var fromAttributes = Load(("OTEL_RESOURCE_ATTRIBUTES", "service.name=from-attributes"));

        Assert.Equal("crio", Bind(withBoth).ServiceName);
        Assert.Equal(new Dictionary<string, string> { ["deployment.environment"] = "prod" }, Bind(withBoth).ResourceAttributes);
        Assert.Equal("from-attributes", Bind(fromAttributes).ServiceName);
        Assert.Equal("env OTEL_RESOURCE_ATTRIBUTES", SourceOf(fromAttributes, "ServiceName"));
        Assert.Contains(CriTracingConfiguration.Explain(withBoth), setting => setting is { Key: "ResourceAttributes:deployment.environment", Value: "prod", Source: "env OTEL_RESOURCE_ATTRIBUTES" });
    }

    [Fact]
    public void Certificates_map_to_the_TLS_files()
    {
        var options = Bind(Load(
            ("OTEL_EXPORTER_OTLP_CERTIFICATE", "/etc/otel/ca.pem"),
            ("OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE", "/etc/otel/client.pem"),
            ("OTEL_EXPORTER_OTLP_CLIENT_KEY", "/etc/otel/client.key")));

        Assert.Equal(("/etc/otel/ca.pem", "/etc/otel/client.pem", "/etc/otel/client.key"), (options.CertificateAuthorityFile, options.ClientCertificateFile, options.ClientKeyFile));
    }

    [Fact]
    public void OTEL_SDK_DISABLED_turns_tracing_off_even_with_an_endpoint()
    {
        var configuration = Load(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318"), ("OTEL_SDK_DISABLED", "True"));

        Assert.False(Bind(configuration).Enabled);
        Assert.Equal("env OTEL_SDK_DISABLED", SourceOf(configuration, "Enabled"));
    }

    [Fact]
    public void Invalid_protocol_and_booleans_are_ignored_with_warnings()
    {
        var configuration = Load(("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json"), ("OTEL_SDK_DISABLED", "yes"), ("OTEL_EXPORTER_OTLP_INSECURE", "1"));

        Assert.All(CriTracingConfiguration.Explain(configuration), setting => Assert.Equal("default", setting.Source));
        Assert.Equal(
            [
                "env OTEL_EXPORTER_OTLP_PROTOCOL: expected grpc or http/protobuf, found \"http/json\"; ignored.",
                "env OTEL_EXPORTER_OTLP_INSECURE: expected true or false, found \"1\"; ignored.",
                "env OTEL_SDK_DISABLED: expected true or false, found \"yes\"; ignored.",
            ],
            CriTracingConfiguration.GetWarnings(configuration));
    }

    private static IConfigurationRoot Load(params (string Name, string Value)[] variables)
        => Build(builder => builder.AddOpenTelemetryEnvironment(Env(variables)));
}
