using System.Text;
using Cri.Protos.Internal;

namespace Cri.Protos.Tests.Authority;

/// <summary>
/// A client-side HPACK encoder written apart from the decoder, to check it: its own dynamic table
/// (a list, newest first), every representation on request, Huffman from the RFC's code lengths.
/// </summary>
internal sealed class TestHpackEncoder
{
    private readonly List<(string Name, string Value)> table = [];
    private int size;
    private int maxSize = 4096;

    /// <summary>How a field is written.</summary>
    public enum Representation
    {
        /// <summary>Indexed when the table (static or dynamic) holds the exact field, else with incremental indexing.</summary>
        Indexed,
        IncrementalIndexing,
        WithoutIndexing,
        NeverIndexed,
    }

    /// <summary>Huffman-codes <paramref name="input"/>: canonical codes assigned from the lengths, bits written out as text.</summary>
    public static byte[] HuffmanEncode(byte[] input)
    {
        var lengths = HpackHuffman.CodeLengths.ToArray();
        var codes = new long[lengths.Length];
        long code = 0;
        for (var length = 1; length <= 30; length++)
        {
            for (var symbol = 0; symbol < lengths.Length; symbol++)
            {
                if (lengths[symbol] == length)
                {
                    codes[symbol] = code++;
                }
            }

            code <<= 1;
        }

        var bits = new StringBuilder();
        foreach (var b in input)
        {
            bits.Append(Convert.ToString(codes[b], 2).PadLeft(lengths[b], '0'));
        }

        while (bits.Length % 8 != 0)
        {
            bits.Append('1');
        }

        return [.. Enumerable.Range(0, bits.Length / 8).Select(i => Convert.ToByte(bits.ToString(i * 8, 8), 2))];
    }

    public byte[] Encode(IEnumerable<(string Name, string Value, Representation How, bool Huffman)> fields, int? sizeUpdate)
    {
        var block = new List<byte>();
        if (sizeUpdate is { } update)
        {
            WriteInteger(block, 0x20, 5, update);
            this.maxSize = update;
            this.Evict(update);
        }

        foreach (var (name, value, how, huffman) in fields)
        {
            var exact = this.IndexOf(name, value, nameOnly: false);
            if (how == Representation.Indexed && exact != 0)
            {
                WriteInteger(block, 0x80, 7, exact);
                continue;
            }

            var indexing = how is Representation.Indexed or Representation.IncrementalIndexing;
            var nameIndex = this.IndexOf(name, value, nameOnly: true);
            var (flags, prefix) = indexing ? ((byte)0x40, 6) : how == Representation.NeverIndexed ? ((byte)0x10, 4) : ((byte)0x00, 4);
            WriteInteger(block, flags, prefix, nameIndex);
            if (nameIndex == 0)
            {
                WriteString(block, name, huffman);
            }

            WriteString(block, value, huffman);
            if (indexing)
            {
                var entrySize = name.Length + value.Length + 32;
                this.Evict(this.maxSize - entrySize);
                if (entrySize <= this.maxSize)
                {
                    this.table.Insert(0, (name, value));
                    this.size += entrySize;
                }
            }
        }

        return [.. block];
    }

    private static void WriteString(List<byte> block, string value, bool huffman)
    {
        var bytes = Encoding.Latin1.GetBytes(value);
        var encoded = huffman ? HuffmanEncode(bytes) : bytes;
        WriteInteger(block, huffman ? (byte)0x80 : (byte)0x00, 7, encoded.Length);
        block.AddRange(encoded);
    }

    private static void WriteInteger(List<byte> block, byte flags, int prefixBits, int value)
    {
        var max = (1 << prefixBits) - 1;
        if (value < max)
        {
            block.Add((byte)(flags | value));
            return;
        }

        block.Add((byte)(flags | max));
        for (value -= max; value >= 128; value /= 128)
        {
            block.Add((byte)((value % 128) + 128));
        }

        block.Add((byte)value);
    }

    private int IndexOf(string name, string value, bool nameOnly)
    {
        for (var i = 1; i <= HpackStaticTable.Count; i++)
        {
            var (n, v) = HpackStaticTable.Get(i);
            if (Encoding.Latin1.GetString(n) == name && (nameOnly || Encoding.Latin1.GetString(v) == value))
            {
                return i;
            }
        }

        var dynamic = this.table.FindIndex(e => e.Name == name && (nameOnly || e.Value == value));
        return dynamic < 0 ? 0 : HpackStaticTable.Count + 1 + dynamic;
    }

    private void Evict(int target)
    {
        while (this.table.Count > 0 && this.size > Math.Max(target, 0))
        {
            var (name, value) = this.table[^1];
            this.table.RemoveAt(this.table.Count - 1);
            this.size -= name.Length + value.Length + 32;
        }
    }
}
