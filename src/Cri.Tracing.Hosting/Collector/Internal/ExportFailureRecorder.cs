using System.Globalization;

namespace Cri.Tracing.Hosting.Collector.Internal;

/// <summary>
/// Sits in the exporter's <see cref="HttpClient"/> and remembers why the last export request failed (refused,
/// timed out, an HTTP or gRPC error status), so the one warning about a failing collector can say why.
/// </summary>
internal sealed class ExportFailureRecorder(HttpMessageHandler innerHandler, TimeSpan timeout) : DelegatingHandler(innerHandler)
{
    private const string GrpcStatusHeader = "grpc-status";
    private const string GrpcMessageHeader = "grpc-message";

    private volatile string? lastFailure;

    /// <summary>Gets why the last failed request failed, or <see langword="null"/> when none has.</summary>
    public string? LastFailure => this.lastFailure;

    /// <inheritdoc/>
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return this.Inspect(base.Send(request, cancellationToken));
        }
        catch (Exception e)
        {
            this.lastFailure = this.Describe(e);
            throw;
        }
    }

    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return this.Inspect(await base.SendAsync(request, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e)
        {
            this.lastFailure = this.Describe(e);
            throw;
        }
    }

    private HttpResponseMessage Inspect(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            this.lastFailure = string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
        }
        else if (response.Headers.NonValidated.TryGetValues(GrpcStatusHeader, out var status) && status.ToString() != "0")
        {
            // A trailers-only gRPC reply: the status of a refused export travels in the headers.
            var message = response.Headers.NonValidated.TryGetValues(GrpcMessageHeader, out var text) ? Uri.UnescapeDataString(text.ToString()) : string.Empty;
            this.lastFailure = $"gRPC status {status} {message}".TrimEnd();
        }

        return response;
    }

    private string Describe(Exception exception) => exception switch
    {
        OperationCanceledException => string.Create(CultureInfo.InvariantCulture, $"no answer within {timeout.TotalSeconds:0.###} s"),
        _ => exception.Message,
    };
}
