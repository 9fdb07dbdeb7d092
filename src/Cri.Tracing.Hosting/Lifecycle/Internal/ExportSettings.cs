using System.Globalization;
using Cri.Tracing.Configuration;

namespace Cri.Tracing.Hosting.Lifecycle.Internal;

/// <summary>
/// The settings a running collector export was built from, other than the sampling rate (which changes in place):
/// when a reload changes any of them, or rewrites a TLS file, a new export replaces it.
/// </summary>
internal sealed record ExportSettings(
    string Endpoint,
    OtlpProtocol Protocol,
    bool Insecure,
    string Headers,
    string TlsFiles)
{
    public static ExportSettings Of(CriTracingOptions options) => new(
        options.Endpoint,
        options.Protocol,
        options.Insecure,
        Canonical(options.Headers),
        string.Join('\n', new[] { options.CertificateAuthorityFile, options.ClientCertificateFile, options.ClientKeyFile }.Select(Stamp)));

    /// <summary>Writes entries in one order, so that equal dictionaries give equal text.</summary>
    public static string Canonical(IDictionary<string, string> entries)
        => string.Join('\n', entries.OrderBy(entry => entry.Key, StringComparer.Ordinal).Select(entry => entry.Key + "=" + entry.Value));

    // A rotated certificate keeps its path: its write time tells.
    private static string Stamp(string? file)
        => file is null ? string.Empty : file + "@" + File.GetLastWriteTimeUtc(file).Ticks.ToString(CultureInfo.InvariantCulture);
}
