using Cri.Protos;
using Cri.SampleClient;
using Cri.SampleRuntime;
using Cri.Tracing;
using Cri.Tracing.Hosting;
using Cri.Tracing.Hosting.Export;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cri.Demo;

/// <summary>
/// Starts the sample runtime with tracing on (every root sampled) on a private Unix socket, drives
/// a pod start through the crictl-like client with the tracing client interceptor, ends with a call
/// that fails, and prints the traces as a waterfall. One process, no collector needed.
/// </summary>
internal static class DemoRunner
{
    private const string Image = "docker.io/library/nginx:1.27";

    private const string Usage = "usage: Cri.Demo [--otlp-endpoint HOST:PORT]   (also export the traces to an OTLP/gRPC collector)";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        string? collector = null;
        switch (args)
        {
            case []:
                break;
            case ["--otlp-endpoint", var endpoint]:
                collector = endpoint;
                break;
            default:
                await error.WriteLineAsync(Usage);
                return 2;
        }

        var directory = Directory.CreateTempSubdirectory("cri-demo");
        var traces = new StringWriter();
        try
        {
            var endpoint = "unix://" + Path.Combine(directory.FullName, "runtime.sock");
            int exitCode;
            await using (var runtime = await StartRuntimeAsync(endpoint, collector, traces, cancellationToken))
            {
                await output.WriteLineAsync($"sample runtime listening on {endpoint}, tracing every call{(collector is null ? string.Empty : $", exporting to {collector}")}");
                exitCode = await RunPodStartAsync(new DemoShell(endpoint, output, cancellationToken), error);
            }

            // The runtime's shutdown flushed every trace into the waterfall.
            await output.WriteLineAsync();
            await output.WriteAsync(traces.ToString());
            return exitCode;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static Task<SampleRuntimeServer> StartRuntimeAsync(string endpoint, string? collector, TextWriter traces, CancellationToken cancellationToken)
    {
        var settings = new Dictionary<string, string?>
        {
            ["CriTracing:Enabled"] = "true",
            ["CriTracing:SamplingRatePerMillion"] = "1000000",

            // Logs become span events through the log bridge; the terminal shows only the session,
            // and the events only the runtime's own logs, as CRI-O's do.
            ["Logging:Console:LogLevel:Default"] = "None",
            ["Logging:CriTracing:LogLevel:Microsoft.AspNetCore"] = "Warning",
        };
        if (collector is not null)
        {
            settings["CriTracing:Endpoint"] = collector;
        }

        return SampleRuntimeHost.StartAsync(
            endpoint,
            new ConfigurationBuilder().AddInMemoryCollection(settings).Build(),
            configureServices: services => services.Configure<CriTracingHostingOptions>(tracing =>
            {
                // The client runs in this process: its command spans join the runtime's provider.
                tracing.AdditionalSources.Add(SampleClientCli.ActivitySourceName);
                tracing.ExportToCollector = collector is not null;
                tracing.ConsoleWaterfall = new WaterfallExporterOptions { Output = traces };
            }),
            cancellationToken: cancellationToken);
    }

    private static async Task<int> RunPodStartAsync(DemoShell shell, TextWriter error)
    {
        try
        {
            var podId = await shell.RunAsync("runp", "--name", "nginx-demo", "--namespace", "default");
            await shell.RunAsync("pull", Image);
            var containerId = await shell.RunAsync("create", "--name", "nginx", "--image", Image, podId);
            await shell.RunAsync("start", containerId);
            await shell.RunAsync("ps");
            await shell.RunAsync("exec", containerId, "echo", "hello from nginx");
            await shell.RunAsync("stop", containerId);
            await shell.RunAsync("rm", containerId);

            // The failure path: a container whose pod is removed before it starts.
            var orphanId = await shell.RunAsync("create", "--name", "sidecar", "--image", Image, podId);
            await shell.RunAsync("stopp", podId);
            await shell.RunAsync("rmp", podId);
            await shell.RunExpectingFailureAsync("start", orphanId);
            return 0;
        }
        catch (DemoStepFailedException e)
        {
            await error.WriteLineAsync(e.Message);
            return 1;
        }
    }
}
