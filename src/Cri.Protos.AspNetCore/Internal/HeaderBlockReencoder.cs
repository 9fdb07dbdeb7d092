using System.Buffers;

namespace Cri.Protos.Internal;

/// <summary>
/// Re-encodes decoded fields for Kestrel without touching its dynamic table: static-table indexes
/// and literals without indexing (or never indexed, kept as sent), raw strings. A socket-form
/// <c>:authority</c> becomes <c>localhost</c>. Kestrel's table then stays empty and cannot drift
/// from the client's, whatever the client indexes.
/// </summary>
internal sealed class HeaderBlockReencoder : IHpackHeaderSink
{
    private readonly ArrayBufferWriter<byte> block = new(1024);
    private readonly int limit;

    /// <param name="limit">The most bytes a re-encoded block may take.</param>
    public HeaderBlockReencoder(int limit) => this.limit = limit;

    public ReadOnlySpan<byte> Block => this.block.WrittenSpan;

    public void Clear() => this.block.ResetWrittenCount();

    public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, bool neverIndexed)
    {
        if (UnixSocketAuthority.IsSocketAuthority(name, value))
        {
            value = UnixSocketAuthority.Replacement;
        }

        // Integers take at most 6 bytes here, strings their length plus one integer each.
        var most = 18 + name.Length + value.Length;
        if (this.block.WrittenCount + most > this.limit)
        {
            throw new InvalidDataException($"HTTP/2: a request header block larger than {this.limit} bytes.");
        }

        var span = this.block.GetSpan(most);
        var index = HpackStaticTable.Find(name, value, out var nameAndValue);
        int written;
        if (nameAndValue && !neverIndexed)
        {
            written = WriteInteger(span, 0x80, 7, index);
        }
        else
        {
            written = WriteInteger(span, neverIndexed ? (byte)0x10 : (byte)0x00, 4, index);
            if (index == 0)
            {
                written += WriteString(span[written..], name);
            }

            written += WriteString(span[written..], value);
        }

        this.block.Advance(written);
    }

    private static int WriteString(Span<byte> destination, ReadOnlySpan<byte> value)
    {
        var written = WriteInteger(destination, 0x00, 7, value.Length);
        value.CopyTo(destination[written..]);
        return written + value.Length;
    }

    private static int WriteInteger(Span<byte> destination, byte flags, int prefixBits, int value)
    {
        var max = (1 << prefixBits) - 1;
        if (value < max)
        {
            destination[0] = (byte)(flags | value);
            return 1;
        }

        destination[0] = (byte)(flags | max);
        var written = 1;
        for (value -= max; value >= 0x80; value >>= 7)
        {
            destination[written++] = (byte)(value | 0x80);
        }

        destination[written++] = (byte)value;
        return written;
    }
}
