using Cri.Protos;
using Grpc.Core;

namespace Cri.SampleClient;

/// <summary>
/// Runs the sample client's commands in-process, as <c>Cri.SampleClient</c> runs them from a shell:
/// for tests, demos, and callers that put their own interceptors (such as tracing) in front of the channel.
/// </summary>
public static class SampleClientCli
{
    /// <summary>
    /// The name of the <see cref="System.Diagnostics.ActivitySource"/> of the span each command runs
    /// in: named after the command, as crictl names it, with a <c>command</c> attribute.
    /// </summary>
    public const string ActivitySourceName = "Cri.SampleClient";

    /// <summary>Runs one command line.</summary>
    /// <param name="args">The arguments, without the program name: <c>["-r", "unix:///run/x.sock", "pods", "-q"]</c>.</param>
    /// <param name="stdout">Where the command's output goes.</param>
    /// <param name="stderr">Where errors, usage and debug output go.</param>
    /// <param name="cancellationToken">Cancels the command's calls; ends <c>events</c> normally.</param>
    /// <param name="configureInvoker">
    /// Called for each channel the command opens, with the channel's call invoker and endpoint; returns
    /// the invoker the typed clients call through, such as <c>invoker.Intercept(interceptor)</c>. It is
    /// a callback rather than a list of interceptors because a command with distinct runtime and image
    /// endpoints opens two channels, and an interceptor may want to know which endpoint it is in front of.
    /// </param>
    /// <returns>The exit status: 0 on success, 1 when a call fails, 2 on a usage error, or the exit code of the command <c>exec</c> ran.</returns>
    public static Task<int> RunAsync(
        string[] args,
        TextWriter stdout,
        TextWriter stderr,
        CancellationToken cancellationToken,
        Func<CallInvoker, CriEndpoint, CallInvoker>? configureInvoker = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var application = new CliApplication(stdout, stderr, Environment.GetEnvironmentVariable, TimeProvider.System, configureInvoker);
        return application.RunAsync(args, cancellationToken);
    }
}
