using System.Collections;

namespace Cri.Tracing.Configuration.Internal;

/// <summary>CRI-O's <c>CONTAINER_*</c> variables, read as its command-line library reads a flag's variable.</summary>
internal static class CrioEnvironment
{
    public const string ConfigVariable = "CONTAINER_CONFIG";
    public const string ConfigDirectoryVariable = "CONTAINER_CONFIG_DIR";
    public const string EnableTracingVariable = "CONTAINER_ENABLE_TRACING";
    public const string TracingEndpointVariable = "CONTAINER_TRACING_ENDPOINT";
    public const string SamplingRateVariable = "CONTAINER_TRACING_SAMPLING_RATE_PER_MILLION";

    /// <summary>
    /// Reads the tracing variables. As in CRI-O (urfave/cli), a boolean variable set but empty means false, an empty
    /// integer variable is ignored and an empty string variable sets the empty string.
    /// </summary>
    public static IReadOnlyList<CrioOverride> ReadOverrides(IDictionary environment)
    {
        var overrides = new List<CrioOverride>(3);
        if (EnvironmentLookup.Get(environment, EnableTracingVariable) is { } enable)
        {
            overrides.Add(new CrioOverride(CrioSetting.EnableTracing, enable.Length == 0 ? "false" : enable, "env " + EnableTracingVariable));
        }

        if (EnvironmentLookup.Get(environment, TracingEndpointVariable) is { } endpoint)
        {
            overrides.Add(new CrioOverride(CrioSetting.TracingEndpoint, endpoint, "env " + TracingEndpointVariable));
        }

        if (EnvironmentLookup.Get(environment, SamplingRateVariable) is { Length: > 0 } rate)
        {
            overrides.Add(new CrioOverride(CrioSetting.TracingSamplingRatePerMillion, rate, "env " + SamplingRateVariable));
        }

        return overrides;
    }
}
