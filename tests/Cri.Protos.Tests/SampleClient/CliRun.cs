using Cri.Protos;
using Cri.SampleClient;
using Grpc.Core;

namespace Cri.Protos.Tests.SampleClient;

/// <summary>Runs the client in-process with captured output, a fixed clock and a private environment.</summary>
internal static class CliRun
{
    /// <summary>Gets the clock the runs see: 90 seconds after the fake runtime's objects were created.</summary>
    public static FixedTimeProvider Clock { get; } = new(FakeRuntimeService.CreatedAt.AddSeconds(90));

    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(args, environment: null);

    public static async Task<CliResult> RunAsync(
        string[] args,
        IReadOnlyDictionary<string, string>? environment,
        Func<CallInvoker, CriEndpoint, CallInvoker>? configureInvoker = null,
        CancellationToken cancellationToken = default)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var application = new CliApplication(stdout, stderr, name => environment?.GetValueOrDefault(name), Clock, configureInvoker);
        var exitCode = await application.RunAsync(args, cancellationToken);
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }
}
