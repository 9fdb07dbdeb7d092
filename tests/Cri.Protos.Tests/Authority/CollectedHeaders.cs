using System.Text;
using Cri.Protos.Internal;

namespace Cri.Protos.Tests.Authority;

/// <summary>A sink that keeps every decoded field as text, in order.</summary>
internal sealed class CollectedHeaders : IHpackHeaderSink
{
    public List<(string Name, string Value)> Fields { get; } = [];

    public static List<(string Name, string Value)> Decode(HpackDecoder decoder, ReadOnlySpan<byte> block)
    {
        var sink = new CollectedHeaders();
        decoder.Decode(block, sink);
        return sink.Fields;
    }

    public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, bool neverIndexed)
        => this.Fields.Add((Encoding.Latin1.GetString(name), Encoding.Latin1.GetString(value)));
}
