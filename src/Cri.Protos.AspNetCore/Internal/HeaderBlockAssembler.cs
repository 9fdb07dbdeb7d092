using System.Buffers;

namespace Cri.Protos.Internal;

/// <summary>
/// Gathers one request header block: a HEADERS frame and the CONTINUATION frames after it, into
/// one fragment without padding or priority. Incremental: frames already checked are not
/// scanned again when more bytes arrive, as long as the block starts at the same place.
/// </summary>
internal sealed class HeaderBlockAssembler
{
    private readonly int limit;
    private byte[] fragment = [];
    private int scanned;

    /// <param name="limit">The most bytes the frames of one block may take.</param>
    public HeaderBlockAssembler(int limit) => this.limit = limit;

    public int StreamId { get; private set; }

    public bool EndStream { get; private set; }

    /// <summary>The HEADERS frame's priority fields (stream dependency and weight) when it had the PRIORITY flag, else empty.</summary>
    public ReadOnlySpan<byte> Priority => this.HasPriority ? this.fragment.AsSpan(0, 5) : default;

    /// <summary>The block's HPACK bytes.</summary>
    public ReadOnlySpan<byte> Fragment => this.fragment.AsSpan(5, this.FragmentLength);

    public int FragmentLength { get; private set; }

    /// <summary>The bytes the whole block takes, frame headers included, once complete.</summary>
    public int Length => this.scanned;

    private bool HasPriority { get; set; }

    /// <summary>Looks at <paramref name="buffer"/>, which starts at the block's HEADERS frame.</summary>
    public HeaderBlockStatus TryAssemble(in ReadOnlySequence<byte> buffer)
    {
        while (true)
        {
            var rest = buffer.Slice(this.scanned);
            if (!Http2Frames.TryReadHeader(rest, out var header))
            {
                return HeaderBlockStatus.Incomplete;
            }

            if (this.scanned == 0)
            {
                if (header.Type != Http2Frames.Headers)
                {
                    return HeaderBlockStatus.Malformed;
                }

                this.StreamId = header.StreamId;
            }
            else if (header.Type != Http2Frames.Continuation || header.StreamId != this.StreamId)
            {
                return HeaderBlockStatus.Malformed;
            }

            if ((long)this.scanned + header.FrameLength > this.limit)
            {
                return HeaderBlockStatus.TooLarge;
            }

            if (rest.Length < header.FrameLength)
            {
                return HeaderBlockStatus.Incomplete;
            }

            this.scanned += header.FrameLength;
            if (header.Has(Http2Frames.EndHeaders))
            {
                return this.Gather(buffer.Slice(0, this.scanned));
            }
        }
    }

    /// <summary>Starts over for the next block.</summary>
    public void Reset()
    {
        this.scanned = 0;
        this.FragmentLength = 0;
        this.HasPriority = false;
        this.EndStream = false;
    }

    private HeaderBlockStatus Gather(ReadOnlySequence<byte> frames)
    {
        if (this.fragment.Length < 5 + this.scanned)
        {
            this.fragment = new byte[5 + this.scanned];
        }

        var first = true;
        while (Http2Frames.TryReadHeader(frames, out var header))
        {
            var payload = frames.Slice(Http2Frames.HeaderLength, header.PayloadLength);
            frames = frames.Slice(header.FrameLength);
            if (first)
            {
                first = false;
                this.EndStream = header.Has(Http2Frames.EndStream);
                var padding = 0;
                if (header.Has(Http2Frames.Padded))
                {
                    if (payload.Length < 1)
                    {
                        return HeaderBlockStatus.Malformed;
                    }

                    padding = payload.FirstSpan[0];
                    payload = payload.Slice(1);
                }

                if (header.Has(Http2Frames.Priority))
                {
                    if (payload.Length < 5)
                    {
                        return HeaderBlockStatus.Malformed;
                    }

                    payload.Slice(0, 5).CopyTo(this.fragment);
                    payload = payload.Slice(5);
                    this.HasPriority = true;
                }

                if (padding > payload.Length)
                {
                    return HeaderBlockStatus.Malformed;
                }

                payload = payload.Slice(0, payload.Length - padding);
            }

            payload.CopyTo(this.fragment.AsSpan(5 + this.FragmentLength));
            this.FragmentLength += (int)payload.Length;
        }

        return HeaderBlockStatus.Complete;
    }
}
