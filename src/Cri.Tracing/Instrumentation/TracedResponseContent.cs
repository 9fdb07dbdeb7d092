using System.Net;
using Cri.Protos;
using Google.Protobuf;

namespace Cri.Tracing;

/// <summary>
/// Stands in for a response's content so the client span sees the end of the stream, and is the
/// <see cref="ICriCallObserver"/> the typed clients report each parsed response message to.
/// </summary>
internal sealed class TracedResponseContent : HttpContent, ICriCallObserver
{
    private readonly HttpContent inner;
    private readonly ClientCall call;

    public TracedResponseContent(HttpContent inner, ClientCall call)
    {
        this.inner = inner;
        this.call = call;
        foreach (var header in inner.Headers.NonValidated)
        {
            this.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
    }

    /// <inheritdoc/>
    public void OnRequest(IMessage request) => this.call.OnRequest(request);

    /// <inheritdoc/>
    public void OnResponse(IMessage response) => this.call.OnResponse(response);

    /// <inheritdoc/>
    protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken)
    {
        try
        {
            return new TracedResponseStream(await this.inner.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), this.call);
        }
        catch (Exception ex)
        {
            this.call.Fail(ex);
            throw;
        }
    }

    /// <inheritdoc/>
    protected override Task<Stream> CreateContentReadStreamAsync() => this.CreateContentReadStreamAsync(CancellationToken.None);

    /// <inheritdoc/>
    protected override Stream CreateContentReadStream(CancellationToken cancellationToken)
    {
        try
        {
            return new TracedResponseStream(this.inner.ReadAsStream(cancellationToken), this.call);
        }
        catch (Exception ex)
        {
            this.call.Fail(ex);
            throw;
        }
    }

    /// <inheritdoc/>
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        => this.SerializeToStreamAsync(stream, context, CancellationToken.None);

    /// <inheritdoc/>
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        // HttpClient buffering the body (ResponseContentRead) reads it to its end through here.
        using var source = await this.CreateContentReadStreamAsync(cancellationToken).ConfigureAwait(false);
        await source.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    protected override bool TryComputeLength(out long length)
    {
        length = this.inner.Headers.ContentLength ?? 0;
        return this.inner.Headers.ContentLength.HasValue;
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            this.inner.Dispose();
            this.call.OnAbandoned();
        }

        base.Dispose(disposing);
    }
}
