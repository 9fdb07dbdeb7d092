using System.Globalization;
using Cri.Tracing.Configuration;
using Microsoft.Extensions.Configuration;
using static Cri.Tracing.Tests.Configuration.ConfigurationTestKit;

namespace Cri.Tracing.Tests.Configuration;

public sealed class ContainerdConfigurationTests : IDisposable
{
    private const string Otlp = "[plugins.\"io.containerd.tracing.processor.v1.otlp\"]";
    private const string Tracing = "[plugins.\"io.containerd.internal.v1.tracing\"]";

    private readonly TempDirectory temp = new();

    public void Dispose() => this.temp.Dispose();

    [Fact]
    public void Http_endpoint_with_both_tables_as_the_containerd_docs_show()
    {
        var path = this.temp.Write("config.toml", $"""
            version = 2
            root = "/var/lib/containerd"

            [grpc]
              address = "/run/containerd/containerd.sock"

            [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
              runtime_type = "io.containerd.runc.v2"

            {Otlp}
              endpoint = "http://collector:4318/ignored/path"

            {Tracing}
              sampling_ratio = 0.25
              service_name = "containerd-node-1"
            """);

        var configuration = this.Load(path);
        var options = Bind(configuration);

        Assert.True(options.Enabled);
        Assert.Equal(OtlpProtocol.HttpProtobuf, options.Protocol);
        Assert.Equal("http://collector:4318/v1/traces", options.Endpoint);
        Assert.True(options.Insecure);
        Assert.Equal(250_000, options.SamplingRatePerMillion);
        Assert.Equal("containerd-node-1", options.ServiceName);
        Assert.Equal(LineOf(path, "endpoint ="), SourceOf(configuration, "Endpoint"));
        Assert.Equal(LineOf(path, "sampling_ratio"), SourceOf(configuration, "SamplingRatePerMillion"));
        Assert.Equal($"{path} (containerd default)", SourceOf(configuration, "Protocol"));
    }

    [Fact]
    public void Https_endpoint_uses_TLS()
    {
        var path = this.temp.Write("config.toml", $"{Otlp}\nendpoint = \"https://collector:4318\"\n");

        var options = Bind(this.Load(path));

        Assert.Equal(("https://collector:4318/v1/traces", false), (options.Endpoint, options.Insecure));
    }

    [Fact]
    public void Omitted_settings_take_containerd_defaults()
    {
        var path = this.temp.Write("config.toml", $"{Otlp}\nendpoint = \"http://localhost:4318\"\n");

        var configuration = this.Load(path);
        var options = Bind(configuration);

        Assert.Equal((1_000_000, "containerd"), (options.SamplingRatePerMillion, options.ServiceName));
        Assert.Equal($"{path} (containerd default)", SourceOf(configuration, "SamplingRatePerMillion"));
        Assert.Equal($"{path} (containerd default)", SourceOf(configuration, "ServiceName"));
    }

    [Fact]
    public void Grpc_keeps_the_endpoint_and_takes_insecure_from_the_file()
    {
        var path = this.temp.Write("config.toml", $"{Otlp}\nendpoint = \"collector:4317\"\nprotocol = \"grpc\"\ninsecure = true\n{Tracing}\nsampling_ratio = 1\n");

        var configuration = this.Load(path);
        var options = Bind(configuration);

        Assert.Equal((OtlpProtocol.Grpc, "collector:4317", true, 1_000_000), (options.Protocol, options.Endpoint, options.Insecure, options.SamplingRatePerMillion));
        Assert.Equal(LineOf(path, "insecure"), SourceOf(configuration, "Insecure"));
    }

    [Fact]
    public void Grpc_defaults_to_TLS()
    {
        var path = this.temp.Write("config.toml", $"{Otlp}\nendpoint = \"collector:4317\"\nprotocol = \"grpc\"\n");

        Assert.False(Bind(this.Load(path)).Insecure);
    }

    [Theory]
    [InlineData($"{Tracing}\nsampling_ratio = 0.5\n")]
    [InlineData($"{Otlp}\nprotocol = \"grpc\"\n")]
    [InlineData($"{Otlp}\nendpoint = \"\"\n")]
    public void Without_an_endpoint_containerd_does_not_trace_and_nothing_is_set(string text)
    {
        var path = this.temp.Write("config.toml", text);

        var configuration = this.Load(path);

        Assert.All(CriTracingConfiguration.Explain(configuration), setting => Assert.Equal("default", setting.Source));
        Assert.Equal(
            $"{path}: [plugins.\"io.containerd.tracing.processor.v1.otlp\"] has no endpoint, so containerd does not trace; its tracing tables are ignored.",
            Assert.Single(CriTracingConfiguration.GetWarnings(configuration)));
    }

    [Fact]
    public void A_file_without_tracing_tables_sets_nothing()
    {
        var path = this.temp.Write("config.toml", "version = 2\n[plugins.\"io.containerd.grpc.v1.cri\"]\nsandbox_image = \"registry.k8s.io/pause:3.10\"\n");

        var configuration = this.Load(path);

        Assert.All(CriTracingConfiguration.Explain(configuration), setting => Assert.Equal("default", setting.Source));
        Assert.Empty(CriTracingConfiguration.GetWarnings(configuration));
    }

    [Theory]
    [InlineData(0.0000004, 0)]
    [InlineData(0.0000005, 1)]
    [InlineData(0.1, 100_000)]
    [InlineData(0.3333335, 333_334)]
    public void Ratios_become_rates_rounded_half_away_from_zero(double ratio, int expected)
    {
        var path = this.temp.Write("config.toml", $"{Otlp}\nendpoint = \"http://localhost:4318\"\n{Tracing}\nsampling_ratio = {ratio.ToString("R", CultureInfo.InvariantCulture)}\n");

        Assert.Equal(expected, Bind(this.Load(path)).SamplingRatePerMillion);
    }

    [Fact]
    public void A_ratio_above_one_samples_everything_with_a_warning()
    {
        var path = this.temp.Write("config.toml", $"{Otlp}\nendpoint = \"http://localhost:4318\"\n{Tracing}\nsampling_ratio = 2.5\n");

        var configuration = this.Load(path);

        Assert.Equal(1_000_000, Bind(configuration).SamplingRatePerMillion);
        Assert.Equal($"{LineOf(path, "sampling_ratio")}: sampling ratio 2.5 is above 1; using 1 (every root span sampled).", Assert.Single(CriTracingConfiguration.GetWarnings(configuration)));
    }

    [Fact]
    public void An_unsupported_protocol_is_an_error()
    {
        var path = this.temp.Write("config.toml", $"{Otlp}\nendpoint = \"http://localhost:4318\"\nprotocol = \"http/json\"\n");

        var error = Assert.Throws<InvalidDataException>(() => this.Load(path));

        Assert.Equal($"{path}:3: plugins.\"io.containerd.tracing.processor.v1.otlp\".protocol: expected \"grpc\" or \"http/protobuf\", found \"http/json\" (containerd: not implemented)", error.Message);
    }

    [Fact]
    public void An_http_endpoint_that_is_not_a_url_is_an_error()
    {
        var path = this.temp.Write("config.toml", $"{Otlp}\nendpoint = \"localhost:4318\"\n");

        var error = Assert.Throws<InvalidDataException>(() => this.Load(path));

        Assert.Equal($"{path}:2: plugins.\"io.containerd.tracing.processor.v1.otlp\".endpoint: expected an http:// or https:// URL for protocol \"http/protobuf\", found \"localhost:4318\"", error.Message);
    }

    [Fact]
    public void A_value_of_the_wrong_type_is_an_error()
    {
        var path = this.temp.Write("config.toml", $"{Otlp}\nendpoint = \"http://localhost:4318\"\n\n{Tracing}\nsampling_ratio = \"0.5\"\n");

        var error = Assert.Throws<InvalidDataException>(() => this.Load(path));

        Assert.Equal($"{path}:5: plugins.\"io.containerd.internal.v1.tracing\".sampling_ratio: expected a number, found string \"0.5\"", error.Message);
    }

    [Fact]
    public void Invalid_TOML_is_an_error_with_file_line_and_column()
    {
        var path = this.temp.Write("config.toml", "version = 2\n[plugins\n");

        var error = Assert.Throws<InvalidDataException>(() => this.Load(path));

        Assert.StartsWith($"{path}:2:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_an_error_unless_optional()
    {
        var path = this.temp.Combine("config.toml");

        var error = Assert.Throws<FileNotFoundException>(() => this.Load(path));
        var optional = Build(builder => builder.AddContainerdConfiguration(path, optional: true));

        Assert.Equal($"{path}: no such file or directory", error.Message);
        Assert.All(CriTracingConfiguration.Explain(optional), setting => Assert.Equal("default", setting.Source));
    }

    private IConfigurationRoot Load(string path) => Build(builder => builder.AddContainerdConfiguration(path));
}
