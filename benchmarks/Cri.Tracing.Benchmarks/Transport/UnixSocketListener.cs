namespace Cri.Tracing.Benchmarks.Transport;

/// <summary>How Kestrel listens on the Unix socket in <see cref="UnixSocketListenBenchmarks"/>.</summary>
public enum UnixSocketListener
{
    /// <summary>Kestrel's own <c>ListenUnixSocket</c> with HTTP/2: the baseline.</summary>
    ListenUnixSocket,

    /// <summary><c>ListenCri</c>, which adds the connection middleware that serves socket-path authorities.</summary>
    ListenCri,
}
