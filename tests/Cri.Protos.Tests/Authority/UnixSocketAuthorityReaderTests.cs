using System.Buffers;
using System.IO.Pipelines;
using Cri.Protos.Internal;
using Cri.Testing.Http2;

namespace Cri.Protos.Tests.Authority;

/// <summary>The per-connection inspection and rewrite, without Kestrel.</summary>
public sealed class UnixSocketAuthorityReaderTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(100_000)]
    public async Task Captured_grpcio_blocks_come_out_with_localhost_and_every_other_field_unchanged(int chunk)
    {
        var input = GrpcioCapture.Bytes();

        var (output, rewritten, error) = await RewriterHarness.RunAsync(input, chunk, Cancellation);

        Assert.Null(error);
        Assert.True(rewritten);
        var sent = RewriterHarness.HeaderBlocks(input);
        var seen = RewriterHarness.HeaderBlocks(output);
        Assert.Equal(3, sent.Count);
        Assert.All(sent, block => Assert.Contains((":authority", GrpcioCapture.Authority), block));
        Assert.Equal(sent.Select(b => b.Select(f => f.Name == ":authority" ? (f.Name, "localhost") : f)), seen);
    }

    [Fact]
    public async Task Frames_other_than_header_blocks_pass_verbatim()
    {
        var input = GrpcioCapture.Bytes();

        var (output, _, _) = await RewriterHarness.RunAsync(input, 13, Cancellation);

        Assert.Equal(WithoutHeaderBlocks(input), WithoutHeaderBlocks(output));
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("localhost:10000")]
    [InlineData("bad host")]
    [InlineData("")]
    public async Task Other_authorities_pass_through_byte_for_byte(string authority)
    {
        byte[] input = [.. RawHttp2Connection.Preface, .. RawHttp2Connection.UnaryRequest(1, "/runtime.v1.RuntimeService/Version", authority)];

        var (output, rewritten, error) = await RewriterHarness.RunAsync(input, 5, Cancellation);

        Assert.Null(error);
        Assert.False(rewritten);
        Assert.Equal(input, output);
    }

    [Fact]
    public async Task The_frames_before_the_first_header_block_reach_kestrel_while_it_is_awaited()
    {
        // A client may wait for the server's SETTINGS before it sends a request (grpc-go does).
        var pipe = new Pipe();
        var reader = new UnixSocketAuthorityReader(pipe.Reader, 4096, RewriterHarness.HeaderBlockLimit);
        await pipe.Writer.WriteAsync(RawHttp2Connection.Preface, Cancellation);

        var first = await reader.ReadAsync(Cancellation);

        Assert.Equal(RawHttp2Connection.Preface, first.Buffer.ToArray());
        reader.AdvanceTo(first.Buffer.End);
        var request = RawHttp2Connection.UnaryRequest(1, "/x", "/run/x.sock");
        await pipe.Writer.WriteAsync(request.AsMemory(0, 20), Cancellation);
        var pending = reader.ReadAsync(Cancellation);
        Assert.False(pending.IsCompleted);  // half a header block: nothing for Kestrel yet
        await pipe.Writer.WriteAsync(request.AsMemory(20), Cancellation);
        var second = await pending;
        Assert.True(reader.IsRewriting);
        Assert.Equal([("localhost")], RewriterHarness.HeaderBlocks([.. RawHttp2Connection.Preface, .. second.Buffer.ToArray()])[0].Where(f => f.Name == ":authority").Select(f => f.Value));
        reader.AdvanceTo(second.Buffer.End);
        await pipe.Writer.CompleteAsync();
        await reader.StopAsync();
    }

    [Theory]
    [InlineData("/run/x.sock", true)]
    [InlineData("%2Frun%2Fx.sock", true)]
    [InlineData("%2frun%2fx.sock", true)]
    [InlineData("unix:/run/x.sock", true)]
    [InlineData("UNIX:///run/x.sock", true)]
    [InlineData("unix-abstract:cri", true)]
    [InlineData("localhost", false)]
    [InlineData("127.0.0.1:10000", false)]
    [InlineData("unixhost", false)]
    [InlineData("bad host", false)]
    public void Socket_forms_are_decided_narrowly(string authority, bool socketForm)
        => Assert.Equal(socketForm, UnixSocketAuthority.IsSocketForm(System.Text.Encoding.ASCII.GetBytes(authority)));

    [Fact]
    public async Task Long_header_blocks_are_split_into_frames_of_at_most_16384_bytes()
    {
        // Padding, priority and CONTINUATION on the way in; a 20,000-byte value on the way out.
        var block = new List<byte> { 0x83, 0x86, 0x84, 0x01, 0x0b };
        block.AddRange("/run/x.sock"u8.ToArray());
        block.AddRange([0x00, 0x01, (byte)'x', 0x7F, 0xA1, 0x9B, 0x01]);  // new name "x", value length 127 + 0x21 + (0x1B << 7) + (1 << 14) = 20,000
        block.AddRange(Enumerable.Repeat((byte)'v', 20_000));
        var headersPayload = new List<byte> { 3, 0, 0, 0, 0, 16 };          // pad length 3, priority (no dependency, weight 16)
        headersPayload.AddRange(block.Take(100));
        headersPayload.AddRange([0, 0, 0]);
        byte[] input =
        [
            .. RawHttp2Connection.Preface,
            .. RawHttp2Connection.Frame(0x1, 0x8 | 0x20 | 0x1, 1, [.. headersPayload]),
            .. RawHttp2Connection.Frame(0x9, 0x0, 1, [.. block.Skip(100).Take(10_000)]),
            .. RawHttp2Connection.Frame(0x9, 0x4, 1, [.. block.Skip(10_100)]),
        ];

        var (output, rewritten, error) = await RewriterHarness.RunAsync(input, 4096, Cancellation);

        Assert.Null(error);
        Assert.True(rewritten);
        var frames = Frames(output).ToList();
        Assert.Equal([(0x4, 0x0), (0x1, 0x20 | 0x1), (0x9, 0x4)], frames.Select(f => ((int)f.Type, (int)f.Flags)));
        Assert.All(frames, f => Assert.True(f.PayloadLength <= 16_384));
        var fields = Assert.Single(RewriterHarness.HeaderBlocks(output));
        Assert.Equal([(":method", "POST"), (":scheme", "http"), (":path", "/"), (":authority", "localhost"), ("x", new string('v', 20_000))], fields);
    }

    private static IEnumerable<Http2FrameHeader> Frames(byte[] connection)
    {
        var rest = new ReadOnlySequence<byte>(connection).Slice(Http2Frames.ClientPreface.Length);
        while (Http2Frames.TryReadHeader(rest, out var header))
        {
            yield return header;
            rest = rest.Slice(header.FrameLength);
        }
    }

    private static byte[] WithoutHeaderBlocks(byte[] connection)
    {
        var kept = new List<byte>(connection.AsSpan(0, Http2Frames.ClientPreface.Length).ToArray());
        var offset = Http2Frames.ClientPreface.Length;
        foreach (var header in Frames(connection))
        {
            if (header.Type is not (Http2Frames.Headers or Http2Frames.Continuation))
            {
                kept.AddRange(connection.AsSpan(offset, header.FrameLength).ToArray());
            }

            offset += header.FrameLength;
        }

        return [.. kept];
    }
}
