using System.Text;

namespace Cri.Protos.Internal;

/// <summary>Notes whether a header block's <c>:authority</c> names a Unix socket, and which.</summary>
internal sealed class AuthoritySniffer : IHpackHeaderSink
{
    /// <summary>Gets the <c>:authority</c> when it names a socket, otherwise <see langword="null"/>.</summary>
    public string? SocketAuthority { get; private set; }

    public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, bool neverIndexed)
    {
        if (UnixSocketAuthority.IsSocketAuthority(name, value))
        {
            this.SocketAuthority = Encoding.Latin1.GetString(value);
        }
    }
}
