using System.Globalization;
using Microsoft.Extensions.Options;

namespace Cri.Tracing.Configuration;

/// <summary>
/// Validates <see cref="CriTracingOptions"/>; every message names the configuration key at fault. Register it with
/// <c>services.AddSingleton&lt;IValidateOptions&lt;CriTracingOptions&gt;, CriTracingOptionsValidator&gt;()</c> and
/// call <c>ValidateOnStart()</c> so a bad setting stops the host at start-up.
/// </summary>
public sealed class CriTracingOptionsValidator : IValidateOptions<CriTracingOptions>
{
    private const string Prefix = CriTracingOptions.SectionName + ":";

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, CriTracingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (options.SamplingRatePerMillion is < 0 or > CriTracingOptions.MaxSamplingRatePerMillion)
        {
            failures.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"{Prefix}{nameof(CriTracingOptions.SamplingRatePerMillion)} must be between 0 and {CriTracingOptions.MaxSamplingRatePerMillion}; found {options.SamplingRatePerMillion}."));
        }

        if (!Enum.IsDefined(options.Protocol))
        {
            failures.Add($"{Prefix}{nameof(CriTracingOptions.Protocol)} must be {nameof(OtlpProtocol.Grpc)} or {nameof(OtlpProtocol.HttpProtobuf)}; found {options.Protocol}.");
        }

        if (options.Enabled && string.IsNullOrWhiteSpace(options.Endpoint))
        {
            failures.Add($"{Prefix}{nameof(CriTracingOptions.Endpoint)} is required when {Prefix}{nameof(CriTracingOptions.Enabled)} is true.");
        }
        else if (options.Protocol == OtlpProtocol.HttpProtobuf && !string.IsNullOrWhiteSpace(options.Endpoint) && !IsHttpUrl(options.Endpoint))
        {
            failures.Add($"{Prefix}{nameof(CriTracingOptions.Endpoint)} must be an http:// or https:// URL when {Prefix}{nameof(CriTracingOptions.Protocol)} is {nameof(OtlpProtocol.HttpProtobuf)}; found \"{options.Endpoint}\".");
        }

        if (options.ServiceName is not null && string.IsNullOrWhiteSpace(options.ServiceName))
        {
            failures.Add($"{Prefix}{nameof(CriTracingOptions.ServiceName)} must not be blank; leave it unset to let the host choose.");
        }

        if ((options.ClientCertificateFile is null) != (options.ClientKeyFile is null))
        {
            failures.Add($"{Prefix}{nameof(CriTracingOptions.ClientCertificateFile)} and {Prefix}{nameof(CriTracingOptions.ClientKeyFile)} must be set together.");
        }

        if (options.Insecure)
        {
            foreach (var (key, file) in new[]
            {
                (nameof(CriTracingOptions.CertificateAuthorityFile), options.CertificateAuthorityFile),
                (nameof(CriTracingOptions.ClientCertificateFile), options.ClientCertificateFile),
                (nameof(CriTracingOptions.ClientKeyFile), options.ClientKeyFile),
            })
            {
                if (file is not null)
                {
                    failures.Add($"{Prefix}{key} is set but {Prefix}{nameof(CriTracingOptions.Insecure)} is true; set it to false to use TLS.");
                }
            }
        }

        if (options.Headers.Keys.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add($"{Prefix}{nameof(CriTracingOptions.Headers)} has a blank header name.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsHttpUrl(string endpoint)
        => Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
