namespace Cri.Tracing.Configuration.Internal;

/// <summary>The configuration keys every source writes, under <see cref="CriTracingOptions.SectionName"/>.</summary>
internal static class CriTracingKeys
{
    public const string Enabled = $"{CriTracingOptions.SectionName}:{nameof(CriTracingOptions.Enabled)}";
    public const string Endpoint = $"{CriTracingOptions.SectionName}:{nameof(CriTracingOptions.Endpoint)}";
    public const string Protocol = $"{CriTracingOptions.SectionName}:{nameof(CriTracingOptions.Protocol)}";
    public const string SamplingRatePerMillion = $"{CriTracingOptions.SectionName}:{nameof(CriTracingOptions.SamplingRatePerMillion)}";
    public const string ServiceName = $"{CriTracingOptions.SectionName}:{nameof(CriTracingOptions.ServiceName)}";
    public const string Insecure = $"{CriTracingOptions.SectionName}:{nameof(CriTracingOptions.Insecure)}";
    public const string CertificateAuthorityFile = $"{CriTracingOptions.SectionName}:{nameof(CriTracingOptions.CertificateAuthorityFile)}";
    public const string ClientCertificateFile = $"{CriTracingOptions.SectionName}:{nameof(CriTracingOptions.ClientCertificateFile)}";
    public const string ClientKeyFile = $"{CriTracingOptions.SectionName}:{nameof(CriTracingOptions.ClientKeyFile)}";
    public const string Headers = $"{CriTracingOptions.SectionName}:{nameof(CriTracingOptions.Headers)}";
    public const string ResourceAttributes = $"{CriTracingOptions.SectionName}:{nameof(CriTracingOptions.ResourceAttributes)}";

    /// <summary>Gets the keys that hold one value each, in the order explanations list them.</summary>
    public static IReadOnlyList<string> Scalars { get; } =
    [
        Enabled, Endpoint, Protocol, SamplingRatePerMillion, ServiceName, Insecure,
        CertificateAuthorityFile, ClientCertificateFile, ClientKeyFile,
    ];

    /// <summary>Gets the sections that hold one key per entry.</summary>
    public static IReadOnlyList<string> Dictionaries { get; } = [Headers, ResourceAttributes];

    public static string Format(bool value) => value ? "true" : "false";

    public static string Format(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
