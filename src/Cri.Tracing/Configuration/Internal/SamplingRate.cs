using System.Globalization;

namespace Cri.Tracing.Configuration.Internal;

/// <summary>Brings the ecosystem's sampling settings to a rate per million, the way each of them reads its own.</summary>
internal static class SamplingRate
{
    private const int OneMillion = CriTracingOptions.MaxSamplingRatePerMillion;

    /// <summary>
    /// Clamps a CRI-O rate into range. CRI-O does not validate the rate: its sampler treats a negative rate as 0 and
    /// a rate above a million as a million, so the value is kept in that meaning, with a warning.
    /// </summary>
    public static int ClampAsCrio(long rate, string source, out string? warning)
    {
        warning = rate switch
        {
            < 0 => string.Create(CultureInfo.InvariantCulture, $"{source}: sampling rate {rate} per million is negative; using 0 (no root span sampled) as CRI-O does."),
            > OneMillion => string.Create(CultureInfo.InvariantCulture, $"{source}: sampling rate {rate} per million is above one million; using {OneMillion} (every root span sampled) as CRI-O does."),
            _ => null,
        };
        return (int)Math.Clamp(rate, 0, OneMillion);
    }

    /// <summary>
    /// Converts a ratio (containerd's <c>sampling_ratio</c>, <c>OTEL_TRACES_SAMPLER_ARG</c>) to a rate per million:
    /// ratio times a million, rounded to the nearest integer with halves away from zero. A ratio outside 0..1 acts as
    /// Go's <c>TraceIDRatioBased</c> treats it (at most 0 never samples, at least 1 always does), with a warning; so
    /// does a positive ratio too small to keep any root span, and NaN, taken as 0.
    /// </summary>
    public static int FromRatio(double ratio, string source, out string? warning)
    {
        var rate = double.IsNaN(ratio) ? 0 : (int)Math.Round(Math.Clamp(ratio, 0, 1) * OneMillion, MidpointRounding.AwayFromZero);
        var text = ratio.ToString("R", CultureInfo.InvariantCulture);
        warning = ratio switch
        {
            double.NaN => $"{source}: sampling ratio NaN is not a number; using 0 (no root span sampled).",
            < 0 => $"{source}: sampling ratio {text} is negative; using 0 (no root span sampled).",
            > 1 => $"{source}: sampling ratio {text} is above 1; using 1 (every root span sampled).",
            > 0 when rate == 0 => $"{source}: sampling ratio {text} is below one in two million; it rounds to 0 per million, so no root span is sampled.",
            _ => null,
        };
        return rate;
    }
}
