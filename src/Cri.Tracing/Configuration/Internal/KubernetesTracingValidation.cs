using System.Globalization;

namespace Cri.Tracing.Configuration.Internal;

/// <summary>
/// Kubernetes' <c>ValidateTracingConfiguration</c> (component-base), with its exact messages:
/// <c>tracing.samplingRatePerMillion: Invalid value: 1000001: sampling rate per million must be less than or equal to one million</c>.
/// </summary>
internal static class KubernetesTracingValidation
{
    private const string RatePath = "tracing.samplingRatePerMillion";
    private const string EndpointPath = "tracing.endpoint";

    /// <summary>Validates the fields a file set, rate first as Kubernetes does; returns the field errors.</summary>
    public static IReadOnlyList<string> Validate(int? samplingRatePerMillion, string? endpoint)
    {
        var errors = new List<string>();
        if (samplingRatePerMillion is int rate)
        {
            var value = rate.ToString(CultureInfo.InvariantCulture);
            if (rate < 0)
            {
                errors.Add($"{RatePath}: Invalid value: {value}: sampling rate must be positive");
            }

            if (rate > CriTracingOptions.MaxSamplingRatePerMillion)
            {
                errors.Add($"{RatePath}: Invalid value: {value}: sampling rate per million must be less than or equal to one million");
            }
        }

        if (endpoint is not null && ValidateEndpoint(endpoint) is { } endpointError)
        {
            errors.Add(endpointError);
        }

        return errors;
    }

    /// <summary>Joins field errors as Kubernetes' aggregate error prints them.</summary>
    public static string Aggregate(IReadOnlyList<string> errors) => errors.Count == 1 ? errors[0] : $"[{string.Join(", ", errors)}]";

    private static string? ValidateEndpoint(string endpoint)
    {
        // Kubernetes reads a bare host:port as a gRPC dns target, then parses it as a URL to check the scheme.
        if (!endpoint.Contains("//", StringComparison.Ordinal))
        {
            endpoint = "dns://" + endpoint;
        }

        var quoted = GoSyntax.Quote(endpoint);
        if (ParseUrl(endpoint, out var scheme) is { } parseError)
        {
            return $"{EndpointPath}: Invalid value: {quoted}: parse {quoted}: {parseError}";
        }

        return scheme is "dns" or "unix" or "unix-abstract"
            ? null
            : $"{EndpointPath}: Invalid value: {quoted}: unsupported scheme: {scheme}.  Options are none, dns, unix, or unix-abstract.  See https://github.com/grpc/grpc/blob/master/doc/naming.md";
    }

    /// <summary>The parts of Go's <c>url.Parse</c> a gRPC target can trip on: the scheme and the port.</summary>
    private static string? ParseUrl(string url, out string scheme)
    {
        scheme = string.Empty;
        var rest = url;
        for (var i = 0; i < url.Length; i++)
        {
            var c = url[i];
            if (char.IsAsciiLetter(c) || (i > 0 && (char.IsAsciiDigit(c) || c is '+' or '-' or '.')))
            {
                continue;
            }

            if (c == ':')
            {
                if (i == 0)
                {
                    return "missing protocol scheme";
                }

                scheme = url[..i].ToLowerInvariant();
                rest = url[(i + 1)..];
            }

            break;
        }

        if (!rest.StartsWith("//", StringComparison.Ordinal))
        {
            return null;
        }

        var authority = rest[2..].Split('#')[0].Split('?')[0];
        var slash = authority.IndexOf('/', StringComparison.Ordinal);
        var host = slash < 0 ? authority : authority[..slash];
        host = host[(host.LastIndexOf('@') + 1)..];

        string port;
        if (host.StartsWith('['))
        {
            var close = host.LastIndexOf(']');
            if (close < 0)
            {
                return "missing ']' in host";
            }

            port = host[(close + 1)..];
        }
        else
        {
            var colon = host.LastIndexOf(':');
            port = colon < 0 ? string.Empty : host[colon..];
        }

        return port.Length == 0 || (port[0] == ':' && !port.AsSpan(1).ContainsAnyExceptInRange('0', '9'))
            ? null
            : $"invalid port {GoSyntax.Quote(port)} after host";
    }
}
