using Cri.Protos.V1;
using Cri.SampleClient.Output;
using Google.Protobuf;
using Grpc.Core;

namespace Cri.SampleClient.Commands;

/// <summary>The commands about the runtime itself: <c>version</c>, <c>info</c>, <c>events</c>.</summary>
internal static class RuntimeCommands
{
    /// <summary>The CRI version the client speaks, sent in VersionRequest as crictl sends it.</summary>
    private const string ClientApiVersion = "v1";

    public static CliCommand Version { get; } = new()
    {
        Name = "version",
        Summary = "Display runtime version information",
        OutputFormats = [OutputFormat.Table, OutputFormat.Json, OutputFormat.Yaml],
        RunAsync = VersionAsync,
    };

    public static CliCommand Info { get; } = new()
    {
        Name = "info",
        Summary = "Display information of the container runtime",
        OutputFormats = [OutputFormat.Json, OutputFormat.Yaml],
        RunAsync = InfoAsync,
    };

    public static CliCommand Events { get; } = new()
    {
        Name = "events",
        Summary = "Stream the events of containers",
        Options = [new("limit", null, "Stop after this many events", "N")],
        OutputFormats = [OutputFormat.Table, OutputFormat.Json],
        Notes = "Prints one line per event until interrupted (Ctrl-C), which ends the command with status 0.",
        RunAsync = EventsAsync,
    };

    private static async Task VersionAsync(CommandContext context)
    {
        var response = await context.CallAsync(new VersionRequest { Version = ClientApiVersion }, context.Runtime.VersionAsync);
        context.WriteResult(response, output =>
        {
            // crictl prints these with Go's fmt.Println, hence the two spaces.
            output.WriteLine($"Version:  {response.Version}");
            output.WriteLine($"RuntimeName:  {response.RuntimeName}");
            output.WriteLine($"RuntimeVersion:  {response.RuntimeVersion}");
            output.WriteLine($"RuntimeApiVersion:  {response.RuntimeApiVersion}");
        });
    }

    private static async Task InfoAsync(CommandContext context)
    {
        var response = await context.CallAsync(new StatusRequest { Verbose = true }, context.Runtime.StatusAsync);
        context.WriteMessage(response);
    }

    private static async Task EventsAsync(CommandContext context)
    {
        var limit = context.Arguments.GetPositiveInt32("limit");
        var request = new GetEventsRequest();
        context.WriteDebug(request);
        var received = 0;
        try
        {
            using var call = context.Runtime.GetContainerEvents(request, context.StreamOptions);
            await foreach (var containerEvent in call.ResponseStream.ReadAllAsync(context.CancellationToken))
            {
                context.WriteDebug(containerEvent);
                context.Output.WriteLine(context.OutputFormat == OutputFormat.Json ? JsonFormatter.Default.Format(containerEvent) : FormatEvent(containerEvent));
                await context.Output.FlushAsync();
                if (++received == limit)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is RpcException or OperationCanceledException && context.CancellationToken.IsCancellationRequested)
        {
            // Interrupting is how the stream ends.
        }
    }

    /// <summary>An event as one line: when, what, which container, which pod.</summary>
    public static string FormatEvent(ContainerEventResponse containerEvent)
    {
        var created = DateTimeOffset.UnixEpoch.AddTicks(containerEvent.CreatedAt / 100);
        var pod = containerEvent.PodSandboxStatus?.Id is { Length: > 0 } podId ? podId : "-";
        return FormattableString.Invariant($"{created:yyyy-MM-ddTHH:mm:ss.fffZ}  {containerEvent.ContainerEventType}  container={containerEvent.ContainerId}  pod={pod}");
    }
}
