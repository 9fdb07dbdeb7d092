namespace Cri.Tracing.Configuration.Internal;

/// <summary>
/// CRI-O's tracing variables or flags. Values are parsed with Go's rules, as CRI-O parses them; an out-of-range rate
/// is clamped as CRI-O's sampler clamps it, with a warning.
/// </summary>
internal sealed class CrioOverrideConfigurationProvider(Func<IReadOnlyCollection<CrioOverride>> readOverrides) : CriTracingConfigurationProvider
{
    protected override void Read()
    {
        foreach (var (setting, text, source) in readOverrides())
        {
            switch (setting)
            {
                case CrioSetting.EnableTracing:
                    var enabled = GoSyntax.TryParseBool(text, out var flag)
                        ? flag
                        : throw new InvalidDataException($"{source}: expected a boolean, found {GoSyntax.Quote(text)}");
                    this.Set(CriTracingKeys.Enabled, CriTracingKeys.Format(enabled), source);
                    break;
                case CrioSetting.TracingEndpoint:
                    this.Set(CriTracingKeys.Endpoint, text, source);
                    break;
                default:
                    var rate = GoSyntax.TryParseInt64(text, out var number)
                        ? SamplingRate.ClampAsCrio(number, source, out var warning)
                        : throw new InvalidDataException($"{source}: expected an integer, found {GoSyntax.Quote(text)}");
                    this.Set(CriTracingKeys.SamplingRatePerMillion, CriTracingKeys.Format(rate), source);
                    if (warning is not null)
                    {
                        this.Warn(warning, CriTracingKeys.SamplingRatePerMillion);
                    }

                    break;
            }
        }
    }
}
