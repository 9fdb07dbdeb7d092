using Cri.Protos;
using Cri.Protos.V1;
using Cri.SampleClient.Output;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace Cri.SampleClient;

/// <summary>
/// What a running command works with: its arguments, the clients, the call options, and where it
/// prints. Channels are created on first use, one shared when both services have the same endpoint.
/// </summary>
internal sealed class CommandContext(
    ParsedArguments arguments,
    OutputFormat outputFormat,
    GlobalOptions options,
    TextWriter output,
    TextWriter error,
    TimeProvider timeProvider,
    Func<CallInvoker, CriEndpoint, CallInvoker>? configureInvoker,
    CancellationToken cancellationToken) : IDisposable
{
    /// <summary>The largest response accepted: crictl's 16 MiB, where grpc-dotnet's default is 4 MiB.</summary>
    private const int MaxReceiveMessageSize = 16 * 1024 * 1024;

    private readonly List<GrpcChannel> channels = [];
    private CallInvoker? runtimeInvoker;
    private RuntimeService.RuntimeServiceClient? runtime;
    private ImageService.ImageServiceClient? images;

    /// <summary>Gets the command's flags and positional arguments.</summary>
    public ParsedArguments Arguments { get; } = arguments;

    /// <summary>Gets the format <c>-o</c> chose.</summary>
    public OutputFormat OutputFormat { get; } = outputFormat;

    /// <summary>Gets where results go.</summary>
    public TextWriter Output { get; } = output;

    /// <summary>Gets where errors and debug output go.</summary>
    public TextWriter Error { get; } = error;

    /// <summary>Gets the clock that "CREATED" columns are relative to.</summary>
    public TimeProvider TimeProvider { get; } = timeProvider;

    /// <summary>Gets the token that cancels the command.</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Gets or sets the program's exit status when the command completes.</summary>
    public int ExitCode { get; set; }

    /// <summary>Gets the RuntimeService client.</summary>
    public RuntimeService.RuntimeServiceClient Runtime => this.runtime ??= new RuntimeService.RuntimeServiceClient(this.RuntimeInvoker);

    /// <summary>Gets the ImageService client.</summary>
    public ImageService.ImageServiceClient Images => this.images ??= new ImageService.ImageServiceClient(
        options.ImageEndpoint == options.RuntimeEndpoint ? this.RuntimeInvoker : this.CreateInvoker(options.ImageEndpoint));

    /// <summary>Gets the options of a streaming call: no deadline, since the stream lasts until cancelled.</summary>
    public CallOptions StreamOptions => new(cancellationToken: this.CancellationToken);

    private CallInvoker RuntimeInvoker => this.runtimeInvoker ??= this.CreateInvoker(options.RuntimeEndpoint);

    /// <summary>Makes a unary call with the deadline of <c>--timeout</c>, writing request and response to stderr under <c>--debug</c>.</summary>
    /// <typeparam name="TRequest">The request message.</typeparam>
    /// <typeparam name="TResponse">The response message.</typeparam>
    /// <param name="request">The request.</param>
    /// <param name="call">The typed client's method, such as <c>context.Runtime.VersionAsync</c>.</param>
    /// <returns>The response.</returns>
    /// <exception cref="RpcException">The call failed.</exception>
    public async Task<TResponse> CallAsync<TRequest, TResponse>(TRequest request, Func<TRequest, CallOptions, AsyncUnaryCall<TResponse>> call)
        where TRequest : IMessage
        where TResponse : IMessage
    {
        this.WriteDebug(request);

        // The deadline is a point in time on the real clock: TimeProvider is only for display.
        using var pending = call(request, new CallOptions(deadline: DateTime.UtcNow.Add(options.Timeout), cancellationToken: this.CancellationToken));
        var response = await pending.ResponseAsync;
        this.WriteDebug(response);
        return response;
    }

    /// <summary>Runs an action for each positional argument in turn, stopping at the first failure.</summary>
    public async Task ForEachArgumentAsync(Func<string, Task> action)
    {
        foreach (var argument in this.Arguments.Arguments)
        {
            await action(argument);
        }
    }

    /// <summary>Writes a message to stderr when <c>--debug</c> is on.</summary>
    public void WriteDebug(IMessage message)
    {
        if (options.Debug)
        {
            this.Error.WriteLine($"debug: {message.Descriptor.Name}: {DebugText.Format(message)}");
        }
    }

    /// <summary>Prints a result: the table when the format is <see cref="OutputFormat.Table"/>, otherwise the message.</summary>
    public void WriteResult(IMessage message, Action<TextWriter> writeTable)
    {
        if (this.OutputFormat == OutputFormat.Table)
        {
            writeTable(this.Output);
        }
        else
        {
            this.WriteMessage(message);
        }
    }

    /// <summary>Prints a message as JSON or YAML.</summary>
    public void WriteMessage(IMessage message) => this.Output.WriteLine(MessageText.Format(message, this.OutputFormat));

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var channel in this.channels)
        {
            channel.Dispose();
        }
    }

    /// <summary>Opens a channel to an endpoint and returns what the clients call through: the caller's invoker around the channel's.</summary>
    private CallInvoker CreateInvoker(string endpoint)
    {
        var parsed = CriEndpoint.Parse(endpoint);

        // crictl's --timeout also bounds connecting.
        var channel = CriChannel.Create(parsed, new GrpcChannelOptions
        {
            HttpHandler = NameSocketInErrors(CriChannel.CreateHttpHandler(parsed, options.Timeout), parsed),
            DisposeHttpClient = true,
            MaxReceiveMessageSize = MaxReceiveMessageSize,
        });
        this.channels.Add(channel);
        var invoker = channel.CreateCallInvoker();
        return configureInvoker?.Invoke(invoker, parsed) ?? invoker;
    }

    /// <summary>
    /// Makes a failure to connect to a Unix socket name the endpoint, as crictl's errors do: the
    /// channel's address is <c>http://localhost</c>, so grpc-dotnet's UNAVAILABLE would otherwise name
    /// only <c>localhost:80</c>.
    /// </summary>
    private static SocketsHttpHandler NameSocketInErrors(SocketsHttpHandler handler, CriEndpoint endpoint)
    {
        if (endpoint.IsUnixSocket && handler.ConnectCallback is { } connect)
        {
            handler.ConnectCallback = async (context, token) =>
            {
                try
                {
                    return await connect(context, token);
                }
                catch (System.Net.Sockets.SocketException e)
                {
                    throw new IOException($"Error connecting to {endpoint}: {e.Message}", e);
                }
            };
        }

        return handler;
    }
}
