using System.Buffers.Binary;
using Google.Protobuf;

namespace Cri.Tracing.Benchmarks.Support;

/// <summary>A gRPC length-prefixed message frame, as the wire carries a request or response.</summary>
internal static class GrpcFrame
{
    /// <summary>Encodes one message, not compressed.</summary>
    public static byte[] Encode(IMessage message)
    {
        var body = message.ToByteArray();
        var frame = new byte[5 + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1, 4), (uint)body.Length);
        body.CopyTo(frame.AsSpan(5));
        return frame;
    }
}
