using System.Buffers;
using System.IO.Pipelines;

namespace Cri.Protos.Internal;

/// <summary>
/// The input Kestrel reads on a Unix-socket connection. It first inspects, consuming nothing:
/// the client preface and the frames up to the end of the first request header block; Kestrel
/// meanwhile sees the frames before that block (a client may wait for the server's SETTINGS).
/// If that block's <c>:authority</c> names the socket, the connection switches to
/// <see cref="Http2AuthorityRewriter"/>; otherwise, or when the bytes are not HTTP/2 with prior
/// knowledge or the inspection passes 64 KiB, every call goes straight to the transport.
/// </summary>
internal sealed class UnixSocketAuthorityReader : PipeReader
{
    /// <summary>The most bytes inspected before giving up and passing the connection through.</summary>
    public const int InspectionLimit = 64 * 1024;

    private readonly PipeReader transport;
    private readonly int headerTableSize;
    private readonly int headerBlockLimit;
    private Mode mode;
    private bool completed;

    // Inspection state, as offsets from the start of the connection.
    private long consumed;
    private long inspected;
    private long exposedEnd;
    private long examinedEnd;
    private ReadOnlySequence<byte> lastBuffer;
    private HeaderBlockAssembler? assembler;
    private Http2AuthorityRewriter? rewriter;

    public UnixSocketAuthorityReader(PipeReader transport, int headerTableSize, int headerBlockLimit)
    {
        this.transport = transport;
        this.headerTableSize = headerTableSize;
        this.headerBlockLimit = headerBlockLimit;
    }

    private enum Mode
    {
        Inspecting,
        PassThrough,
        Rewriting,
    }

    /// <summary>Whether the connection's first request named the socket and its header blocks are rewritten.</summary>
    public bool IsRewriting => this.mode == Mode.Rewriting;

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default) => this.mode switch
    {
        Mode.PassThrough => this.transport.ReadAsync(cancellationToken),
        Mode.Rewriting => this.rewriter!.Output.ReadAsync(cancellationToken),
        _ => this.InspectAsync(cancellationToken),
    };

    public override bool TryRead(out ReadResult result)
    {
        switch (this.mode)
        {
            case Mode.PassThrough:
                return this.transport.TryRead(out result);
            case Mode.Rewriting:
                return this.rewriter!.Output.TryRead(out result);
        }

        if (!this.transport.TryRead(out var read) || !this.Decide(read, out result))
        {
            result = default;
            return false;
        }

        return this.mode != Mode.Rewriting || this.rewriter!.Output.TryRead(out result);
    }

    public override void AdvanceTo(SequencePosition consumed) => this.AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        switch (this.mode)
        {
            case Mode.PassThrough:
                this.transport.AdvanceTo(consumed, examined);
                return;
            case Mode.Rewriting:
                this.rewriter!.Output.AdvanceTo(consumed, examined);
                return;
        }

        // Kestrel saw a buffer cut before the first header block: when it has looked at all of
        // it, the transport is told everything was examined, so the next read waits for more bytes.
        var buffer = this.lastBuffer;
        var start = this.consumed;
        this.consumed += buffer.Slice(buffer.Start, consumed).Length;
        this.examinedEnd = start + buffer.Slice(buffer.Start, examined).Length;
        this.transport.AdvanceTo(consumed, this.examinedEnd >= this.exposedEnd ? buffer.End : examined);
    }

    public override void CancelPendingRead()
    {
        if (this.mode == Mode.Rewriting)
        {
            this.rewriter!.Output.CancelPendingRead();
        }
        else
        {
            this.transport.CancelPendingRead();
        }
    }

    public override void Complete(Exception? exception = null)
    {
        if (this.completed)
        {
            return;
        }

        this.completed = true;
        if (this.mode == Mode.Rewriting)
        {
            this.rewriter!.Output.Complete(exception);
            this.rewriter.Stop();
        }
        else
        {
            this.transport.Complete(exception);
        }
    }

    /// <summary>Completes this reader if Kestrel has not, and waits for the rewrite pump, if any, to end.</summary>
    public Task StopAsync()
    {
        this.Complete();
        return this.rewriter?.Completion ?? Task.CompletedTask;
    }

    private async ValueTask<ReadResult> InspectAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await this.transport.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (this.Decide(read, out var result))
            {
                return this.mode == Mode.Rewriting ? await this.rewriter!.Output.ReadAsync(cancellationToken).ConfigureAwait(false) : result;
            }
        }
    }

    /// <summary>
    /// Inspects what the transport returned. True when there is something for Kestrel: the
    /// read itself (pass-through), the frames before the first header block, or, in rewrite
    /// mode, the pipe to read; false when the transport was advanced to wait for more bytes.
    /// </summary>
    private bool Decide(ReadResult read, out ReadResult result)
    {
        var decision = this.Inspect(read.Buffer);
        if (decision == Mode.Inspecting && read.IsCompleted)
        {
            decision = Mode.PassThrough;
        }

        switch (decision)
        {
            case Mode.PassThrough:
                this.mode = Mode.PassThrough;
                this.lastBuffer = default;
                this.assembler = null;
                result = read;
                return true;
            case Mode.Rewriting:
                this.transport.AdvanceTo(read.Buffer.Start);
                this.rewriter = new Http2AuthorityRewriter(
                    this.transport, Math.Max(0, Http2Frames.ClientPreface.Length - this.consumed), this.headerTableSize, this.headerBlockLimit);
                this.mode = Mode.Rewriting;
                this.rewriter.Start();
                result = default;
                return true;
        }

        if (this.inspected > this.examinedEnd || read.IsCanceled)
        {
            this.lastBuffer = read.Buffer;
            this.exposedEnd = this.inspected;
            result = new ReadResult(read.Buffer.Slice(0, this.inspected - this.consumed), read.IsCanceled, isCompleted: false);
            return true;
        }

        this.transport.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        result = default;
        return false;
    }

    /// <summary>Inspects <paramref name="buffer"/> (which starts where Kestrel stopped consuming) and decides, or not yet.</summary>
    private Mode Inspect(in ReadOnlySequence<byte> buffer)
    {
        if (this.inspected == 0)
        {
            var preface = Http2Frames.ClientPreface;
            Span<byte> start = stackalloc byte[preface.Length];
            var have = (int)Math.Min(buffer.Length, preface.Length);
            buffer.Slice(0, have).CopyTo(start);
            if (!start[..have].SequenceEqual(preface[..have]))
            {
                return Mode.PassThrough;
            }

            if (have < preface.Length)
            {
                return Mode.Inspecting;
            }

            this.inspected = preface.Length;
        }

        while (true)
        {
            var rest = buffer.Slice(this.inspected - this.consumed);
            if (!Http2Frames.TryReadHeader(rest, out var header))
            {
                return Mode.Inspecting;
            }

            if (header.Type is Http2Frames.Headers or Http2Frames.Continuation)
            {
                return this.InspectFirstHeaderBlock(rest);
            }

            if (this.inspected + header.FrameLength > InspectionLimit)
            {
                return Mode.PassThrough;
            }

            if (rest.Length < header.FrameLength)
            {
                return Mode.Inspecting;
            }

            this.inspected += header.FrameLength;
        }
    }

    private Mode InspectFirstHeaderBlock(in ReadOnlySequence<byte> block)
    {
        this.assembler ??= new HeaderBlockAssembler((int)(InspectionLimit - this.inspected));
        switch (this.assembler.TryAssemble(block))
        {
            case HeaderBlockStatus.Incomplete:
                return Mode.Inspecting;
            case HeaderBlockStatus.Complete:
                break;
            default:
                // Not ours to judge: Kestrel answers a malformed or oversized block as it always does.
                return Mode.PassThrough;
        }

        var sniffer = new AuthoritySniffer();
        try
        {
            new HpackDecoder(this.headerTableSize).Decode(this.assembler.Fragment, sniffer);
        }
        catch (InvalidDataException)
        {
            return Mode.PassThrough;
        }

        if (sniffer.SocketAuthority is not { } authority)
        {
            return Mode.PassThrough;
        }

        CriKestrelEventSource.Log.AuthorityRewritten(authority);
        return Mode.Rewriting;
    }
}
