using Cri.Tracing.Configuration;
using Microsoft.Extensions.Configuration;
using static Cri.Tracing.Tests.Configuration.ConfigurationTestKit;

namespace Cri.Tracing.Tests.Configuration;

public sealed class KubernetesTracingConfigurationTests : IDisposable
{
    private const string Decode = "unable to decode tracing configuration data";

    private readonly TempDirectory temp = new();

    public void Dispose() => this.temp.Dispose();

    [Theory]
    [InlineData("v1")]
    [InlineData("v1beta1")]
    [InlineData("v1alpha1")]
    public void Apiserver_TracingConfiguration_turns_tracing_on_with_its_fields(string version)
    {
        var path = this.temp.Write("tracing.yaml", $"""
            apiVersion: apiserver.config.k8s.io/{version}
            kind: TracingConfiguration
            endpoint: otel-collector.monitoring:4317
            samplingRatePerMillion: 100
            """);

        var configuration = this.Load(path);
        var options = Bind(configuration);

        Assert.Equal((true, "otel-collector.monitoring:4317", 100), (options.Enabled, options.Endpoint, options.SamplingRatePerMillion));
        Assert.Equal(path, SourceOf(configuration, "Enabled"));
        Assert.Equal($"{path}:3", SourceOf(configuration, "Endpoint"));
        Assert.Equal($"{path}:4", SourceOf(configuration, "SamplingRatePerMillion"));
    }

    [Fact]
    public void Omitted_fields_take_Kubernetes_defaults()
    {
        var path = this.temp.Write("tracing.yaml", "apiVersion: apiserver.config.k8s.io/v1\nkind: TracingConfiguration\n");

        var configuration = this.Load(path);
        var options = Bind(configuration);

        Assert.Equal((true, "localhost:4317", 0), (options.Enabled, options.Endpoint, options.SamplingRatePerMillion));
        Assert.Equal($"{path} (Kubernetes default)", SourceOf(configuration, "Endpoint"));
        Assert.Equal($"{path} (Kubernetes default)", SourceOf(configuration, "SamplingRatePerMillion"));
    }

    [Fact]
    public void Null_fields_are_omitted_fields()
    {
        var path = this.temp.Write("tracing.yaml", "apiVersion: apiserver.config.k8s.io/v1\nkind: TracingConfiguration\nendpoint: null\nsamplingRatePerMillion: ~\n");

        var options = Bind(this.Load(path));

        Assert.Equal(("localhost:4317", 0), (options.Endpoint, options.SamplingRatePerMillion));
    }

    [Fact]
    public void Json_form_loads()
    {
        var path = this.temp.Write("tracing.json", """
            {
              "apiVersion": "apiserver.config.k8s.io/v1beta1",
              "kind": "TracingConfiguration",
              "endpoint": "unix:///var/run/otel/otel.sock",
              "samplingRatePerMillion": 1000000
            }
            """);

        var configuration = this.Load(path);
        var options = Bind(configuration);

        Assert.Equal((true, "unix:///var/run/otel/otel.sock", 1_000_000), (options.Enabled, options.Endpoint, options.SamplingRatePerMillion));
        Assert.Equal($"{path}:4", SourceOf(configuration, "Endpoint"));
    }

    [Fact]
    public void Kubelet_configuration_reads_its_tracing_block_and_ignores_every_other_field()
    {
        var path = this.temp.Write("kubelet.yaml", """
            apiVersion: kubelet.config.k8s.io/v1beta1
            kind: KubeletConfiguration
            authentication:
              anonymous:
                enabled: false
            clusterDNS:
              - 10.96.0.10
            cgroupDriver: systemd
            featureGates:
              KubeletTracing: true
            tracing:
              endpoint: otel-collector:4317
              samplingRatePerMillion: 250
            containerRuntimeEndpoint: unix:///var/run/crio/crio.sock
            """);

        var configuration = this.Load(path);
        var options = Bind(configuration);

        Assert.Equal((true, "otel-collector:4317", 250), (options.Enabled, options.Endpoint, options.SamplingRatePerMillion));
        Assert.Equal($"{path}:11", SourceOf(configuration, "Enabled"));
        Assert.Equal($"{path}:12", SourceOf(configuration, "Endpoint"));
        Assert.Empty(CriTracingConfiguration.GetWarnings(configuration));
    }

    [Fact]
    public void Kubelet_configuration_in_json_loads()
    {
        var path = this.temp.Write("kubelet.json", """{"apiVersion":"kubelet.config.k8s.io/v1beta1","kind":"KubeletConfiguration","tracing":{"samplingRatePerMillion":5}}""");

        var options = Bind(this.Load(path));

        Assert.Equal((true, "localhost:4317", 5), (options.Enabled, options.Endpoint, options.SamplingRatePerMillion));
    }

    [Fact]
    public void Kubelet_configuration_without_tracing_does_not_turn_tracing_on_and_says_so()
    {
        var path = this.temp.Write("kubelet.yaml", "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\ncgroupDriver: systemd\n");

        var configuration = this.Load(path);

        Assert.False(Bind(configuration).Enabled);
        Assert.Equal($"{path}: the KubeletConfiguration has no tracing block, so it does not turn tracing on.", Assert.Single(CriTracingConfiguration.GetWarnings(configuration)));
    }

    [Fact]
    public void Kubelet_configuration_decodes_leniently_with_a_warning_as_the_kubelet_does()
    {
        var path = this.temp.Write("kubelet.yaml", """
            apiVersion: kubelet.config.k8s.io/v1beta1
            kind: KubeletConfiguration
            tracing:
              endpoint: first:4317
              endpoint: second:4317
              samplingRate: 7
            """);

        var configuration = this.Load(path);

        Assert.Equal("second:4317", Bind(configuration).Endpoint);
        Assert.Equal(
            $"{path}: strict decoding error: error converting YAML to JSON: yaml: unmarshal errors:\n  line 5: key \"endpoint\" already set in map, unknown field \"tracing.samplingRate\" (ignored: the kubelet falls back to lenient decoding)",
            Assert.Single(CriTracingConfiguration.GetWarnings(configuration)));
    }

    [Fact]
    public void Unknown_field_is_a_strict_decoding_error()
    {
        var path = this.temp.Write("tracing.yaml", "apiVersion: apiserver.config.k8s.io/v1\nkind: TracingConfiguration\nendpoint: localhost:4317\nsamplingRate: 100\n");

        var error = Assert.Throws<InvalidDataException>(() => this.Load(path));

        Assert.Equal($"{path}: {Decode}: strict decoding error: unknown field \"samplingRate\"", error.Message);
    }

    [Fact]
    public void Field_names_are_case_sensitive()
    {
        var path = this.temp.Write("tracing.yaml", "apiVersion: apiserver.config.k8s.io/v1\nkind: TracingConfiguration\nEndpoint: localhost:4317\n");

        var error = Assert.Throws<InvalidDataException>(() => this.Load(path));

        Assert.Equal($"{path}: {Decode}: strict decoding error: unknown field \"Endpoint\"", error.Message);
    }

    [Fact]
    public void Duplicate_field_in_yaml_is_a_strict_decoding_error_with_the_line()
    {
        var path = this.temp.Write("tracing.yaml", "apiVersion: apiserver.config.k8s.io/v1\nkind: TracingConfiguration\nendpoint: a:4317\nendpoint: b:4317\n");

        var error = Assert.Throws<InvalidDataException>(() => this.Load(path));

        Assert.Equal($"{path}: {Decode}: strict decoding error: error converting YAML to JSON: yaml: unmarshal errors:\n  line 4: key \"endpoint\" already set in map", error.Message);
    }

    [Fact]
    public void Duplicate_field_in_json_is_a_strict_decoding_error()
    {
        var path = this.temp.Write("tracing.json", """{"apiVersion":"apiserver.config.k8s.io/v1","kind":"TracingConfiguration","samplingRatePerMillion":1,"samplingRatePerMillion":2,"x":0}""");

        var error = Assert.Throws<InvalidDataException>(() => this.Load(path));

        Assert.Equal($"{path}: {Decode}: strict decoding error: duplicate field \"samplingRatePerMillion\", unknown field \"x\"", error.Message);
    }

    [Theory]
    [InlineData("samplingRatePerMillion: 1000001", "tracing.samplingRatePerMillion: Invalid value: 1000001: sampling rate per million must be less than or equal to one million")]
    [InlineData("samplingRatePerMillion: -1", "tracing.samplingRatePerMillion: Invalid value: -1: sampling rate must be positive")]
    [InlineData("endpoint: http://localhost:4317", "tracing.endpoint: Invalid value: \"http://localhost:4317\": unsupported scheme: http.  Options are none, dns, unix, or unix-abstract.  See https://github.com/grpc/grpc/blob/master/doc/naming.md")]
    [InlineData("endpoint: localhost:abc", "tracing.endpoint: Invalid value: \"dns://localhost:abc\": parse \"dns://localhost:abc\": invalid port \":abc\" after host")]
    [InlineData("endpoint: \"://x//\"", "tracing.endpoint: Invalid value: \"://x//\": parse \"://x//\": missing protocol scheme")]
    // Without "//" Kubernetes prefixes dns://, so gRPC's short unix-abstract:name form fails as a port.
    [InlineData("endpoint: unix-abstract:otel", "tracing.endpoint: Invalid value: \"dns://unix-abstract:otel\": parse \"dns://unix-abstract:otel\": invalid port \":otel\" after host")]
    [InlineData("endpoint: //collector:4317", "tracing.endpoint: Invalid value: \"//collector:4317\": unsupported scheme: .  Options are none, dns, unix, or unix-abstract.  See https://github.com/grpc/grpc/blob/master/doc/naming.md")]
    public void Validation_errors_carry_Kubernetes_messages_after_the_path(string field, string expected)
    {
        var path = this.temp.Write("tracing.yaml", $"apiVersion: apiserver.config.k8s.io/v1\nkind: TracingConfiguration\n{field}\n");

        var error = Assert.Throws<InvalidDataException>(() => this.Load(path));

        Assert.Equal($"{path}: {expected}", error.Message);
    }

    [Theory]
    [InlineData("localhost:4317")]
    [InlineData("dns:///collector.monitoring:4317")]
    [InlineData("unix:///var/run/otel.sock")]
    [InlineData("unix-abstract://otel")]
    [InlineData("[::1]:4317")]
    public void Valid_endpoints_pass(string endpoint)
    {
        var path = this.temp.Write("tracing.yaml", $"apiVersion: apiserver.config.k8s.io/v1\nkind: TracingConfiguration\nendpoint: \"{endpoint}\"\n");

        Assert.Equal(endpoint, Bind(this.Load(path)).Endpoint);
    }

    [Fact]
    public void Several_validation_errors_are_aggregated_as_Kubernetes_prints_them()
    {
        var path = this.temp.Write("kubelet.yaml", "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\ntracing:\n  endpoint: https://collector\n  samplingRatePerMillion: 2000000\n");

        var error = Assert.Throws<InvalidDataException>(() => this.Load(path));

        Assert.Equal(
            $"{path}: [tracing.samplingRatePerMillion: Invalid value: 2000000: sampling rate per million must be less than or equal to one million, tracing.endpoint: Invalid value: \"https://collector\": unsupported scheme: https.  Options are none, dns, unix, or unix-abstract.  See https://github.com/grpc/grpc/blob/master/doc/naming.md]",
            error.Message);
    }

    [Theory]
    [InlineData("endpoint: 4317", "json: cannot unmarshal number into Go struct field TracingConfiguration.endpoint of type string")]
    [InlineData("endpoint: yes", "json: cannot unmarshal bool into Go struct field TracingConfiguration.endpoint of type string")]
    [InlineData("endpoint: [a]", "json: cannot unmarshal array into Go struct field TracingConfiguration.endpoint of type string")]
    [InlineData("samplingRatePerMillion: \"100\"", "json: cannot unmarshal string into Go struct field TracingConfiguration.samplingRatePerMillion of type int32")]
    [InlineData("samplingRatePerMillion: 1.5", "json: cannot unmarshal number 1.5 into Go struct field TracingConfiguration.samplingRatePerMillion of type int32")]
    [InlineData("samplingRatePerMillion: 3000000000", "json: cannot unmarshal number 3000000000 into Go struct field TracingConfiguration.samplingRatePerMillion of type int32")]
    public void Wrong_types_are_decoding_errors(string field, string expected)
    {
        var path = this.temp.Write("tracing.yaml", $"apiVersion: apiserver.config.k8s.io/v1\nkind: TracingConfiguration\n{field}\n");

        var error = Assert.Throws<InvalidDataException>(() => this.Load(path));

        Assert.Equal($"{path}: {Decode}: {expected}", error.Message);
    }

    [Theory]
    [InlineData("apiVersion: apiserver.config.k8s.io/v1\n", "Object 'Kind' is missing")]
    [InlineData("kind: TracingConfiguration\n", "Object 'apiVersion' is missing")]
    [InlineData("", "Object 'Kind' is missing")]
    [InlineData("- a\n", "Object 'Kind' is missing")]
    [InlineData("apiVersion: apiserver.config.k8s.io/v2\nkind: TracingConfiguration\n", "no kind \"TracingConfiguration\" is registered for version \"apiserver.config.k8s.io/v2\"")]
    [InlineData("apiVersion: apiserver.config.k8s.io/v1\nkind: EgressSelectorConfiguration\n", "no kind \"EgressSelectorConfiguration\" is registered for version \"apiserver.config.k8s.io/v1\"")]
    [InlineData("apiVersion: kubelet.config.k8s.io/v1beta1\nkind: TracingConfiguration\n", "no kind \"TracingConfiguration\" is registered for version \"kubelet.config.k8s.io/v1beta1\"")]
    public void Documents_of_another_kind_are_rejected(string text, string expected)
    {
        var path = this.temp.Write("tracing.yaml", text);

        var error = Assert.Throws<InvalidDataException>(() => this.Load(path));

        Assert.Equal($"{path}: {Decode}: {expected}", error.Message);
    }

    [Fact]
    public void Invalid_yaml_is_an_error_with_line_and_column()
    {
        var path = this.temp.Write("tracing.yaml", "apiVersion: apiserver.config.k8s.io/v1\nkind: TracingConfiguration\nendpoint: [a\n");

        var error = Assert.Throws<InvalidDataException>(() => this.Load(path));

        Assert.Matches($@"^{System.Text.RegularExpressions.Regex.Escape(path)}:\d+:\d+: {Decode}: yaml: .+", error.Message);
    }

    [Fact]
    public void A_missing_file_is_an_error()
    {
        var path = this.temp.Combine("missing.yaml");

        var error = Assert.Throws<FileNotFoundException>(() => this.Load(path));

        Assert.Equal($"{path}: no such file or directory", error.Message);
    }

    [Fact]
    public void Anchors_and_aliases_resolve()
    {
        var path = this.temp.Write("tracing.yaml", "apiVersion: apiserver.config.k8s.io/v1\nkind: TracingConfiguration\nx-defaults: &endpoint collector:4317\nendpoint: *endpoint\n");

        var error = Assert.Throws<InvalidDataException>(() => this.Load(path));

        // The alias resolves, so the only complaint is the unknown helper field.
        Assert.Equal($"{path}: {Decode}: strict decoding error: unknown field \"x-defaults\"", error.Message);
    }

    private IConfigurationRoot Load(string path) => Build(builder => builder.AddKubernetesTracingConfiguration(path));
}
