using Cri.SampleClient;
using Cri.Tracing.Instrumentation;
using Grpc.Core.Interceptors;

namespace Cri.Demo;

/// <summary>
/// Runs client commands in-process against one endpoint, with the tracing client interceptor in front
/// of the channel, printing them like a shell session: output and errors both, in order.
/// </summary>
internal sealed class DemoShell(string endpoint, TextWriter output, CancellationToken cancellationToken)
{
    /// <summary>Runs a command that must succeed; returns its last line of output (the new id, for runp and create).</summary>
    public async Task<string> RunAsync(params string[] command)
    {
        var (exitCode, text) = await this.ExecuteAsync(command);
        return exitCode == 0
            ? text.TrimEnd().Split('\n')[^1].Trim()
            : throw new DemoStepFailedException($"'crictl {string.Join(' ', command)}' exited with {exitCode}");
    }

    /// <summary>Runs a command that must fail, to show what a failed call looks like in a trace.</summary>
    public async Task RunExpectingFailureAsync(params string[] command)
    {
        var (exitCode, _) = await this.ExecuteAsync(command);
        if (exitCode == 0)
        {
            throw new DemoStepFailedException($"'crictl {string.Join(' ', command)}' was meant to fail and did not");
        }
    }

    private async Task<(int ExitCode, string Output)> ExecuteAsync(string[] command)
    {
        await output.WriteLineAsync("$ crictl " + string.Join(' ', command));
        using var captured = new StringWriter();
        var exitCode = await SampleClientCli.RunAsync(
            ["-r", endpoint, .. command],
            captured,
            output,
            cancellationToken,
            (invoker, channelEndpoint) => invoker.Intercept(new CriClientTracingInterceptor(new CriClientTracingOptions { Endpoint = channelEndpoint })));
        var text = captured.ToString();
        await output.WriteAsync(text);
        return (exitCode, text);
    }
}
