using System.Buffers;
using System.IO.Pipelines;

namespace Cri.Protos.Internal;

/// <summary>
/// The rewrite mode of a Unix-socket connection: a pump from the transport into a pipe that
/// Kestrel reads. Frames pass verbatim, except request header blocks, which are decoded with the
/// client's HPACK state and re-encoded by <see cref="HeaderBlockReencoder"/> into HEADERS and
/// CONTINUATION frames of at most 16,384 bytes (padding and table size updates dropped). Invalid
/// input completes the pipe with an <see cref="IOException"/>, so Kestrel closes the connection.
/// </summary>
internal sealed class Http2AuthorityRewriter
{
    private readonly PipeReader transport;
    private readonly Pipe pipe = new(new PipeOptions(useSynchronizationContext: false));
    private readonly HpackDecoder decoder;
    private readonly HeaderBlockAssembler assembler;
    private readonly HeaderBlockReencoder reencoder;
    private long verbatimLeft;
    private volatile bool stopping;

    /// <param name="transport">The connection's input, positioned where Kestrel stopped consuming.</param>
    /// <param name="prefaceLeft">How much of the client preface Kestrel has not consumed yet.</param>
    /// <param name="headerTableSize">The largest dynamic table the client may use.</param>
    /// <param name="headerBlockLimit">The most bytes one header block may take, as sent and as re-encoded.</param>
    public Http2AuthorityRewriter(PipeReader transport, long prefaceLeft, int headerTableSize, int headerBlockLimit)
    {
        this.transport = transport;
        this.verbatimLeft = prefaceLeft;
        this.decoder = new HpackDecoder(headerTableSize);
        this.assembler = new HeaderBlockAssembler(headerBlockLimit);
        this.reencoder = new HeaderBlockReencoder(headerBlockLimit);
        this.Completion = Task.CompletedTask;
    }

    /// <summary>What Kestrel reads instead of the transport.</summary>
    public PipeReader Output => this.pipe.Reader;

    /// <summary>Ends when the pump has stopped and completed the transport's reader.</summary>
    public Task Completion { get; private set; }

    public void Start() => this.Completion = this.PumpAsync();

    /// <summary>Stops the pump, for when Kestrel has completed <see cref="Output"/>.</summary>
    public void Stop()
    {
        this.stopping = true;
        this.transport.CancelPendingRead();
    }

    private static void Copy(in ReadOnlySequence<byte> bytes, PipeWriter output)
    {
        foreach (var segment in bytes)
        {
            output.Write(segment.Span);
        }
    }

    private async Task PumpAsync()
    {
        var output = this.pipe.Writer;
        Exception? error = null;
        try
        {
            while (true)
            {
                var result = await this.transport.ReadAsync().ConfigureAwait(false);
                if (this.stopping)
                {
                    break;
                }

                if (result.IsCanceled)
                {
                    // Kestrel's own CancelPendingRead, made while the reader was switching to this pump.
                    this.Output.CancelPendingRead();
                }

                var buffer = result.Buffer;
                this.Rewrite(ref buffer, output);
                this.transport.AdvanceTo(buffer.Start, buffer.End);
                var flush = await output.FlushAsync().ConfigureAwait(false);
                if (flush.IsCompleted || result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (InvalidDataException invalid)
        {
            error = new IOException("HTTP/2 from a Unix-socket client: " + invalid.Message, invalid);
            CriKestrelEventSource.Log.RewriteFailed(invalid.Message);
        }
        catch (Exception exception)
        {
            error = exception;
        }
        finally
        {
            await output.CompleteAsync(error).ConfigureAwait(false);
            await this.transport.CompleteAsync().ConfigureAwait(false);
        }
    }

    private void Rewrite(ref ReadOnlySequence<byte> buffer, PipeWriter output)
    {
        while (true)
        {
            // The rest of the preface, then other frames, pass as they arrive.
            if (this.verbatimLeft > 0)
            {
                var verbatim = Math.Min(this.verbatimLeft, buffer.Length);
                if (verbatim == 0)
                {
                    return;
                }

                Copy(buffer.Slice(0, verbatim), output);
                buffer = buffer.Slice(verbatim);
                this.verbatimLeft -= verbatim;
                continue;
            }

            if (!Http2Frames.TryReadHeader(buffer, out var header))
            {
                return;
            }

            if (header.Type is not (Http2Frames.Headers or Http2Frames.Continuation))
            {
                this.verbatimLeft = header.FrameLength;
                continue;
            }

            switch (this.assembler.TryAssemble(buffer))
            {
                case HeaderBlockStatus.Incomplete:
                    return;
                case HeaderBlockStatus.TooLarge:
                    throw new InvalidDataException("a request header block larger than the limit.");
                case HeaderBlockStatus.Malformed:
                    throw new InvalidDataException("a malformed header block (CONTINUATION out of place, or invalid padding).");
            }

            this.reencoder.Clear();
            this.decoder.Decode(this.assembler.Fragment, this.reencoder);
            this.WriteBlock(output);
            buffer = buffer.Slice(this.assembler.Length);
            this.assembler.Reset();
        }
    }

    private void WriteBlock(PipeWriter output)
    {
        var block = this.reencoder.Block;
        var priority = this.assembler.Priority;
        var first = true;
        do
        {
            var prefix = first ? priority : default;
            var chunk = block[..Math.Min(block.Length, Http2Frames.DefaultMaxPayload - prefix.Length)];
            block = block[chunk.Length..];
            var flags = (byte)((block.IsEmpty ? Http2Frames.EndHeaders : 0)
                | (first && this.assembler.EndStream ? Http2Frames.EndStream : 0)
                | (prefix.IsEmpty ? 0 : Http2Frames.Priority));
            var payloadLength = prefix.Length + chunk.Length;
            var span = output.GetSpan(Http2Frames.HeaderLength + payloadLength);
            Http2Frames.WriteHeader(span, payloadLength, first ? Http2Frames.Headers : Http2Frames.Continuation, flags, this.assembler.StreamId);
            prefix.CopyTo(span[Http2Frames.HeaderLength..]);
            chunk.CopyTo(span[(Http2Frames.HeaderLength + prefix.Length)..]);
            output.Advance(Http2Frames.HeaderLength + payloadLength);
            first = false;
        }
        while (!block.IsEmpty);
    }
}
