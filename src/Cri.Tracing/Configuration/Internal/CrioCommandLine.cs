namespace Cri.Tracing.Configuration.Internal;

/// <summary>
/// The CRI-O flags that concern tracing, read the way Go's flag package reads them: <c>-name</c> or <c>--name</c>,
/// a value after <c>=</c> or in the next argument, a bare boolean flag meaning true, the last occurrence winning and
/// <c>--</c> ending the flags. Every other argument is left to the host.
/// </summary>
internal sealed class CrioCommandLine
{
    private const string EnableTracingFlag = "enable-tracing";
    private const string TracingEndpointFlag = "tracing-endpoint";
    private const string SamplingRateFlag = "tracing-sampling-rate-per-million";

    private static readonly Dictionary<string, string> ValueFlags = new(StringComparer.Ordinal)
    {
        ["config"] = "config",
        ["c"] = "config",
        ["config-dir"] = "config-dir",
        ["d"] = "config-dir",
        ["tracing-config-file"] = "tracing-config-file",
        [TracingEndpointFlag] = TracingEndpointFlag,
        [SamplingRateFlag] = SamplingRateFlag,
    };

    private readonly Dictionary<string, string> values = new(StringComparer.Ordinal);
    private readonly Dictionary<CrioSetting, CrioOverride> overrides = [];

    private CrioCommandLine()
    {
    }

    /// <summary>Gets <c>--config</c> (<c>-c</c>), or <see langword="null"/>.</summary>
    public string? ConfigPath => this.values.GetValueOrDefault("config");

    /// <summary>Gets <c>--config-dir</c> (<c>-d</c>), or <see langword="null"/>.</summary>
    public string? ConfigDirectory => this.values.GetValueOrDefault("config-dir");

    /// <summary>Gets <c>--tracing-config-file</c>, or <see langword="null"/>.</summary>
    public string? TracingConfigFile => this.values.GetValueOrDefault("tracing-config-file");

    /// <summary>Gets the tracing flags given, last occurrence of each, still unparsed.</summary>
    public IReadOnlyCollection<CrioOverride> Overrides => this.overrides.Values;

    /// <summary>Reads the arguments.</summary>
    /// <exception cref="InvalidDataException">A value flag is last, with no value.</exception>
    public static CrioCommandLine Parse(IReadOnlyList<string> args)
    {
        var commandLine = new CrioCommandLine();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                break;
            }

            if (arg.Length < 2 || arg[0] != '-')
            {
                continue;
            }

            var nameAndValue = arg.AsSpan(arg[1] == '-' ? 2 : 1);
            var equals = nameAndValue.IndexOf('=');
            var name = (equals < 0 ? nameAndValue : nameAndValue[..equals]).ToString();
            string? value = equals < 0 ? null : nameAndValue[(equals + 1)..].ToString();

            if (name == EnableTracingFlag)
            {
                commandLine.overrides[CrioSetting.EnableTracing] = new CrioOverride(CrioSetting.EnableTracing, value ?? "true", "flag --" + EnableTracingFlag);
                continue;
            }

            if (!ValueFlags.TryGetValue(name, out var canonical))
            {
                continue;
            }

            if (value is null)
            {
                if (i + 1 >= args.Count)
                {
                    throw new InvalidDataException($"flag --{canonical}: needs an argument");
                }

                value = args[++i];
            }

            switch (canonical)
            {
                case TracingEndpointFlag:
                    commandLine.overrides[CrioSetting.TracingEndpoint] = new CrioOverride(CrioSetting.TracingEndpoint, value, "flag --" + canonical);
                    break;
                case SamplingRateFlag:
                    commandLine.overrides[CrioSetting.TracingSamplingRatePerMillion] = new CrioOverride(CrioSetting.TracingSamplingRatePerMillion, value, "flag --" + canonical);
                    break;
                default:
                    commandLine.values[canonical] = value;
                    break;
            }
        }

        return commandLine;
    }
}
