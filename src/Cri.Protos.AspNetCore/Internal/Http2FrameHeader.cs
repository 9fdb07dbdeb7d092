namespace Cri.Protos.Internal;

/// <summary>An HTTP/2 frame's 9-byte header, parsed.</summary>
internal readonly record struct Http2FrameHeader(int PayloadLength, byte Type, byte Flags, int StreamId)
{
    public int FrameLength => Http2Frames.HeaderLength + this.PayloadLength;

    public bool Has(byte flag) => (this.Flags & flag) != 0;
}
