using Cri.Tracing.Configuration;
using Microsoft.Extensions.Configuration;
using static Cri.Tracing.Tests.Configuration.ConfigurationTestKit;

namespace Cri.Tracing.Tests.Configuration;

public sealed class CrioConfigurationTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => this.temp.Dispose();

    [Fact]
    public void Realistic_crio_conf_loads_with_every_other_table_ignored()
    {
        this.temp.CopyFixtures();
        var configPath = this.temp.Combine("crio.conf");

        var configuration = this.BuildCrio(["--config", configPath, "--config-dir", this.temp.Combine("no-such-dir")]);
        var options = Bind(configuration);

        Assert.False(options.Enabled);
        Assert.Equal("127.0.0.1:4317", options.Endpoint);
        Assert.Equal(0, options.SamplingRatePerMillion);
        Assert.Equal(LineOf(configPath, "enable_tracing = false"), SourceOf(configuration, "Enabled"));
        Assert.Equal(LineOf(configPath, "tracing_endpoint = "), SourceOf(configuration, "Endpoint"));
        Assert.Equal(LineOf(configPath, "tracing_sampling_rate_per_million = "), SourceOf(configuration, "SamplingRatePerMillion"));
    }

    [Fact]
    public void Drop_ins_overlay_key_by_key_in_lexical_order_recursively_whatever_the_extension()
    {
        this.temp.CopyFixtures();
        var dropIns = this.temp.Combine("crio.conf.d");

        var configuration = this.BuildCrio(["--config", this.temp.Combine("crio.conf"), "--config-dir", dropIns]);
        var options = Bind(configuration);

        // 10-tracing.conf sets enable_tracing; nothing later does.
        Assert.True(options.Enabled);
        Assert.Equal(LineOf(Path.Combine(dropIns, "10-tracing.conf"), "enable_tracing"), SourceOf(configuration, "Enabled"));

        // 10-tracing.conf sets an endpoint, 30-endpoint.override (not .conf) replaces it.
        Assert.Equal("10.0.0.5:4317", options.Endpoint);
        Assert.Equal(LineOf(Path.Combine(dropIns, "30-endpoint.override"), "tracing_endpoint"), SourceOf(configuration, "Endpoint"));

        // 00-default.conf sets 100, the nested 20-nested/05-rate.toml (walked between 10- and 30-) sets 5000.
        Assert.Equal(5000, options.SamplingRatePerMillion);
        Assert.Equal(LineOf(Path.Combine(dropIns, "20-nested", "05-rate.toml"), "tracing_sampling_rate_per_million"), SourceOf(configuration, "SamplingRatePerMillion"));
    }

    [Fact]
    public void Lexical_order_is_ordinal_not_numeric()
    {
        var dropIns = this.temp.Combine("d");
        this.temp.Write("d/9.conf", "[crio.tracing]\ntracing_endpoint = \"nine:4317\"\n");
        this.temp.Write("d/10.conf", "[crio.tracing]\ntracing_endpoint = \"ten:4317\"\n");
        this.temp.Write("d/1.conf", "[crio.tracing]\ntracing_endpoint = \"one:4317\"\n");

        var options = Bind(this.BuildCrio(["--config-dir", dropIns, "--config", this.temp.Write("crio.conf", string.Empty)]));

        Assert.Equal("nine:4317", options.Endpoint);
    }

    [Fact]
    public void Files_are_located_by_CONTAINER_CONFIG_and_CONTAINER_CONFIG_DIR_and_flags_win_over_them()
    {
        var fromEnv = this.temp.Write("env.conf", "[crio.tracing]\nenable_tracing = true\n");
        var fromFlag = this.temp.Write("flag.conf", "[crio.tracing]\ntracing_endpoint = \"flag:4317\"\n");
        this.temp.Write("env.d/a.conf", "[crio.tracing]\ntracing_sampling_rate_per_million = 7\n");
        this.temp.Write("flag.d/a.conf", "[crio.tracing]\ntracing_sampling_rate_per_million = 8\n");
        var env = Env(("CONTAINER_CONFIG", fromEnv), ("CONTAINER_CONFIG_DIR", this.temp.Combine("env.d")));

        var fromVariables = Bind(Build(builder => builder.AddCrioConfiguration([], env)));
        var fromFlags = Bind(Build(builder => builder.AddCrioConfiguration(["-c", fromFlag, "-d", this.temp.Combine("flag.d")], env)));

        Assert.Equal((true, "127.0.0.1:4317", 7), (fromVariables.Enabled, fromVariables.Endpoint, fromVariables.SamplingRatePerMillion));
        Assert.Equal((false, "flag:4317", 8), (fromFlags.Enabled, fromFlags.Endpoint, fromFlags.SamplingRatePerMillion));
    }

    [Fact]
    public void A_missing_explicit_config_file_is_an_error()
    {
        var missing = this.temp.Combine("missing.conf");

        var error = Assert.Throws<FileNotFoundException>(() => this.BuildCrio(["--config", missing]));

        Assert.Equal($"{missing}: no such file or directory", error.Message);
    }

    [Fact]
    public void A_missing_file_named_by_CONTAINER_CONFIG_is_an_error()
    {
        var missing = this.temp.Combine("missing.conf");

        var error = Assert.Throws<FileNotFoundException>(() => Build(builder => builder.AddCrioConfiguration([], Env(("CONTAINER_CONFIG", missing)))));

        Assert.Equal($"{missing}: no such file or directory", error.Message);
    }

    [Fact]
    public void Missing_default_file_and_directory_are_skipped()
    {
        if (File.Exists("/etc/crio/crio.conf") || Directory.Exists("/etc/crio/crio.conf.d"))
        {
            Assert.Skip("This machine has a CRI-O configuration at the default paths.");
        }

        var configuration = Build(builder => builder.AddCrioConfiguration([], Env()));

        Assert.All(CriTracingConfiguration.Explain(configuration), setting => Assert.Equal("default", setting.Source));
    }

    [Fact]
    public void A_missing_explicit_directory_is_skipped_as_CRI_O_skips_it()
    {
        var config = this.temp.Write("crio.conf", "[crio.tracing]\nenable_tracing = true\n");

        var options = Bind(this.BuildCrio(["--config", config, "--config-dir", this.temp.Combine("missing.d")]));

        Assert.True(options.Enabled);
    }

    [Fact]
    public void A_config_dir_that_is_a_file_is_read_as_one_drop_in()
    {
        var dropIn = this.temp.Write("single-drop-in", "[crio.tracing]\ntracing_endpoint = \"single:4317\"\n");

        var options = Bind(this.BuildCrio(["--config", this.temp.Write("crio.conf", string.Empty), "--config-dir", dropIn]));

        Assert.Equal("single:4317", options.Endpoint);
    }

    [Fact]
    public void Invalid_TOML_is_an_error_with_file_line_and_column()
    {
        var config = this.temp.Write("crio.conf", "[crio]\nroot = \"/var/lib/containers\"\n[crio.tracing]\nenable_tracing = \n");

        var error = Assert.Throws<InvalidDataException>(() => this.BuildCrio(["--config", config]));

        Assert.StartsWith($"{config}:4:", error.Message, StringComparison.Ordinal);
        Assert.Matches(@"^.+:4:\d+: .+", error.Message);
    }

    [Fact]
    public void Invalid_TOML_in_a_drop_in_names_the_drop_in()
    {
        var dropIn = this.temp.Write("d/10-bad.conf", "[crio.tracing\n");

        var error = Assert.Throws<InvalidDataException>(() => this.BuildCrio(["--config", this.temp.Write("crio.conf", string.Empty), "--config-dir", this.temp.Combine("d")]));

        Assert.StartsWith($"{dropIn}:1:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("enable_tracing = \"yes\"", "crio.tracing.enable_tracing: expected a boolean, found string \"yes\"")]
    [InlineData("enable_tracing = 1", "crio.tracing.enable_tracing: expected a boolean, found integer 1")]
    [InlineData("tracing_endpoint = 4317", "crio.tracing.tracing_endpoint: expected a string, found integer 4317")]
    [InlineData("tracing_endpoint = [\"a:1\"]", "crio.tracing.tracing_endpoint: expected a string, found an array")]
    [InlineData("tracing_sampling_rate_per_million = 0.5", "crio.tracing.tracing_sampling_rate_per_million: expected an integer, found float 0.5")]
    [InlineData("tracing_sampling_rate_per_million = \"100\"", "crio.tracing.tracing_sampling_rate_per_million: expected an integer, found string \"100\"")]
    [InlineData("tracing_sampling_rate_per_million = { rate = 1 }", "crio.tracing.tracing_sampling_rate_per_million: expected an integer, found a table")]
    public void A_value_of_the_wrong_type_is_an_error_with_file_line_key_and_expected_type(string line, string expected)
    {
        var config = this.temp.Write("crio.conf", $"[crio]\nroot = \"/var/lib/containers\"\n\n[crio.tracing]\n{line}\n");

        var error = Assert.Throws<InvalidDataException>(() => this.BuildCrio(["--config", config]));

        Assert.Equal($"{config}:5: {expected}", error.Message);
    }

    [Fact]
    public void A_tracing_key_that_is_not_a_table_is_an_error()
    {
        var config = this.temp.Write("crio.conf", "[crio]\ntracing = \"on\"\n");

        var error = Assert.Throws<InvalidDataException>(() => this.BuildCrio(["--config", config]));

        Assert.Equal($"{config}:2: crio.tracing: expected a table, found string \"on\"", error.Message);
    }

    [Theory]
    [InlineData(-5, 0, "is negative; using 0")]
    [InlineData(2_000_000, 1_000_000, "is above one million; using 1000000")]
    public void An_out_of_range_rate_acts_as_CRI_O_treats_it_with_one_warning(long rate, int expected, string warning)
    {
        var config = this.temp.Write("crio.conf", $"[crio.tracing]\ntracing_sampling_rate_per_million = {rate}\n");

        var configuration = this.BuildCrio(["--config", config]);

        Assert.Equal(expected, Bind(configuration).SamplingRatePerMillion);
        var message = Assert.Single(CriTracingConfiguration.GetWarnings(configuration));
        Assert.StartsWith($"{config}:2: sampling rate {rate} per million {warning}", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_out_of_range_rate_overridden_by_a_drop_in_raises_no_warning()
    {
        var config = this.temp.Write("crio.conf", "[crio.tracing]\ntracing_sampling_rate_per_million = 3000000\n");
        this.temp.Write("d/10.conf", "[crio.tracing]\ntracing_sampling_rate_per_million = 10\n");

        var configuration = this.BuildCrio(["--config", config, "--config-dir", this.temp.Combine("d")]);

        Assert.Equal(10, Bind(configuration).SamplingRatePerMillion);
        Assert.Empty(CriTracingConfiguration.GetWarnings(configuration));
    }

    [Fact]
    public void A_file_without_a_crio_tracing_table_changes_nothing()
    {
        var config = this.temp.Write("crio.conf", "[crio.runtime]\ndefault_runtime = \"runc\"\n[crio.tracing]\n");

        var configuration = this.BuildCrio(["--config", config]);

        Assert.All(CriTracingConfiguration.Explain(configuration), setting => Assert.Equal("default", setting.Source));
    }

    // A drop-in directory that does not exist comes first, so the machine's /etc/crio/crio.conf.d never leaks in.
    private IConfigurationRoot BuildCrio(string[] args)
        => ConfigurationTestKit.Build(builder => builder.AddCrioConfiguration(["--config-dir", this.temp.Combine("no-drop-ins"), .. args], Env()));
}
