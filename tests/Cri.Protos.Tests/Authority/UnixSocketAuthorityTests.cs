using System.Net;
using System.Net.Sockets;
using System.Text;
using Cri.Protos.Internal;
using Cri.Protos.Tests.Contract;
using Cri.Testing.Http2;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Cri.Protos.Tests.Authority;

/// <summary>
/// ListenCri through Kestrel with hand-made HTTP/2: a socket-form <c>:authority</c> is served on a
/// Unix socket, and still refused on TCP; other values are Kestrel's to judge as before.
/// </summary>
public sealed class UnixSocketAuthorityTests : IDisposable
{
    private const string VersionPath = "/runtime.v1.RuntimeService/Version";

    private readonly string directory = Directory.CreateTempSubdirectory("cra").FullName;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private string SocketPath => Path.Combine(this.directory, "rt.sock");

    public void Dispose() => Directory.Delete(this.directory, recursive: true);

    [Theory]
    [InlineData("path")]
    [InlineData("%-encoded path")]
    [InlineData("unix:path")]
    [InlineData("unix-abstract:cri")]
    [InlineData("localhost")]
    public async Task A_unix_socket_serves_socket_forms_as_localhost(string form)
    {
        await using var app = await ListenCriTests.StartAsync("unix://" + this.SocketPath);
        await using var connection = await RawHttp2Connection.ConnectAsync(new UnixDomainSocketEndPoint(this.SocketPath), Cancellation);
        await connection.SendAsync([.. RawHttp2Connection.Preface, .. RawHttp2Connection.UnaryRequest(1, VersionPath, this.Authority(form))], Cancellation);

        var frames = await connection.ReadStreamAsync(1, Cancellation);

        Assert.Equal("0", GrpcStatus(new HpackDecoder(4096), frames));
        Assert.Equal("localhost", app.Services.GetRequiredService<EchoRuntimeService>().LastHost);
    }

    [Theory]
    [InlineData("bad host")]
    [InlineData("local\\host")]
    public async Task A_unix_socket_still_refuses_other_invalid_authorities(string authority)
    {
        await using var app = await ListenCriTests.StartAsync("unix://" + this.SocketPath);
        await using var connection = await RawHttp2Connection.ConnectAsync(new UnixDomainSocketEndPoint(this.SocketPath), Cancellation);
        await connection.SendAsync([.. RawHttp2Connection.Preface, .. RawHttp2Connection.UnaryRequest(1, VersionPath, authority)], Cancellation);

        var frames = await connection.ReadStreamAsync(1, Cancellation);

        AssertProtocolErrorReset(frames);
    }

    [Theory]
    [InlineData("path")]
    [InlineData("%-encoded path")]
    [InlineData("unix:path")]
    public async Task A_tcp_endpoint_still_refuses_socket_forms(string form)
    {
        await using var app = await ListenCriTests.StartAsync("tcp://127.0.0.1:0");
        var address = new Uri(app.Urls.Single());
        await using var connection = await RawHttp2Connection.ConnectAsync(new IPEndPoint(IPAddress.Loopback, address.Port), Cancellation);
        await connection.SendAsync([.. RawHttp2Connection.Preface, .. RawHttp2Connection.UnaryRequest(1, VersionPath, this.Authority(form))], Cancellation);

        var frames = await connection.ReadStreamAsync(1, Cancellation);

        AssertProtocolErrorReset(frames);
    }

    [Fact]
    public async Task Many_calls_on_one_connection_keep_the_client_table_in_step()
    {
        // The first request indexes the authority; the next 99 send only its dynamic index.
        await using var app = await ListenCriTests.StartAsync("unix://" + this.SocketPath);
        await using var connection = await RawHttp2Connection.ConnectAsync(new UnixDomainSocketEndPoint(this.SocketPath), Cancellation);
        await connection.SendAsync([.. RawHttp2Connection.Preface, .. RawHttp2Connection.UnaryRequest(1, VersionPath, this.Authority("%-encoded path"), indexAuthority: true)], Cancellation);
        var responses = new HpackDecoder(4096);
        Assert.Equal("0", GrpcStatus(responses, await connection.ReadStreamAsync(1, Cancellation)));

        for (var stream = 3; stream < 200; stream += 2)
        {
            await connection.SendAsync(RawHttp2Connection.UnaryRequest(stream, VersionPath, authority: null), Cancellation);
            Assert.Equal("0", GrpcStatus(responses, await connection.ReadStreamAsync(stream, Cancellation)));
        }
    }

    [Fact]
    public async Task Captured_grpcio_bytes_get_three_answers()
    {
        await using var app = await ListenCriTests.StartAsync("unix://" + this.SocketPath);
        await using var connection = await RawHttp2Connection.ConnectAsync(new UnixDomainSocketEndPoint(this.SocketPath), Cancellation);
        await connection.SendAsync(GrpcioCapture.Bytes(), Cancellation);

        // The calls are concurrent: answers interleave, and every HEADERS frame is decoded in order.
        var responses = new HpackDecoder(4096);
        var statuses = new Dictionary<int, string?>();
        while (statuses.Count < 3 && await connection.ReadFrameAsync(Cancellation) is { } frame)
        {
            if (frame.Type == RawHttp2Frame.RstStream)
            {
                statuses[frame.StreamId] = "reset";
            }
            else if (frame.Type == RawHttp2Frame.Headers)
            {
                var status = GrpcStatus(responses, [frame]);
                if (frame.EndStream)
                {
                    statuses[frame.StreamId] = status;
                }
            }
        }

        Assert.Equal([(1, "0"), (3, "0"), (5, "0")], statuses.OrderBy(s => s.Key).Select(s => (s.Key, s.Value)));
    }

    private static void AssertProtocolErrorReset(IReadOnlyList<RawHttp2Frame> frames)
    {
        var reset = Assert.Single(frames, f => f.Type == RawHttp2Frame.RstStream);
        Assert.Equal(1, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(reset.Payload));  // PROTOCOL_ERROR
        Assert.DoesNotContain(frames, f => f.Type == RawHttp2Frame.Data);
    }

    /// <summary>The <c>grpc-status</c> of a stream's response, decoding every HEADERS frame in order as a client must.</summary>
    private static string? GrpcStatus(HpackDecoder decoder, IReadOnlyList<RawHttp2Frame> frames)
    {
        string? status = null;
        foreach (var frame in frames.Where(f => f.Type == RawHttp2Frame.Headers))
        {
            foreach (var (name, value) in CollectedHeaders.Decode(decoder, frame.Payload))
            {
                status = name == "grpc-status" ? value : status;
            }
        }

        return status ?? (frames.Any(f => f.Type == RawHttp2Frame.RstStream) ? "reset" : "none");
    }

    private string Authority(string form) => form switch
    {
        "path" => this.SocketPath,
        "%-encoded path" => Uri.EscapeDataString(this.SocketPath),
        "unix:path" => "unix:" + this.SocketPath,
        _ => form,
    };
}
