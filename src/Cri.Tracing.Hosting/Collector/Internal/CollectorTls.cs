using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Cri.Tracing.Configuration;

namespace Cri.Tracing.Hosting.Collector.Internal;

/// <summary>
/// The TLS material of <see cref="CriTracingOptions"/>: certificate authorities that verify the collector instead of
/// the system's, and a client certificate for mutual TLS (what cri-o#7513 asks for).
/// </summary>
internal sealed class CollectorTls : IDisposable
{
    private const string Prefix = CriTracingOptions.SectionName + ":";

    private CollectorTls(X509Certificate2Collection? authorities, X509Certificate2? clientCertificate)
    {
        this.Authorities = authorities;
        this.ClientCertificate = clientCertificate;
    }

    /// <summary>Gets the authorities the collector's certificate must chain to, or <see langword="null"/> for the system's.</summary>
    public X509Certificate2Collection? Authorities { get; }

    /// <summary>Gets the client certificate with its key, or <see langword="null"/>.</summary>
    public X509Certificate2? ClientCertificate { get; }

    /// <summary>Reads the PEM files the options name.</summary>
    /// <exception cref="InvalidDataException">A file is missing, unreadable or holds no usable certificate; the message names the setting and the file.</exception>
    public static CollectorTls Load(CriTracingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var authorities = options.CertificateAuthorityFile is { } caFile ? LoadAuthorities(caFile) : null;
        try
        {
            var client = options is { ClientCertificateFile: { } certFile, ClientKeyFile: { } keyFile } ? LoadClientCertificate(certFile, keyFile) : null;
            return new CollectorTls(authorities, client);
        }
        catch
        {
            DisposeAll(authorities);
            throw;
        }
    }

    /// <summary>
    /// Accepts the collector's certificate when it chains to one of <paramref name="authorities"/> (and only to them)
    /// and names the host that was dialled.
    /// </summary>
    public static bool IsTrusted(X509Certificate2Collection authorities, X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        // A name mismatch or a missing certificate is never excused; only the chain is judged again, against our roots.
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            // The intermediates the server sent.
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return chain.Build(certificate as X509Certificate2 ?? new X509Certificate2(certificate));
    }

    /// <summary>Creates the client side of the TLS handshake.</summary>
    public SslClientAuthenticationOptions CreateSslOptions()
    {
        var ssl = new SslClientAuthenticationOptions();
        if (this.Authorities is { } authorities)
        {
            ssl.RemoteCertificateValidationCallback = (_, certificate, chain, errors) => IsTrusted(authorities, certificate, chain, errors);
        }

        if (this.ClientCertificate is { } client)
        {
            ssl.ClientCertificates = [client];
        }

        return ssl;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        DisposeAll(this.Authorities);
        this.ClientCertificate?.Dispose();
    }

    private static X509Certificate2Collection LoadAuthorities(string file)
    {
        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPemFile(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            DisposeAll(authorities);
            throw Unusable(nameof(CriTracingOptions.CertificateAuthorityFile), file, e.Message);
        }

        return authorities.Count > 0
            ? authorities
            : throw Unusable(nameof(CriTracingOptions.CertificateAuthorityFile), file, "it holds no PEM certificate");
    }

    private static X509Certificate2 LoadClientCertificate(string certificateFile, string keyFile)
    {
        try
        {
            return X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw Unusable(nameof(CriTracingOptions.ClientCertificateFile), $"{certificateFile}\" with key \"{keyFile}", e.Message);
        }
    }

    private static InvalidDataException Unusable(string key, string file, string detail)
        => new($"{Prefix}{key}: cannot use \"{file}\": {detail}");

    private static void DisposeAll(X509Certificate2Collection? certificates)
    {
        foreach (var certificate in certificates ?? [])
        {
            certificate.Dispose();
        }
    }
}
