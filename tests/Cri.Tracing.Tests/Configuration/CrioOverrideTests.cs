using Cri.Tracing.Configuration;
using Microsoft.Extensions.Configuration;
using static Cri.Tracing.Tests.Configuration.ConfigurationTestKit;

namespace Cri.Tracing.Tests.Configuration;

public sealed class CrioOverrideTests
{
    [Fact]
    public void CONTAINER_variables_set_all_three_settings_with_their_source()
    {
        var configuration = Build(builder => builder.AddCrioEnvironmentVariables(Env(
            ("CONTAINER_ENABLE_TRACING", "true"),
            ("CONTAINER_TRACING_ENDPOINT", "collector:4317"),
            ("CONTAINER_TRACING_SAMPLING_RATE_PER_MILLION", "250"))));

        var options = Bind(configuration);

        Assert.Equal((true, "collector:4317", 250), (options.Enabled, options.Endpoint, options.SamplingRatePerMillion));
        Assert.Equal("env CONTAINER_ENABLE_TRACING", SourceOf(configuration, "Enabled"));
        Assert.Equal("env CONTAINER_TRACING_ENDPOINT", SourceOf(configuration, "Endpoint"));
        Assert.Equal("env CONTAINER_TRACING_SAMPLING_RATE_PER_MILLION", SourceOf(configuration, "SamplingRatePerMillion"));
    }

    [Fact]
    public void Flags_set_all_three_settings_with_their_source()
    {
        var configuration = Build(builder => builder.AddCrioCommandLine(
            ["--log-level", "debug", "--enable-tracing", "--tracing-endpoint", "collector:4317", "--tracing-sampling-rate-per-million=1000000"]));

        var options = Bind(configuration);

        Assert.Equal((true, "collector:4317", 1_000_000), (options.Enabled, options.Endpoint, options.SamplingRatePerMillion));
        Assert.Equal("flag --enable-tracing", SourceOf(configuration, "Enabled"));
        Assert.Equal("flag --tracing-endpoint", SourceOf(configuration, "Endpoint"));
        Assert.Equal("flag --tracing-sampling-rate-per-million", SourceOf(configuration, "SamplingRatePerMillion"));
    }

    [Theory]
    [InlineData(new[] { "--enable-tracing" }, true)]
    [InlineData(new[] { "--enable-tracing=false" }, false)]
    [InlineData(new[] { "-enable-tracing=0" }, false)]
    [InlineData(new[] { "--enable-tracing=T" }, true)]
    [InlineData(new[] { "--enable-tracing", "--enable-tracing=False" }, false)]
    public void Boolean_flag_forms_follow_Go(string[] args, bool expected)
        => Assert.Equal(expected, Bind(Build(builder => builder.AddCrioCommandLine(args))).Enabled);

    [Fact]
    public void A_double_dash_ends_the_flags()
    {
        var configuration = Build(builder => builder.AddCrioCommandLine(["--", "--enable-tracing"]));

        Assert.Equal("default", SourceOf(configuration, "Enabled"));
    }

    [Theory]
    [InlineData("0x10", 16)]
    [InlineData("0o17", 15)]
    [InlineData("017", 15)]
    [InlineData("0b101", 5)]
    [InlineData("1_000", 1000)]
    [InlineData("+42", 42)]
    public void Rates_take_Go_integer_syntax(string text, int expected)
    {
        var fromEnv = Bind(Build(builder => builder.AddCrioEnvironmentVariables(Env(("CONTAINER_TRACING_SAMPLING_RATE_PER_MILLION", text)))));
        var fromFlag = Bind(Build(builder => builder.AddCrioCommandLine(["--tracing-sampling-rate-per-million", text])));

        Assert.Equal(expected, fromEnv.SamplingRatePerMillion);
        Assert.Equal(expected, fromFlag.SamplingRatePerMillion);
    }

    [Fact]
    public void Empty_variables_behave_as_in_CRI_O()
    {
        var configuration = Build(builder => builder
            .AddInMemoryCollection(new Dictionary<string, string?> { ["CriTracing:Enabled"] = "true", ["CriTracing:SamplingRatePerMillion"] = "9" })
            .AddCrioEnvironmentVariables(Env(
                ("CONTAINER_ENABLE_TRACING", string.Empty),
                ("CONTAINER_TRACING_SAMPLING_RATE_PER_MILLION", string.Empty),
                ("CONTAINER_TRACING_ENDPOINT", string.Empty))));

        var options = Bind(configuration);

        // A set-but-empty boolean means false, an empty integer is ignored, an empty string is the empty string.
        Assert.False(options.Enabled);
        Assert.Equal(9, options.SamplingRatePerMillion);
        Assert.Equal(string.Empty, options.Endpoint);
    }

    [Fact]
    public void An_invalid_boolean_variable_is_an_error_naming_the_variable()
    {
        var error = Assert.Throws<InvalidDataException>(() => Build(builder => builder.AddCrioEnvironmentVariables(Env(("CONTAINER_ENABLE_TRACING", "yes")))));

        Assert.Equal("env CONTAINER_ENABLE_TRACING: expected a boolean, found \"yes\"", error.Message);
    }

    [Fact]
    public void An_invalid_integer_flag_is_an_error_naming_the_flag()
    {
        var error = Assert.Throws<InvalidDataException>(() => Build(builder => builder.AddCrioCommandLine(["--tracing-sampling-rate-per-million", "1.5"])));

        Assert.Equal("flag --tracing-sampling-rate-per-million: expected an integer, found \"1.5\"", error.Message);
    }

    [Fact]
    public void A_value_flag_without_a_value_is_an_error()
    {
        var error = Assert.Throws<InvalidDataException>(() => Build(builder => builder.AddCrioCommandLine(["--tracing-endpoint"])));

        Assert.Equal("flag --tracing-endpoint: needs an argument", error.Message);
    }

    [Fact]
    public void An_out_of_range_flag_rate_is_clamped_with_one_warning_naming_the_flag()
    {
        var configuration = Build(builder => builder.AddCrioCommandLine(["--tracing-sampling-rate-per-million", "-1"]));

        Assert.Equal(0, Bind(configuration).SamplingRatePerMillion);
        Assert.Equal(
            "flag --tracing-sampling-rate-per-million: sampling rate -1 per million is negative; using 0 (no root span sampled) as CRI-O does.",
            Assert.Single(CriTracingConfiguration.GetWarnings(configuration)));
    }

    [Fact]
    public void A_clamped_variable_overridden_by_a_flag_raises_no_warning()
    {
        var configuration = Build(builder => builder
            .AddCrioEnvironmentVariables(Env(("CONTAINER_TRACING_SAMPLING_RATE_PER_MILLION", "5000000")))
            .AddCrioCommandLine(["--tracing-sampling-rate-per-million", "20"]));

        Assert.Equal(20, Bind(configuration).SamplingRatePerMillion);
        Assert.Empty(CriTracingConfiguration.GetWarnings(configuration));
    }
}
