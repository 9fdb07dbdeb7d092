using System.Buffers;
using System.Buffers.Binary;

namespace Cri.Protos.Internal;

/// <summary>The HTTP/2 framing the authority rewrite needs (RFC 9113, 3.4 and 4).</summary>
internal static class Http2Frames
{
    public const int HeaderLength = 9;

    /// <summary>The frame size every peer must accept (SETTINGS_MAX_FRAME_SIZE's initial value).</summary>
    public const int DefaultMaxPayload = 16_384;

    public const byte Headers = 0x1;
    public const byte Continuation = 0x9;

    public const byte EndStream = 0x1;
    public const byte EndHeaders = 0x4;
    public const byte Padded = 0x8;
    public const byte Priority = 0x20;

    /// <summary>The connection preface a client sends first (RFC 9113, 3.4).</summary>
    public static ReadOnlySpan<byte> ClientPreface => "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8;

    /// <summary>Reads the 9-byte header of the frame at the start of <paramref name="buffer"/>, if it is all there.</summary>
    public static bool TryReadHeader(in ReadOnlySequence<byte> buffer, out Http2FrameHeader header)
    {
        if (buffer.Length < HeaderLength)
        {
            header = default;
            return false;
        }

        Span<byte> bytes = stackalloc byte[HeaderLength];
        buffer.Slice(0, HeaderLength).CopyTo(bytes);
        header = new Http2FrameHeader(
            (bytes[0] << 16) | (bytes[1] << 8) | bytes[2],
            bytes[3],
            bytes[4],
            (int)(BinaryPrimitives.ReadUInt32BigEndian(bytes[5..]) & 0x7FFF_FFFF));
        return true;
    }

    public static void WriteHeader(Span<byte> destination, int payloadLength, byte type, byte flags, int streamId)
    {
        destination[0] = (byte)(payloadLength >> 16);
        destination[1] = (byte)(payloadLength >> 8);
        destination[2] = (byte)payloadLength;
        destination[3] = type;
        destination[4] = flags;
        BinaryPrimitives.WriteUInt32BigEndian(destination[5..], (uint)streamId);
    }
}
