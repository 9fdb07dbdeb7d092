namespace Cri.Protos.Internal;

/// <summary>
/// An HPACK decoder (RFC 7541) for one connection's request header blocks: integers, raw and
/// Huffman strings, the static and dynamic tables and size updates. The fields go to a sink as
/// spans; only entries added to the dynamic table are copied.
/// </summary>
internal sealed class HpackDecoder
{
    private readonly int maxTableSizeLimit;
    private byte[] scratch = [];

    /// <param name="maxTableSizeLimit">The largest dynamic table size an encoder may ask for: the server's SETTINGS_HEADER_TABLE_SIZE.</param>
    public HpackDecoder(int maxTableSizeLimit)
    {
        this.maxTableSizeLimit = maxTableSizeLimit;
        this.Table = new HpackDynamicTable(maxTableSizeLimit);
    }

    public HpackDynamicTable Table { get; }

    /// <summary>Decodes one complete header block.</summary>
    /// <exception cref="InvalidDataException">The block is not valid HPACK for this table (a COMPRESSION_ERROR).</exception>
    public void Decode(ReadOnlySpan<byte> block, IHpackHeaderSink sink)
    {
        var position = 0;
        var fieldSeen = false;
        while (position < block.Length)
        {
            var first = block[position];
            if ((first & 0x80) != 0)
            {
                // Indexed header field (6.1).
                var (name, value) = this.Entry(ReadInteger(block, ref position, 7));
                sink.OnHeader(name, value, neverIndexed: false);
                fieldSeen = true;
            }
            else if ((first & 0xE0) == 0x20)
            {
                // Dynamic table size update (6.3): only before the block's first field (4.2).
                var size = ReadInteger(block, ref position, 5);
                if (fieldSeen || size > this.maxTableSizeLimit)
                {
                    throw new InvalidDataException($"HPACK: a dynamic table size update to {size} {(fieldSeen ? "after a header field" : $"above the limit of {this.maxTableSizeLimit}")}.");
                }

                this.Table.Resize(size);
            }
            else
            {
                // Literal with incremental indexing (6.2.1, prefix 6), without indexing (6.2.2,
                // prefix 4) or never indexed (6.2.3, prefix 4).
                var indexing = (first & 0xC0) == 0x40;
                var neverIndexed = (first & 0xF0) == 0x10;
                var index = ReadInteger(block, ref position, indexing ? 6 : 4);
                var used = 0;
                var name = index == 0 ? this.ReadString(block, ref position, ref used) : this.Entry(index).Name;
                var value = this.ReadString(block, ref position, ref used);
                sink.OnHeader(name, value, neverIndexed);
                fieldSeen = true;
                if (indexing)
                {
                    this.Table.Add(name.ToArray(), value.ToArray());
                }
            }
        }
    }

    private static int ReadInteger(ReadOnlySpan<byte> block, ref int position, int prefixBits)
    {
        var max = (1 << prefixBits) - 1;
        var value = block[position++] & max;
        if (value < max)
        {
            return value;
        }

        long total = value;
        for (var shift = 0; ; shift += 7)
        {
            if (position >= block.Length)
            {
                throw new InvalidDataException("HPACK: the block ends inside an integer.");
            }

            var octet = block[position++];
            total += (long)(octet & 0x7F) << shift;
            if (total > int.MaxValue || shift > 28)
            {
                throw new InvalidDataException("HPACK: an integer overflows 31 bits.");
            }

            if ((octet & 0x80) == 0)
            {
                return (int)total;
            }
        }
    }

    private (byte[] Name, byte[] Value) Entry(int index)
    {
        if (index >= 1 && index <= HpackStaticTable.Count)
        {
            return HpackStaticTable.Get(index);
        }

        var dynamicIndex = index - HpackStaticTable.Count - 1;
        return dynamicIndex >= 0 && dynamicIndex < this.Table.Count
            ? this.Table[dynamicIndex]
            : throw new InvalidDataException($"HPACK: index {index} is outside the static table and the {this.Table.Count} dynamic entries.");
    }

    /// <summary>Reads a string literal (5.2); a Huffman one is decoded into the scratch buffer after the <paramref name="used"/> bytes already taken.</summary>
    private ReadOnlySpan<byte> ReadString(ReadOnlySpan<byte> block, ref int position, ref int used)
    {
        if (position >= block.Length)
        {
            throw new InvalidDataException("HPACK: the block ends before a string.");
        }

        var huffman = (block[position] & 0x80) != 0;
        var length = ReadInteger(block, ref position, 7);
        if (length > block.Length - position)
        {
            throw new InvalidDataException($"HPACK: a string of {length} bytes runs past the end of the block.");
        }

        var encoded = block.Slice(position, length);
        position += length;
        if (!huffman)
        {
            return encoded;
        }

        var needed = used + HpackHuffman.MaxDecodedLength(length);
        if (this.scratch.Length < needed)
        {
            var larger = new byte[Math.Max(needed, this.scratch.Length * 2)];
            this.scratch.AsSpan(0, used).CopyTo(larger);
            this.scratch = larger;
        }

        var decoded = HpackHuffman.Decode(encoded, this.scratch.AsSpan(used));
        var result = this.scratch.AsSpan(used, decoded);
        used += decoded;
        return result;
    }
}
