using System.IO.Pipelines;
using BenchmarkDotNet.Attributes;
using Cri.Protos.Internal;

namespace Cri.Tracing.Benchmarks.Transport;

/// <summary>
/// The per-connection work of <c>ListenCri</c>'s Unix-socket middleware for a client that sends
/// <c>localhost</c>, without sockets or Kestrel: the start of a connection (preface, SETTINGS, one
/// unary request) read out of a fresh <see cref="Pipe"/> directly (baseline), and through
/// <see cref="UnixSocketAuthorityReader"/>, which inspects the first header block and then
/// passes through.
/// </summary>
[MemoryDiagnoser]
public class ConnectionInspectionBenchmarks
{
    // "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", an empty SETTINGS frame, then HEADERS (END_HEADERS) on stream 1:
    // POST, http, :path /runtime.v1.RuntimeService/Version, :authority localhost, content-type
    // application/grpc, te trailers, as literals without indexing; then an empty message, END_STREAM.
    private readonly byte[] connectionStart = Convert.FromHexString(
        "505249202a20485454502f322e300d0a0d0a534d0d0a0d0a" + "000000040000000000"
        + "000051010400000001"
        + "838604222f72756e74696d652e76312e52756e74696d65536572766963652f56657273696f6e01096c6f63616c686f73740f10106170706c69636174696f6e2f677270630002746508747261696c657273"
        + "000005000100000001" + "0000000000");

    [GlobalSetup]
    public async Task VerifyAsync()
    {
        var pipe = await this.FilledPipeAsync();
        var reader = new UnixSocketAuthorityReader(pipe.Reader, 4096, 64 * 1024);
        var read = await ReadAllAsync(reader);
        if (read != this.connectionStart.Length || reader.IsRewriting)
        {
            throw new InvalidOperationException($"The inspected connection read {read} bytes, rewriting: {reader.IsRewriting}.");
        }
    }

    [Benchmark(Baseline = true)]
    public async Task<long> PlainPipe() => await ReadAllAsync((await this.FilledPipeAsync()).Reader);

    [Benchmark]
    public async Task<long> InspectedThenPassedThrough()
        => await ReadAllAsync(new UnixSocketAuthorityReader((await this.FilledPipeAsync()).Reader, 4096, 64 * 1024));

    private async Task<Pipe> FilledPipeAsync()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(this.connectionStart);
        await pipe.Writer.CompleteAsync();
        return pipe;
    }

    private static async Task<long> ReadAllAsync(PipeReader reader)
    {
        long read = 0;
        while (true)
        {
            var result = await reader.ReadAsync();
            read += result.Buffer.Length;
            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                await reader.CompleteAsync();
                return read;
            }
        }
    }
}
