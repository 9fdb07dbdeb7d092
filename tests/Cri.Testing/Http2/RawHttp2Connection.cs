using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Cri.Testing.Http2;

/// <summary>
/// An HTTP/2 client on a bare socket, for sending what no real client library would: a chosen
/// <c>:authority</c>, hand-made HPACK, garbage. Header blocks are written with literals and raw
/// strings; the server's frames come back undecoded.
/// </summary>
public sealed class RawHttp2Connection : IAsyncDisposable
{
    private readonly Socket socket;
    private readonly NetworkStream stream;

    private RawHttp2Connection(Socket socket)
    {
        this.socket = socket;
        this.stream = new NetworkStream(socket, ownsSocket: false);
    }

    /// <summary>The client preface and an empty SETTINGS frame.</summary>
    public static byte[] Preface { get; } = [.. "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8, .. Frame(RawHttp2Frame.Settings, 0, 0, [])];

    public static async Task<RawHttp2Connection> ConnectAsync(EndPoint endpoint, CancellationToken cancellationToken)
    {
        var socket = endpoint is UnixDomainSocketEndPoint
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken);
            return new RawHttp2Connection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public static byte[] Frame(byte type, byte flags, int streamId, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[9 + payload.Length];
        frame[0] = (byte)(payload.Length >> 16);
        frame[1] = (byte)(payload.Length >> 8);
        frame[2] = (byte)payload.Length;
        frame[3] = type;
        frame[4] = flags;
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(5), streamId);
        payload.CopyTo(frame.AsSpan(9));
        return frame;
    }

    /// <summary>
    /// A unary gRPC request with an empty message: a HEADERS frame (<c>POST</c>, <c>http</c>, the
    /// path, the authority, <c>content-type</c>, <c>te</c>) and a DATA frame that ends the stream.
    /// The authority is a literal with incremental indexing when <paramref name="indexAuthority"/>
    /// is set (the client's dynamic table then holds it at index 62), or <c>null</c> to refer to
    /// that entry.
    /// </summary>
    public static byte[] UnaryRequest(int streamId, string path, string? authority, bool indexAuthority = false)
    {
        var block = new List<byte> { 0x83, 0x86 };  // :method POST, :scheme http
        AddLiteral(block, 0x04, path);               // :path, without indexing
        if (authority is null)
        {
            block.Add(0xBE);                         // dynamic index 62
        }
        else
        {
            AddLiteral(block, indexAuthority ? (byte)0x41 : (byte)0x01, authority);
        }

        block.AddRange([0x0F, 0x10]);                // content-type (static 31), without indexing
        AddString(block, "application/grpc");
        block.Add(0x00);
        AddString(block, "te");
        AddString(block, "trailers");
        return [.. Frame(RawHttp2Frame.Headers, 0x4, streamId, [.. block]), .. Frame(RawHttp2Frame.Data, 0x1, streamId, [0, 0, 0, 0, 0])];
    }

    public async Task SendAsync(byte[] bytes, CancellationToken cancellationToken)
        => await this.stream.WriteAsync(bytes, cancellationToken);

    /// <summary>Tells the server nothing more is coming.</summary>
    public void ShutdownSend() => this.socket.Shutdown(SocketShutdown.Send);

    /// <summary>The next frame, or <c>null</c> when the server closed the connection (or cut a frame short).</summary>
    public async Task<RawHttp2Frame?> ReadFrameAsync(CancellationToken cancellationToken)
    {
        var header = new byte[9];
        if (!await this.ReadExactlyAsync(header, cancellationToken))
        {
            return null;
        }

        var payload = new byte[(header[0] << 16) | (header[1] << 8) | header[2]];
        return await this.ReadExactlyAsync(payload, cancellationToken)
            ? new RawHttp2Frame(header[3], header[4], BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(5)) & 0x7FFF_FFFF, payload)
            : null;
    }

    /// <summary>
    /// The server's frames for <paramref name="streamId"/> until the stream ends (END_STREAM or
    /// RST_STREAM) or the connection does; SETTINGS are acknowledged on the way.
    /// </summary>
    public async Task<IReadOnlyList<RawHttp2Frame>> ReadStreamAsync(int streamId, CancellationToken cancellationToken)
    {
        var frames = new List<RawHttp2Frame>();
        while (await this.ReadFrameAsync(cancellationToken) is { } frame)
        {
            if (frame.Type == RawHttp2Frame.Settings && (frame.Flags & 0x1) == 0)
            {
                await this.SendAsync(Frame(RawHttp2Frame.Settings, 0x1, 0, []), cancellationToken);
            }

            if (frame.StreamId == streamId || frame.Type == RawHttp2Frame.GoAway)
            {
                frames.Add(frame);
            }

            if ((frame.StreamId == streamId && (frame.EndStream || frame.Type == RawHttp2Frame.RstStream)) || frame.Type == RawHttp2Frame.GoAway)
            {
                break;
            }
        }

        return frames;
    }

    /// <summary>Reads and drops whatever the server sends until it closes the connection.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[16384];
        try
        {
            while (await this.stream.ReadAsync(buffer, cancellationToken) > 0)
            {
            }
        }
        catch (IOException)
        {
            // A reset is an end too.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await this.stream.DisposeAsync();
        this.socket.Dispose();
    }

    private static void AddLiteral(List<byte> block, byte prefix, string value)
    {
        block.Add(prefix);
        AddString(block, value);
    }

    private static void AddString(List<byte> block, string value)
    {
        var bytes = Encoding.ASCII.GetBytes(value);
        if (bytes.Length >= 127)
        {
            throw new ArgumentException("Strings of 127 bytes and more need a multi-byte length; not needed here.", nameof(value));
        }

        block.Add((byte)bytes.Length);
        block.AddRange(bytes);
    }

    private async Task<bool> ReadExactlyAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        try
        {
            await this.stream.ReadExactlyAsync(buffer, cancellationToken);
            return true;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException)
        {
            return false;
        }
    }
}
