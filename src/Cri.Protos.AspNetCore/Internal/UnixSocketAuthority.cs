namespace Cri.Protos.Internal;

/// <summary>
/// Which <c>:authority</c> values name a Unix socket rather than a host: what gRPC clients send on
/// a Unix socket besides <c>localhost</c>, and what Kestrel refuses. Decided narrowly, so that any
/// other value is still Kestrel's to judge.
/// </summary>
internal static class UnixSocketAuthority
{
    /// <summary>The value Kestrel gets instead, as grpc-dotnet, containerd and the kubelet send it.</summary>
    public static ReadOnlySpan<byte> Replacement => "localhost"u8;

    /// <summary>True for an <c>:authority</c> field whose value <see cref="IsSocketForm"/>.</summary>
    public static bool IsSocketAuthority(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
        => name.SequenceEqual(":authority"u8) && IsSocketForm(value);

    /// <summary>
    /// True for <c>unix:...</c> or <c>unix-abstract:...</c> (any case), a raw path (any <c>/</c>),
    /// or a %-encoded one (<c>%2F</c>, any case), as gRPC C-core 1.57+ sends it.
    /// </summary>
    public static bool IsSocketForm(ReadOnlySpan<byte> authority)
        => StartsWithIgnoreCase(authority, "unix:"u8)
            || StartsWithIgnoreCase(authority, "unix-abstract:"u8)
            || authority.Contains((byte)'/')
            || authority.IndexOf("%2F"u8) >= 0
            || authority.IndexOf("%2f"u8) >= 0;

    private static bool StartsWithIgnoreCase(ReadOnlySpan<byte> value, ReadOnlySpan<byte> lowerCasePrefix)
        => value.Length >= lowerCasePrefix.Length && System.Text.Ascii.EqualsIgnoreCase(value[..lowerCasePrefix.Length], lowerCasePrefix);
}
