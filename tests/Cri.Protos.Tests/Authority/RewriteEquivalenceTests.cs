using Cri.Protos.Internal;
using Cri.Testing.Http2;
using FsCheck;
using FsCheck.Fluent;
using Field = (string Name, string Value, Cri.Protos.Tests.Authority.TestHpackEncoder.Representation How, bool Huffman);

namespace Cri.Protos.Tests.Authority;

/// <summary>
/// Random but valid client connections (every HPACK representation, Huffman or not, dynamic
/// table insertions, evictions and size updates (small tables, so that entries are evicted often), blocks split over CONTINUATION frames with
/// padding and priority) come out of the rewrite as the same fields with <c>localhost</c>, in
/// blocks that leave a fresh decoder's dynamic table empty.
/// </summary>
public sealed class RewriteEquivalenceTests
{
    private static readonly string[] Authorities = ["/run/x.sock", "%2Frun%2Fx.sock", "unix:/run/x.sock", "unix-abstract:cri", "localhost", "127.0.0.1:10000"];

    [Fact]
    public async Task Every_field_survives_the_rewrite_and_only_the_authority_changes()
    {
        foreach (var (requests, chunk) in Connections().Zip(Gen.Choose(1, 200)).Sample(300, 30))
        {
            var encoder = new TestHpackEncoder();
            var input = new List<byte>(RawHttp2Connection.Preface);
            var expected = new List<List<(string Name, string Value)>>();
            for (var i = 0; i < requests.Length; i++)
            {
                var (fields, sizeUpdate, framing) = requests[i];
                input.AddRange(Frames(2 * i + 1, encoder.Encode(fields, sizeUpdate), framing));
                expected.Add([.. fields.Select(f => f.Name == ":authority" && UnixSocketAuthority.IsSocketForm(System.Text.Encoding.ASCII.GetBytes(f.Value)) ? (f.Name, "localhost") : (f.Name, f.Value))]);
            }

            var (output, rewritten, error) = await RewriterHarness.RunAsync([.. input], chunk, TestContext.Current.CancellationToken);

            Assert.Null(error);
            Assert.True(rewritten);
            var decoder = new HpackDecoder(4096);
            Assert.Equal(expected, RewriterHarness.HeaderBlocks(output, decoder));
            Assert.Equal(0, decoder.Table.Count);
        }
    }

    /// <summary>One to six requests; the first names the socket, so the connection is rewritten.</summary>
    private static Gen<(Field[] Fields, int? SizeUpdate, (int Chunk, int Padding, bool Priority, bool EndStream) Framing)[]> Connections()
    {
        var text = Gen.ArrayOf(Gen.Elements("abcdefghijklmnopqrstuvwxyz0123456789-_./%:; ".ToCharArray())).Select(c => new string(c));
        var how = Gen.Elements(Enum.GetValues<TestHpackEncoder.Representation>());
        var huffman = Gen.Elements(true, false);
        var name = Gen.Elements("user-agent", "content-type", "te", "grpc-timeout", "grpc-accept-encoding", "cache-control", "x-trace", "x-a");
        Gen<Field> Field(Gen<string> names, Gen<string> values) => from n in names from v in values from h in how from f in huffman select (n, v, h, f);
        var framing = from chunk in Gen.Choose(1, 64)
                      from padding in Gen.Frequency((3, Gen.Constant(-1)), (1, Gen.Choose(0, 30)))
                      from priority in Gen.Elements(true, false)
                      from endStream in Gen.Elements(true, false)
                      select (chunk, padding, priority, endStream);
        Gen<(Field[], int?, (int, int, bool, bool))> Request(Gen<string> authority) =>
            from method in Field(Gen.Constant(":method"), Gen.Constant("POST"))
            from scheme in Field(Gen.Constant(":scheme"), Gen.Constant("http"))
            from path in Field(Gen.Constant(":path"), text.Select(t => "/" + t))
            from auth in Field(Gen.Constant(":authority"), authority)
            from rest in Gen.ArrayOf(Field(name, text))
            from sizeUpdate in Gen.Frequency((2, Gen.Constant<int?>(null)), (2, Gen.Choose(0, 400).Select(s => (int?)s)), (1, Gen.Choose(0, 4096).Select(s => (int?)s)))
            from frames in framing
            select ((Field[])[method, scheme, path, auth, .. rest], sizeUpdate, frames);
        return from first in Request(Gen.Elements(Authorities[..4]))
               from more in Gen.ArrayOf(Request(Gen.Elements(Authorities)))
               select (IEnumerable<(Field[], int?, (int, int, bool, bool))>)[first, .. more.Take(5)]
               into all
               select all.ToArray();
    }

    private static IEnumerable<byte> Frames(int stream, byte[] block, (int Chunk, int Padding, bool Priority, bool EndStream) framing)
    {
        var first = block.Take(framing.Chunk).ToArray();
        var last = first.Length == block.Length;
        var payload = new List<byte>();
        if (framing.Padding >= 0)
        {
            payload.Add((byte)framing.Padding);
        }

        if (framing.Priority)
        {
            payload.AddRange([0, 0, 0, 0, 42]);
        }

        payload.AddRange(first);
        payload.AddRange(new byte[Math.Max(framing.Padding, 0)]);
        var flags = (last ? 0x4 : 0) | (framing.Padding >= 0 ? 0x8 : 0) | (framing.Priority ? 0x20 : 0) | (framing.EndStream ? 0x1 : 0);
        IEnumerable<byte> frames = RawHttp2Connection.Frame(0x1, (byte)flags, stream, [.. payload]);
        for (var offset = first.Length; offset < block.Length; offset += framing.Chunk)
        {
            var piece = block.Skip(offset).Take(framing.Chunk).ToArray();
            frames = frames.Concat(RawHttp2Connection.Frame(0x9, offset + piece.Length == block.Length ? (byte)0x4 : (byte)0, stream, piece));
        }

        return frames;
    }
}
