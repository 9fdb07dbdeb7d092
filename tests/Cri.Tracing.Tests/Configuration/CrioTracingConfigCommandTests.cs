using System.Collections;
using Cri.Tracing.Configuration;
using Microsoft.Extensions.Configuration;
using static Cri.Tracing.Tests.Configuration.ConfigurationTestKit;

namespace Cri.Tracing.Tests.Configuration;

public sealed class CrioTracingConfigCommandTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => this.temp.Dispose();

    [Fact]
    public void Renders_the_effective_table_with_a_source_comment_per_key()
    {
        var config = this.temp.Write("crio.conf", "[crio]\nroot = \"/var/lib/containers/storage\"\n");
        var dropIn = this.temp.Write("crio.conf.d/10-tracing.conf", "[crio.tracing]\n# on for this node\nenable_tracing = true\n");

        var (exitCode, output, error) = Run(["--config", config, "--config-dir", this.temp.Combine("crio.conf.d"), "--tracing-sampling-rate-per-million", "1000000"], Env());

        Assert.Equal(0, exitCode);
        Assert.Equal(string.Empty, error);
        Assert.Equal(
            $"""
            [crio.tracing]
            # from {dropIn}:3
            enable_tracing = true
            # default
            tracing_endpoint = "127.0.0.1:4317"
            # from flag --tracing-sampling-rate-per-million
            tracing_sampling_rate_per_million = 1000000

            """.ReplaceLineEndings("\n"),
            output);
    }

    [Fact]
    public void Environment_overrides_are_named()
    {
        var (exitCode, output, _) = Run(this.NoFiles(), Env(("CONTAINER_TRACING_ENDPOINT", "a \"quoted\" host:4317")));

        Assert.Equal(0, exitCode);
        Assert.Contains("# from env CONTAINER_TRACING_ENDPOINT\ntracing_endpoint = \"a \\\"quoted\\\" host:4317\"\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tracing_config_file_turns_tracing_on()
    {
        var tracing = this.temp.Write("tracing.yaml", "apiVersion: apiserver.config.k8s.io/v1\nkind: TracingConfiguration\nsamplingRatePerMillion: 10\n");

        var (exitCode, output, _) = Run([.. this.NoFiles(), "--tracing-config-file", tracing], Env());

        Assert.Equal(0, exitCode);
        Assert.Equal(
            $"""
            [crio.tracing]
            # from {tracing}
            enable_tracing = true
            # from {tracing} (Kubernetes default)
            tracing_endpoint = "localhost:4317"
            # from {tracing}:3
            tracing_sampling_rate_per_million = 10

            """.ReplaceLineEndings("\n"),
            output);
    }

    [Fact]
    public void A_kubelet_configuration_as_tracing_config_file_turns_tracing_on()
    {
        var kubelet = this.temp.Write("kubelet.yaml", "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\ntracing:\n  endpoint: collector:4317\n");

        var (exitCode, output, _) = Run([.. this.NoFiles(), "--tracing-config-file", kubelet], Env());

        Assert.Equal(0, exitCode);
        Assert.Contains($"# from {kubelet}:3\nenable_tracing = true\n# from {kubelet}:4\ntracing_endpoint = \"collector:4317\"\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Warnings_go_to_the_error_writer()
    {
        var (exitCode, output, error) = Run([.. this.NoFiles(), "--tracing-sampling-rate-per-million=2000000"], Env());

        Assert.Equal(0, exitCode);
        Assert.Contains("tracing_sampling_rate_per_million = 1000000\n", output, StringComparison.Ordinal);
        Assert.Equal("warning: flag --tracing-sampling-rate-per-million: sampling rate 2000000 per million is above one million; using 1000000 (every root span sampled) as CRI-O does.\n", error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void File_errors_exit_1_with_the_message()
    {
        var config = this.temp.Write("crio.conf", "[crio.tracing]\nenable_tracing = \"yes\"\n");

        var (exitCode, output, error) = Run(["--config", config, "--config-dir", this.temp.Combine("none")], Env());

        Assert.Equal(1, exitCode);
        Assert.Equal(string.Empty, output);
        Assert.Equal($"{config}:2: crio.tracing.enable_tracing: expected a boolean, found string \"yes\"\n", error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Missing_explicit_config_exits_1()
    {
        var missing = this.temp.Combine("missing.conf");

        var (exitCode, _, error) = Run(["--config", missing], Env());

        Assert.Equal(1, exitCode);
        Assert.Equal($"{missing}: no such file or directory\n", error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Invalid_settings_exit_1_with_the_validation_messages()
    {
        var (exitCode, _, error) = Run([.. this.NoFiles(), "--enable-tracing", "--tracing-endpoint="], Env());

        Assert.Equal(1, exitCode);
        Assert.Equal("CriTracing:Endpoint is required when CriTracing:Enabled is true.\n", error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Render_works_on_a_configuration_the_host_built()
    {
        var configuration = Build(builder => builder
            .AddInMemoryCollection(new Dictionary<string, string?> { ["CriTracing:Enabled"] = "true" })
            .AddCrioCommandLine(["--tracing-endpoint", "x:1"]));

        var text = CrioTracingConfigCommand.Render(configuration);

        Assert.Equal("[crio.tracing]\n# from MemoryConfigurationProvider\nenable_tracing = true\n# from flag --tracing-endpoint\ntracing_endpoint = \"x:1\"\n# default\ntracing_sampling_rate_per_million = 0\n", text);
    }

    private static (int ExitCode, string Output, string Error) Run(string[] args, IDictionary environment)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = CrioTracingConfigCommand.Run(args, environment, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }

    // Point CRI-O at an empty file and a missing directory so the machine's /etc/crio never leaks in.
    private string[] NoFiles() => ["--config", this.temp.Write("empty.conf", string.Empty), "--config-dir", this.temp.Combine("none")];
}
