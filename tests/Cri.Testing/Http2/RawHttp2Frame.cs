namespace Cri.Testing.Http2;

/// <summary>One HTTP/2 frame as read off the wire.</summary>
public sealed record RawHttp2Frame(byte Type, byte Flags, int StreamId, byte[] Payload)
{
    public const byte Data = 0x0;
    public const byte Headers = 0x1;
    public const byte RstStream = 0x3;
    public const byte Settings = 0x4;
    public const byte GoAway = 0x7;

    public bool EndStream => (this.Flags & 0x1) != 0 && this.Type is Data or Headers;
}
