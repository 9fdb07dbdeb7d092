using Cri.Protos;
using Cri.Protos.V1;
using Cri.Testing;
using Cri.Tracing.Instrumentation;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cri.Tracing.Tests.Instrumentation;

/// <summary>The CRI test server with the tracing interceptor, serving <see cref="TracingTestRuntime"/> and <see cref="OtherServices"/>.</summary>
internal sealed class TracedCriServer(CriTestServer server, TracingTestRuntime runtime) : IAsyncDisposable
{
    private readonly List<GrpcChannel> channels = [];

    public string Endpoint => server.Endpoint;

    public string? SocketPath => server.SocketPath;

    public TracingTestRuntime Runtime { get; } = runtime;

    public CriTestServer Server => server;

    public static async Task<TracedCriServer> StartAsync(
        Action<CriServerTracingOptions>? configure = null,
        bool tcp = false,
        Action<ILoggingBuilder>? logging = null,
        Action<IServiceCollection>? services = null)
    {
        var runtime = new TracingTestRuntime();
        var options = new CriServerTracingOptions();
        configure?.Invoke(options);
        var server = await CriTestServer.StartAsync(
            runtime,
            tcp,
            configureServices: s =>
            {
                s.AddSingleton(new CriServerTracingInterceptor(options));
                s.AddSingleton<OtherServices>();
                s.AddSingleton<IServiceMethodProvider<OtherServices>, OtherServices.MethodProvider>();
                services?.Invoke(s);
            },
            configureLogging: logging,
            configureApplication: app =>
            {
                runtime.Logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("TestRuntime");
                app.MapGrpcService<OtherServices>();
            },
            configureGrpc: o => o.Interceptors.Add<CriServerTracingInterceptor>());
        return new TracedCriServer(server, runtime);
    }

    /// <summary>A channel to the server, disposed with it.</summary>
    public GrpcChannel CreateChannel(GrpcChannelOptions? options = null)
    {
        var channel = server.CreateChannel(options);
        this.channels.Add(channel);
        return channel;
    }

    /// <summary>A call invoker, traced when <paramref name="clientTracing"/> is given, as the kubelet would have it.</summary>
    public CallInvoker CreateInvoker(CriClientTracingOptions? clientTracing = null, GrpcChannelOptions? channelOptions = null, bool throughGrpcInvoker = false)
    {
        var channel = this.CreateChannel(channelOptions);
        if (clientTracing is null)
        {
            return channel.CreateCallInvoker();
        }

        var interceptor = new CriClientTracingInterceptor(clientTracing);
        return throughGrpcInvoker ? channel.Intercept((Interceptor)interceptor) : channel.Intercept(interceptor);
    }

    /// <summary>A typed runtime client, traced when <paramref name="clientTracing"/> is given.</summary>
    public RuntimeService.RuntimeServiceClient CreateClient(CriClientTracingOptions? clientTracing = null, GrpcChannelOptions? channelOptions = null)
        => new(this.CreateInvoker(clientTracing, channelOptions));

    /// <summary>The client options naming this server's endpoint.</summary>
    public CriClientTracingOptions ClientOptions() => new() { Endpoint = CriEndpoint.Parse(this.Endpoint) };

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in this.channels)
        {
            channel.Dispose();
        }

        await server.DisposeAsync();
    }
}
