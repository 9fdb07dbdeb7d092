using System.Buffers;
using System.IO.Pipelines;
using Cri.Protos.Internal;

namespace Cri.Protos.Tests.Authority;

/// <summary>Drives <see cref="UnixSocketAuthorityReader"/> without Kestrel: bytes in, what a reader that consumes everything sees out.</summary>
internal static class RewriterHarness
{
    public static readonly int HeaderBlockLimit = 64 * 1024;

    /// <summary>
    /// Writes <paramref name="input"/> in pieces of <paramref name="chunk"/> bytes, then ends the
    /// input; returns what came out, whether the connection was rewritten, and the error the
    /// reader ended with, if any.
    /// </summary>
    public static async Task<(byte[] Output, bool Rewritten, Exception? Error)> RunAsync(byte[] input, int chunk, CancellationToken cancellationToken)
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
        var writing = Task.Run(
            async () =>
            {
                for (var offset = 0; offset < input.Length; offset += chunk)
                {
                    await pipe.Writer.WriteAsync(input.AsMemory(offset, Math.Min(chunk, input.Length - offset)), cancellationToken);
                }

                await pipe.Writer.CompleteAsync();
            },
            cancellationToken);
        var reader = new UnixSocketAuthorityReader(pipe.Reader, 4096, HeaderBlockLimit);
        var output = new ArrayBufferWriter<byte>();
        Exception? error = null;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken);
                foreach (var segment in result.Buffer)
                {
                    output.Write(segment.Span);
                }

                reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (IOException e)
        {
            error = e;
        }

        var rewritten = reader.IsRewriting;
        await reader.StopAsync();
        await writing;
        return (output.WrittenSpan.ToArray(), rewritten, error);
    }

    /// <summary>Every request header block in a client's connection bytes, decoded in order with one decoder, as the server would.</summary>
    public static List<List<(string Name, string Value)>> HeaderBlocks(byte[] connection, HpackDecoder? decoder = null)
    {
        decoder ??= new HpackDecoder(4096);
        var assembler = new HeaderBlockAssembler(HeaderBlockLimit);
        var blocks = new List<List<(string Name, string Value)>>();
        var rest = new ReadOnlySequence<byte>(connection).Slice(Http2Frames.ClientPreface.Length);
        while (Http2Frames.TryReadHeader(rest, out var header))
        {
            if (header.Type == Http2Frames.Headers)
            {
                Assert.Equal(HeaderBlockStatus.Complete, assembler.TryAssemble(rest));
                blocks.Add(CollectedHeaders.Decode(decoder, assembler.Fragment));
                rest = rest.Slice(assembler.Length);
                assembler.Reset();
            }
            else
            {
                rest = rest.Slice(header.FrameLength);
            }
        }

        return blocks;
    }
}
