using System.Text;
using Cri.Protos.Internal;

namespace Cri.Protos.Tests.Authority;

/// <summary>The hand-written HPACK decoder against RFC 7541's own examples (Appendix C) and invalid input.</summary>
public sealed class HpackDecoderTests
{
    private static readonly (string, string)[] FirstRequest = [(":method", "GET"), (":scheme", "http"), (":path", "/"), (":authority", "www.example.com")];
    private static readonly (string, string)[] SecondRequest = [.. FirstRequest, ("cache-control", "no-cache")];
    private static readonly (string, string)[] ThirdRequest = [(":method", "GET"), (":scheme", "https"), (":path", "/index.html"), (":authority", "www.example.com"), ("custom-key", "custom-value")];

    private static readonly (string, string)[] FirstResponse = [(":status", "302"), ("cache-control", "private"), ("date", "Mon, 21 Oct 2013 20:13:21 GMT"), ("location", "https://www.example.com")];
    private static readonly (string, string)[] SecondResponse = [(":status", "307"), ("cache-control", "private"), ("date", "Mon, 21 Oct 2013 20:13:21 GMT"), ("location", "https://www.example.com")];
    private static readonly (string, string)[] ThirdResponse =
    [
        (":status", "200"), ("cache-control", "private"), ("date", "Mon, 21 Oct 2013 20:13:22 GMT"), ("location", "https://www.example.com"),
        ("content-encoding", "gzip"), ("set-cookie", "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1"),
    ];

    [Fact]
    public void C3_requests_without_huffman_fill_the_dynamic_table()
    {
        var decoder = new HpackDecoder(4096);

        Assert.Equal(FirstRequest, CollectedHeaders.Decode(decoder, Convert.FromHexString("828684410f7777772e6578616d706c652e636f6d")));
        AssertTable(decoder, 57, (":authority", "www.example.com"));
        Assert.Equal(SecondRequest, CollectedHeaders.Decode(decoder, Convert.FromHexString("828684be58086e6f2d6361636865")));
        AssertTable(decoder, 110, ("cache-control", "no-cache"), (":authority", "www.example.com"));
        Assert.Equal(ThirdRequest, CollectedHeaders.Decode(decoder, Convert.FromHexString("828785bf400a637573746f6d2d6b65790c637573746f6d2d76616c7565")));
        AssertTable(decoder, 164, ("custom-key", "custom-value"), ("cache-control", "no-cache"), (":authority", "www.example.com"));
    }

    [Fact]
    public void C4_requests_with_huffman_decode_the_same()
    {
        var decoder = new HpackDecoder(4096);

        Assert.Equal(FirstRequest, CollectedHeaders.Decode(decoder, Convert.FromHexString("828684418cf1e3c2e5f23a6ba0ab90f4ff")));
        Assert.Equal(SecondRequest, CollectedHeaders.Decode(decoder, Convert.FromHexString("828684be5886a8eb10649cbf")));
        Assert.Equal(ThirdRequest, CollectedHeaders.Decode(decoder, Convert.FromHexString("828785bf408825a849e95ba97d7f8925a849e95bb8e8b4bf")));
        AssertTable(decoder, 164, ("custom-key", "custom-value"), ("cache-control", "no-cache"), (":authority", "www.example.com"));
    }

    [Fact]
    public void C5_responses_without_huffman_evict_from_a_256_byte_table()
    {
        var decoder = new HpackDecoder(256);

        Assert.Equal(FirstResponse, CollectedHeaders.Decode(decoder, Convert.FromHexString(
            "4803333032580770726976617465611d4d6f6e2c203231204f637420323031332032303a31333a323120474d546e1768747470733a2f2f7777772e6578616d706c652e636f6d")));
        AssertTable(decoder, 222, ("location", "https://www.example.com"), ("date", "Mon, 21 Oct 2013 20:13:21 GMT"), ("cache-control", "private"), (":status", "302"));
        Assert.Equal(SecondResponse, CollectedHeaders.Decode(decoder, Convert.FromHexString("4803333037c1c0bf")));
        AssertTable(decoder, 222, (":status", "307"), ("location", "https://www.example.com"), ("date", "Mon, 21 Oct 2013 20:13:21 GMT"), ("cache-control", "private"));
        Assert.Equal(ThirdResponse, CollectedHeaders.Decode(decoder, Convert.FromHexString(
            "88c1611d4d6f6e2c203231204f637420323031332032303a31333a323220474d54c05a04677a69707738666f6f3d4153444a4b48514b425a584f5157454f50495541585157454f49553b206d61782d6167653d333630303b2076657273696f6e3d31")));
        AssertTable(decoder, 215, ("set-cookie", "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1"), ("content-encoding", "gzip"), ("date", "Mon, 21 Oct 2013 20:13:22 GMT"));
    }

    [Fact]
    public void C6_responses_with_huffman_evict_the_same()
    {
        var decoder = new HpackDecoder(256);

        Assert.Equal(FirstResponse, CollectedHeaders.Decode(decoder, Convert.FromHexString(
            "488264025885aec3771a4b6196d07abe941054d444a8200595040b8166e082a62d1bff6e919d29ad171863c78f0b97c8e9ae82ae43d3")));
        Assert.Equal(SecondResponse, CollectedHeaders.Decode(decoder, Convert.FromHexString("4883640effc1c0bf")));
        Assert.Equal(ThirdResponse, CollectedHeaders.Decode(decoder, Convert.FromHexString(
            "88c16196d07abe941054d444a8200595040b8166e084a62d1bffc05a839bd9ab77ad94e7821dd7f2e6c7b335dfdfcd5b3960d5af27087f3672c1ab270fb5291f9587316065c003ed4ee5b1063d5007")));
        AssertTable(decoder, 215, ("set-cookie", "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1"), ("content-encoding", "gzip"), ("date", "Mon, 21 Oct 2013 20:13:22 GMT"));
    }

    [Fact]
    public void A_size_update_evicts_and_an_entry_larger_than_the_table_empties_it()
    {
        var decoder = new HpackDecoder(4096);
        CollectedHeaders.Decode(decoder, Convert.FromHexString("828684410f7777772e6578616d706c652e636f6d"));

        CollectedHeaders.Decode(decoder, Convert.FromHexString("3f11"));  // size update to 48 (31 + 17)
        Assert.Equal((0, 0), (decoder.Table.Count, decoder.Table.Size));

        // :authority with a 20-byte value: 10 + 20 + 32 = 62 bytes, more than 48.
        Assert.Equal([(":authority", "aaaaaaaaaaaaaaaaaaaa")], CollectedHeaders.Decode(decoder, Convert.FromHexString("4114" + Convert.ToHexString(Encoding.ASCII.GetBytes(new string('a', 20))))));
        Assert.Equal(0, decoder.Table.Count);
    }

    [Theory]
    [InlineData("80", "index 0")]                                  // index 0 does not exist
    [InlineData("be", "index 62")]                                 // dynamic index into an empty table
    [InlineData("3fe21f", "above the limit")]                      // size update to 4096 + 1 + ... beyond the limit
    [InlineData("823f11", "after a header field")]                 // size update after a field
    [InlineData("ff", "inside an integer")]                        // integer cut short
    [InlineData("ffffffffff0f", "overflows")]                      // integer beyond 31 bits
    [InlineData("ff80808080808001", "overflows")]                  // integer with too many continuation bytes
    [InlineData("4005616263", "runs past")]                        // string longer than the block
    [InlineData("40", "ends before a string")]                     // no name string at all
    [InlineData("408100", "padding")]                              // Huffman: 8 zero bits are not padding
    [InlineData("4084ffffffff", "EOS")]                            // Huffman: EOS inside a string
    public void Invalid_blocks_are_refused_with_the_reason(string hex, string reason)
    {
        var error = Assert.Throws<InvalidDataException>(() => CollectedHeaders.Decode(new HpackDecoder(4096), Convert.FromHexString(hex)));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_huffman_code_lengths_make_a_complete_prefix_code()
    {
        // Kraft's sum over the 257 lengths is exactly 1 (a complete code), and every byte value
        // round-trips; the RFC examples above pin the codes of common symbols.
        var lengths = HpackHuffman.CodeLengths.ToArray();
        Assert.Equal(257, lengths.Length);
        Assert.Equal(1L << 30, lengths.Sum(l => 1L << (30 - l)));
        var all = Enumerable.Range(0, 256).Select(b => (byte)b).ToArray();
        var encoded = TestHpackEncoder.HuffmanEncode(all);
        var decoded = new byte[HpackHuffman.MaxDecodedLength(encoded.Length)];

        var length = HpackHuffman.Decode(encoded, decoded);

        Assert.Equal(all, decoded[..length]);
    }

    [Fact]
    public void The_static_table_has_61_entries_in_rfc_order()
    {
        Assert.Equal(":authority", Encoding.ASCII.GetString(HpackStaticTable.Get(1).Name));
        Assert.Equal("content-type", Encoding.ASCII.GetString(HpackStaticTable.Get(31).Name));
        Assert.Equal("www-authenticate", Encoding.ASCII.GetString(HpackStaticTable.Get(HpackStaticTable.Count).Name));
        Assert.Equal(3, HpackStaticTable.Find(":method"u8, "POST"u8, out var both));
        Assert.True(both);
        Assert.Equal(58, HpackStaticTable.Find("user-agent"u8, "grpc-python"u8, out both));
        Assert.False(both);
    }

    private static void AssertTable(HpackDecoder decoder, int size, params (string Name, string Value)[] newestFirst)
    {
        Assert.Equal(size, decoder.Table.Size);
        Assert.Equal(newestFirst, Enumerable.Range(0, decoder.Table.Count).Select(i => (Encoding.ASCII.GetString(decoder.Table[i].Name), Encoding.ASCII.GetString(decoder.Table[i].Value))));
    }
}
