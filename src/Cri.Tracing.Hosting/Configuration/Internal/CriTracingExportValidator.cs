using Cri.Tracing.Configuration;
using Cri.Tracing.Hosting.Collector.Internal;
using Microsoft.Extensions.Options;

namespace Cri.Tracing.Hosting.Configuration.Internal;

/// <summary>
/// Validates what only export needs, beyond <see cref="CriTracingOptionsValidator"/>: when tracing is enabled, the
/// endpoint must be one a collector can be reached at, and the TLS files must exist, parse and be used. It runs at
/// start-up (<c>ValidateOnStart</c>) and on every reload, so a bad file stops the host, or leaves a running one as it was.
/// </summary>
internal sealed class CriTracingExportValidator : IValidateOptions<CriTracingOptions>
{
    private const string Prefix = CriTracingOptions.SectionName + ":";

    public ValidateOptionsResult Validate(string? name, CriTracingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled || string.IsNullOrWhiteSpace(options.Endpoint))
        {
            // Off, or an empty endpoint, which the other validator reports.
            return ValidateOptionsResult.Success;
        }

        CollectorEndpoint endpoint;
        try
        {
            endpoint = CollectorEndpoint.Parse(options.Endpoint, options.Protocol, options.Insecure);
        }
        catch (FormatException e)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }

        var hasTlsFiles = options.CertificateAuthorityFile is not null || options.ClientCertificateFile is not null;
        if (!endpoint.UsesTls)
        {
            return hasTlsFiles && !options.Insecure
                ? ValidateOptionsResult.Fail($"{Prefix}{nameof(CriTracingOptions.Endpoint)} \"{options.Endpoint}\" is plaintext (http://), so the TLS files would be ignored; use https://.")
                : ValidateOptionsResult.Success;
        }

        try
        {
            using var tls = CollectorTls.Load(options);
        }
        catch (InvalidDataException e)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }

        return ValidateOptionsResult.Success;
    }
}
