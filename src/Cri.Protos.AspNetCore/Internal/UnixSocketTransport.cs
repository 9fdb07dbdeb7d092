using System.IO.Pipelines;

namespace Cri.Protos.Internal;

/// <summary>A Unix-socket connection's transport as Kestrel sees it: the authority-rewriting input, the original output.</summary>
internal sealed class UnixSocketTransport(UnixSocketAuthorityReader input, PipeWriter output) : IDuplexPipe
{
    public PipeReader Input => input;

    public PipeWriter Output => output;
}
