using System.Diagnostics.Metrics;
using System.Net.Sockets;
using Cri.Protos.Tests.Contract;
using Cri.Testing.Http2;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.DependencyInjection;

namespace Cri.Protos.Tests.Authority;

/// <summary>
/// Garbage, truncated and mutated HTTP/2 (from real grpcio bytes) against the rewrite, directly
/// and through Kestrel on a Unix socket: nothing throws out of the server, every connection ends,
/// and the server serves afterwards.
/// </summary>
public sealed class AuthorityFuzzTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("crf").FullName;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(this.directory, recursive: true);

    [Fact]
    public async Task The_rewriter_ends_every_input_cleanly()
    {
        foreach (var (input, chunk) in Inputs().Zip(Gen.Choose(1, 300)).Sample(400, 50))
        {
            using var guard = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
            guard.CancelAfter(TimeSpan.FromSeconds(30));  // a hang fails the test; nothing here is timed

            var (_, _, error) = await RewriterHarness.RunAsync(input, chunk, guard.Token);

            Assert.True(error is null or IOException, $"{Convert.ToHexString(input)}: {error}");
        }
    }

    [Fact]
    public async Task Kestrel_on_a_unix_socket_survives_garbage_and_ends_every_connection()
    {
        var socket = Path.Combine(this.directory, "rt.sock");
        await using var app = await ListenCriTests.StartAsync("unix://" + socket);
        var factory = app.Services.GetRequiredService<IMeterFactory>();
        long active = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == factory && instrument is { Name: "kestrel.active_connections", Meter.Name: "Microsoft.AspNetCore.Server.Kestrel" })
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, change, _, _) => Interlocked.Add(ref active, change));
        listener.Start();

        foreach (var input in Inputs().Sample(400, 150))
        {
            using var guard = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
            guard.CancelAfter(TimeSpan.FromSeconds(30));  // a connection Kestrel never ends fails the test
            await using var connection = await RawHttp2Connection.ConnectAsync(new UnixDomainSocketEndPoint(socket), guard.Token);
            try
            {
                await connection.SendAsync(input, guard.Token);
                connection.ShutdownSend();
            }
            catch (Exception e) when (e is IOException or SocketException)
            {
                // The server may close before it has read everything.
            }

            await connection.DrainAsync(guard.Token);
        }

        for (var wait = 0; Interlocked.Read(ref active) != 0 && wait < 600; wait++)
        {
            await Task.Delay(50, Cancellation);
        }

        Assert.Equal(0, Interlocked.Read(ref active));
        Assert.Equal("after", await ListenCriTests.VersionAsync("unix://" + socket, "after"));
    }

    /// <summary>Random bytes, random bytes after the preface, random frames, and truncations and mutations of real grpcio bytes.</summary>
    private static Gen<byte[]> Inputs()
    {
        var capture = GrpcioCapture.Bytes();
        var preface = capture[..24];
        var bytes = Gen.Choose(0, 255).Select(b => (byte)b);
        var random = Gen.ArrayOf(bytes);
        var frame = from type in Gen.Frequency((3, Gen.Choose(0, 10)), (1, Gen.Choose(0, 255)))
                    from flags in Gen.Choose(0, 255)
                    from stream in Gen.Frequency((3, Gen.Choose(0, 5)), (1, Gen.Choose(0, int.MaxValue)))
                    from payload in Gen.ArrayOf(bytes)
                    from declared in Gen.Frequency((4, Gen.Constant(payload.Length)), (1, Gen.Choose(0, 1 << 24)))
                    select RawHttp2Connection.Frame((byte)type, (byte)flags, stream, payload)[..9]
                        .Concat(payload).Select((b, i) => i < 3 ? (byte)(declared >> (8 * (2 - i))) : b).ToArray();
        var frames = Gen.ArrayOf(frame).Select(f => preface.Concat(f.SelectMany(x => x)).ToArray());
        var truncated = Gen.Choose(0, capture.Length).Select(n => capture[..n]);
        var mutated = from count in Gen.Choose(1, 6)
                      from positions in Gen.ArrayOf(Gen.Choose(24, capture.Length - 1), count)
                      from values in Gen.ArrayOf(bytes, count)
                      from length in Gen.Frequency((3, Gen.Constant(capture.Length)), (1, Gen.Choose(24, capture.Length)))
                      select Mutate(capture, positions, values, length);
        return Gen.Frequency(
            (1, random),
            (1, random.Select(r => preface.Concat(r).ToArray())),
            (2, frames),
            (1, truncated),
            (4, mutated));
    }

    private static byte[] Mutate(byte[] original, int[] positions, byte[] values, int length)
    {
        var copy = (byte[])original.Clone();
        for (var i = 0; i < positions.Length; i++)
        {
            copy[positions[i]] = values[i];
        }

        return copy[..length];
    }
}
