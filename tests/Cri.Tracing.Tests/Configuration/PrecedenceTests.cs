using Cri.Tracing.Configuration;
using Microsoft.Extensions.Configuration;
using static Cri.Tracing.Tests.Configuration.ConfigurationTestKit;

namespace Cri.Tracing.Tests.Configuration;

/// <summary>
/// The documented order, lowest first: defaults &lt; containerd TOML &lt; CRI-O file &lt; CRI-O drop-ins &lt;
/// Kubernetes file &lt; OTEL_* &lt; CONTAINER_* &lt; flags. Each layer sets the endpoint, so removing the top layer
/// one by one must reveal the next.
/// </summary>
public sealed class PrecedenceTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly string containerd;
    private readonly string crioFile;
    private readonly string dropIn;
    private readonly string kubernetes;

    public PrecedenceTests()
    {
        this.containerd = this.temp.Write("containerd.toml", "[plugins.\"io.containerd.tracing.processor.v1.otlp\"]\nendpoint = \"http://containerd:4318\"\n");
        this.crioFile = this.temp.Write("crio.conf", "[crio.tracing]\ntracing_endpoint = \"crio-file:4317\"\n");
        this.dropIn = this.temp.Write("crio.conf.d/10-tracing.conf", "[crio.tracing]\ntracing_endpoint = \"crio-drop-in:4317\"\n");
        this.kubernetes = this.temp.Write("tracing.yaml", "apiVersion: apiserver.config.k8s.io/v1\nkind: TracingConfiguration\nendpoint: kubernetes:4317\n");
    }

    public void Dispose() => this.temp.Dispose();

    public static TheoryData<int, string, string> Layers => new()
    {
        { 8, "flag:4317", "flag --tracing-endpoint" },
        { 7, "container-env:4317", "env CONTAINER_TRACING_ENDPOINT" },
        { 6, "otel-env:4317", "env OTEL_EXPORTER_OTLP_TRACES_ENDPOINT" },
        { 5, "kubernetes:4317", "{kubernetes}:3" },
        { 4, "crio-drop-in:4317", "{dropIn}:2" },
        { 3, "crio-file:4317", "{crioFile}:2" },
        { 2, "http://containerd:4318/v1/traces", "{containerd}:2" },
        { 1, "127.0.0.1:4317", "default" },
    };

    [Theory]
    [MemberData(nameof(Layers))]
    public void Each_layer_wins_over_every_layer_below_it(int layers, string endpoint, string source)
    {
        var configuration = this.BuildLayers(layers);

        Assert.Equal(endpoint, Bind(configuration).Endpoint);
        Assert.Equal(
            source.Replace("{kubernetes}", this.kubernetes, StringComparison.Ordinal)
                .Replace("{dropIn}", this.dropIn, StringComparison.Ordinal)
                .Replace("{crioFile}", this.crioFile, StringComparison.Ordinal)
                .Replace("{containerd}", this.containerd, StringComparison.Ordinal),
            SourceOf(configuration, "Endpoint"));
    }

    [Fact]
    public void Layers_overlay_key_by_key()
    {
        var configuration = Build(builder => builder
            .AddCrioConfiguration(["--config", this.temp.Write("rate.conf", "[crio.tracing]\ntracing_sampling_rate_per_million = 42\n"), "--config-dir", this.temp.Combine("none")], Env())
            .AddCrioEnvironmentVariables(Env(("CONTAINER_ENABLE_TRACING", "true")))
            .AddCrioCommandLine(["--tracing-endpoint", "flag:4317"]));

        var options = Bind(configuration);

        Assert.Equal((true, "flag:4317", 42), (options.Enabled, options.Endpoint, options.SamplingRatePerMillion));
    }

    [Fact]
    public void Sources_added_after_ours_win_as_usual_and_are_described_by_the_provider()
    {
        var configuration = Build(builder => builder
            .AddCrioCommandLine(["--tracing-endpoint", "flag:4317"])
            .AddInMemoryCollection(new Dictionary<string, string?> { ["CriTracing:Endpoint"] = "memory:4317", ["CriTracing:Headers:authorization"] = "Bearer t" }));

        Assert.Equal("memory:4317", Bind(configuration).Endpoint);
        Assert.Equal("MemoryConfigurationProvider", SourceOf(configuration, "Endpoint"));
        Assert.Equal("MemoryConfigurationProvider", SourceOf(configuration, "Headers:authorization"));
    }

    [Fact]
    public void Appsettings_added_first_are_overridden_by_the_runtime_sources()
    {
        var appsettings = this.temp.Write("appsettings.json", """{ "CriTracing": { "Enabled": true, "ServiceName": "my-runtime", "Endpoint": "json:4317" } }""");

        var configuration = Build(builder => builder
            .AddJsonFile(appsettings)
            .AddCrioCommandLine(["--tracing-endpoint", "flag:4317"]));
        var options = Bind(configuration);

        Assert.Equal((true, "my-runtime", "flag:4317"), (options.Enabled, options.ServiceName, options.Endpoint));
        Assert.Equal(appsettings, SourceOf(configuration, "ServiceName"));
    }

    [Fact]
    public void Explain_lists_every_scalar_setting_in_a_fixed_order_with_defaults()
    {
        var settings = CriTracingConfiguration.Explain(Build(_ => { }));

        Assert.Equal(
            [
                "Enabled = false (default)",
                "Endpoint = 127.0.0.1:4317 (default)",
                "Protocol = Grpc (default)",
                "SamplingRatePerMillion = 0 (default)",
                "ServiceName =  (default)",
                "Insecure = true (default)",
                "CertificateAuthorityFile =  (default)",
                "ClientCertificateFile =  (default)",
                "ClientKeyFile =  (default)",
            ],
            settings.Select(setting => setting.ToString()));
    }

    [Fact]
    public void The_whole_stack_in_one_call_follows_the_documented_order()
    {
        var env = Env(
            ("CONTAINER_CONFIG_DIR", this.temp.Combine("crio.conf.d")),
            ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "otel-env:4317"),
            ("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "grpc"),
            ("CONTAINER_TRACING_SAMPLING_RATE_PER_MILLION", "7"));

        var configuration = Build(builder => builder
            .AddContainerdConfiguration(this.containerd)
            .AddCriTracingConfiguration(["--config", this.crioFile, "--tracing-config-file", this.kubernetes, "--enable-tracing=false"], env));
        var options = Bind(configuration);

        Assert.Equal((false, "otel-env:4317", 7, OtlpProtocol.Grpc, "containerd"), (options.Enabled, options.Endpoint, options.SamplingRatePerMillion, options.Protocol, options.ServiceName));
        Assert.Equal("flag --enable-tracing", SourceOf(configuration, "Enabled"));
        Assert.Equal($"{this.containerd} (containerd default)", SourceOf(configuration, "ServiceName"));
    }

    private IConfigurationRoot BuildLayers(int layers)
    {
        var env = new Dictionary<string, string>();
        if (layers >= 6)
        {
            env["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] = "otel-env:4317";
        }

        if (layers >= 7)
        {
            env["CONTAINER_TRACING_ENDPOINT"] = "container-env:4317";
        }

        return ConfigurationTestKit.Build(builder =>
        {
            if (layers >= 2)
            {
                builder.AddContainerdConfiguration(this.containerd);
            }

            if (layers >= 3)
            {
                builder.AddCrioConfiguration(["--config", this.crioFile, "--config-dir", this.temp.Combine(layers >= 4 ? "crio.conf.d" : "none")], env);
            }

            if (layers >= 5)
            {
                builder.AddKubernetesTracingConfiguration(this.kubernetes);
            }

            builder.AddOpenTelemetryEnvironment(env).AddCrioEnvironmentVariables(env);
            if (layers >= 8)
            {
                builder.AddCrioCommandLine(["--tracing-endpoint", "flag:4317"]);
            }
        });
    }
}
