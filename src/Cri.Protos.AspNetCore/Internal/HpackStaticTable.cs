using System.Text;

namespace Cri.Protos.Internal;

/// <summary>HPACK's static table (RFC 7541, Appendix A), indexes 1 to 61.</summary>
internal static class HpackStaticTable
{
    public const int Count = 61;

    private static readonly (byte[] Name, byte[] Value)[] Entries = Build(
        ":authority", "", ":method", "GET", ":method", "POST", ":path", "/", ":path", "/index.html",
        ":scheme", "http", ":scheme", "https", ":status", "200", ":status", "204", ":status", "206",
        ":status", "304", ":status", "400", ":status", "404", ":status", "500", "accept-charset", "",
        "accept-encoding", "gzip, deflate", "accept-language", "", "accept-ranges", "", "accept", "", "access-control-allow-origin", "",
        "age", "", "allow", "", "authorization", "", "cache-control", "", "content-disposition", "",
        "content-encoding", "", "content-language", "", "content-length", "", "content-location", "", "content-range", "",
        "content-type", "", "cookie", "", "date", "", "etag", "", "expect", "",
        "expires", "", "from", "", "host", "", "if-match", "", "if-modified-since", "",
        "if-none-match", "", "if-range", "", "if-unmodified-since", "", "last-modified", "", "link", "",
        "location", "", "max-forwards", "", "proxy-authenticate", "", "proxy-authorization", "", "range", "",
        "referer", "", "refresh", "", "retry-after", "", "server", "", "set-cookie", "",
        "strict-transport-security", "", "transfer-encoding", "", "user-agent", "", "vary", "", "via", "",
        "www-authenticate", "");

    /// <summary>The entry at <paramref name="index"/>, 1 to 61.</summary>
    public static (byte[] Name, byte[] Value) Get(int index) => Entries[index - 1];

    /// <summary>
    /// The index of an entry with this name and value (<paramref name="nameAndValue"/> true), or
    /// else of the first entry with this name, or 0.
    /// </summary>
    public static int Find(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, out bool nameAndValue)
    {
        var nameOnly = 0;
        for (var i = 0; i < Entries.Length; i++)
        {
            if (name.SequenceEqual(Entries[i].Name))
            {
                if (value.SequenceEqual(Entries[i].Value))
                {
                    nameAndValue = true;
                    return i + 1;
                }

                nameOnly = nameOnly == 0 ? i + 1 : nameOnly;
            }
        }

        nameAndValue = false;
        return nameOnly;
    }

    private static (byte[] Name, byte[] Value)[] Build(params string[] namesAndValues)
    {
        var entries = new (byte[] Name, byte[] Value)[namesAndValues.Length / 2];
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = (Encoding.ASCII.GetBytes(namesAndValues[2 * i]), Encoding.ASCII.GetBytes(namesAndValues[(2 * i) + 1]));
        }

        return entries;
    }
}
