namespace Cri.Protos.Internal;

/// <summary>
/// Decodes HPACK's Huffman-coded strings (RFC 7541, 5.2 and Appendix B). The code is canonical:
/// codes of one length are consecutive and ordered by symbol, so the table is rebuilt here from
/// the 257 code lengths alone instead of carrying every code.
/// </summary>
internal static class HpackHuffman
{
    private const int EndOfString = 256;
    private const int LongestCode = 30;

    // RFC 7541 Appendix B, the code length in bits of symbols 0 to 256 (256 is EOS).
    internal static ReadOnlySpan<byte> CodeLengths =>
    [
        13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28,
        28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28,
        6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6,
        5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10,
        13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
        7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6,
        15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5,
        6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28,
        20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23,
        24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24,
        22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23,
        21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23,
        26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25,
        19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27,
        20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23,
        26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26,
        30,
    ];

    // Canonical decoding tables, per code length: the first code, how many codes, and where
    // their symbols start in SymbolsByCode.
    private static readonly int[] FirstCode = new int[LongestCode + 1];
    private static readonly int[] CodeCount = new int[LongestCode + 1];
    private static readonly int[] FirstSymbolIndex = new int[LongestCode + 1];
    private static readonly short[] SymbolsByCode = BuildTables();

    /// <summary>The most bytes <paramref name="encodedLength"/> Huffman-coded bytes can decode to (the shortest code is 5 bits).</summary>
    public static int MaxDecodedLength(int encodedLength) => (int)(((long)encodedLength * 8) / 5);

    /// <summary>Decodes <paramref name="source"/> into <paramref name="destination"/> and returns the decoded length.</summary>
    /// <exception cref="InvalidDataException">EOS inside the string, or padding that is longer than 7 bits or not all ones.</exception>
    public static int Decode(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var written = 0;
        var code = 0;
        var length = 0;
        foreach (var octet in source)
        {
            for (var bit = 7; bit >= 0; bit--)
            {
                code = (code << 1) | ((octet >> bit) & 1);
                length++;
                var index = code - FirstCode[length];
                if (index < CodeCount[length])
                {
                    var symbol = SymbolsByCode[FirstSymbolIndex[length] + index];
                    if (symbol == EndOfString)
                    {
                        throw new InvalidDataException("HPACK: a Huffman-coded string contains EOS.");
                    }

                    destination[written++] = (byte)symbol;
                    code = 0;
                    length = 0;
                }
                else if (length == LongestCode)
                {
                    throw new InvalidDataException("HPACK: an invalid Huffman code.");
                }
            }
        }

        // What is left must be padding: a prefix of EOS (all ones), shorter than a byte.
        if (length > 7 || code != (1 << length) - 1)
        {
            throw new InvalidDataException("HPACK: invalid Huffman padding.");
        }

        return written;
    }

    private static short[] BuildTables()
    {
        var lengths = CodeLengths;
        var symbols = new short[lengths.Length];
        var next = 0;
        var code = 0;
        for (var length = 1; length <= LongestCode; length++)
        {
            FirstCode[length] = code;
            FirstSymbolIndex[length] = next;
            for (short symbol = 0; symbol < lengths.Length; symbol++)
            {
                if (lengths[symbol] == length)
                {
                    symbols[next++] = symbol;
                }
            }

            CodeCount[length] = next - FirstSymbolIndex[length];
            code = (code + CodeCount[length]) << 1;
        }

        return symbols;
    }
}
