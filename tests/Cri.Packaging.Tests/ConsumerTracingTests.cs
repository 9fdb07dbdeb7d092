using System.Security.Cryptography;
using System.Text.Json;
using Cri.Testing;
using Cri.Testing.Peers;

namespace Cri.Packaging.Tests;

/// <summary>
/// The "done when": a runtime author's own Grpc.AspNetCore server and Grpc.Net.Client
/// client, built outside the repository from nothing but the packed Cri.* packages and the
/// registry, produce CRI-O-shaped SERVER and CLIENT spans, called by grpcio with a sampled
/// <c>traceparent</c> and by their own client in a root Activity.
/// </summary>
public sealed class ConsumerTracingTests(ConsumerFixture consumer) : IClassFixture<ConsumerFixture>
{
    private const string RunPodSandbox = "runtime.v1.RuntimeService/RunPodSandbox";
    private const string PodSandboxStatus = "runtime.v1.RuntimeService/PodSandboxStatus";
    private static readonly TimeSpan CallTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public void The_consumer_restores_the_packed_packages_beside_the_registry()
    {
        var assets = Path.Combine(consumer.ConsumerDirectory, "obj", "project.assets.json");
        using var document = JsonDocument.Parse(File.ReadAllText(assets));
        var libraries = document.RootElement.GetProperty("libraries").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var id in ConsumerFixture.PackedProjects)
        {
            Assert.Contains($"{id}/{consumer.Version}", libraries);
        }

        Assert.Contains("Grpc.AspNetCore/2.85.0", libraries);
        Assert.Contains("OpenTelemetry/1.21.0", libraries);
        Assert.False(consumer.ConsumerDirectory.StartsWith(RepositoryPaths.Root, StringComparison.Ordinal), "the consumer must live outside the repository");
        TestContext.Current.SendDiagnosticMessage($"pack + consumer build + server start: {consumer.SetupTime}");
    }

    [Fact]
    public async Task Its_own_client_in_a_root_activity_gets_CLIENT_spans_with_SERVER_spans_under_them()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var clientSpansPath = Path.Combine(consumer.WorkDirectory, $"client-{Guid.NewGuid():N}.jsonl");
        var run = await ConsumerRun.RunAsync("dotnet", [consumer.ConsumerAssembly, "client", consumer.SocketPath, clientSpansPath], consumer.WorkDirectory, CallTimeout, cancellationToken);
        Assert.True(run.ExitCode == 0, $"the consumer's client failed ({run.ExitCode}):\n{run.Output}\nserver:\n{consumer.ServerOutput}");

        using var result = JsonDocument.Parse(run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last(l => l.StartsWith('{')));
        var traceId = result.RootElement.GetProperty("traceId").GetString()!;
        var rootSpanId = result.RootElement.GetProperty("spanId").GetString()!;
        var sandboxId = result.RootElement.GetProperty("podSandboxId").GetString()!;
        Assert.Equal("NotFound", result.RootElement.GetProperty("statusCode").GetString());

        // The client process disposed its tracer provider before exiting: every span is in the file.
        var clientSpans = ConsumerFixture.ReadSpans(clientSpansPath);
        var root = Assert.Single(clientSpans, s => s.SpanId == rootSpanId);
        Assert.Equal(string.Empty, root.ParentSpanId);
        var clientRun = Assert.Single(clientSpans, s => s.Name == RunPodSandbox);
        var clientStatus = Assert.Single(clientSpans, s => s.Name == PodSandboxStatus);
        foreach (var span in new[] { clientRun, clientStatus })
        {
            Assert.Equal("CLIENT", span.Kind);
            Assert.Equal(traceId, span.TraceId);
            Assert.Equal(rootSpanId, span.ParentSpanId);
        }

        AssertPod(clientRun, "consumer-pod", "consumer-ns", "consumer-uid");
        Assert.Equal("OK", clientRun.Attribute("rpc.response.status_code"));
        Assert.Equal("Unset", clientRun.Status);
        Assert.Equal("NOT_FOUND", clientStatus.Attribute("rpc.response.status_code"));
        Assert.Equal("Error", clientStatus.Status);

        var serverSpans = await consumer.WaitForServerSpansAsync(traceId, 2, cancellationToken);
        var (serverRun, serverStatus) = AssertServerPair(serverSpans);
        Assert.Equal(clientRun.SpanId, serverRun.ParentSpanId);
        Assert.Equal(clientStatus.SpanId, serverStatus.ParentSpanId);
        AssertPod(serverRun, "consumer-pod", "consumer-ns", "consumer-uid");
        Assert.Equal(sandboxId, serverRun.Attribute("cri.pod_sandbox.id"));
    }

    [Fact]
    public async Task Grpcio_with_a_sampled_traceparent_parents_the_SERVER_spans()
    {
        PeerTools.RequirePythonGrpc();
        var cancellationToken = TestContext.Current.CancellationToken;
        var traceId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var parentSpanId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var stubs = Directory.CreateTempSubdirectory("cri-consumer-grpcio").FullName;
        try
        {
            await GenerateStubsAsync(stubs, cancellationToken);
            var script = Path.Combine(AppContext.BaseDirectory, "Consumer", "grpcio_traceparent.py");
            var run = await ConsumerRun.RunAsync(
                PeerTools.DebianPython,
                [script, stubs, "unix://" + consumer.SocketPath, $"00-{traceId}-{parentSpanId}-01"],
                stubs,
                CallTimeout,
                cancellationToken);
            Assert.True(run.ExitCode == 0, $"grpcio client failed ({run.ExitCode}):\n{run.Output}\nserver:\n{consumer.ServerOutput}");
            using var result = JsonDocument.Parse(run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last(l => l.StartsWith('{')));
            Assert.Equal("NOT_FOUND", result.RootElement.GetProperty("status_code").GetString());

            var serverSpans = await consumer.WaitForServerSpansAsync(traceId, 2, cancellationToken);
            var (serverRun, serverStatus) = AssertServerPair(serverSpans);
            Assert.Equal(parentSpanId, serverRun.ParentSpanId);
            Assert.Equal(parentSpanId, serverStatus.ParentSpanId);
            AssertPod(serverRun, "grpcio-pod", "grpcio-ns", "grpcio-uid");
            Assert.Equal(result.RootElement.GetProperty("pod_sandbox_id").GetString(), serverRun.Attribute("cri.pod_sandbox.id"));
        }
        finally
        {
            Directory.Delete(stubs, recursive: true);
        }
    }

    /// <summary>The two SERVER spans of one trace: named by the CRI method, NOT_FOUND recorded but not a server error.</summary>
    private static (SpanRecord Run, SpanRecord Status) AssertServerPair(IReadOnlyList<SpanRecord> spans)
    {
        var description = string.Join("\n", spans);
        Assert.True(spans.Count == 2, $"expected the trace's two SERVER spans, got:\n{description}");
        var run = Assert.Single(spans, s => s.Name == RunPodSandbox);
        var status = Assert.Single(spans, s => s.Name == PodSandboxStatus);
        foreach (var span in spans)
        {
            Assert.Equal("SERVER", span.Kind);
            Assert.Equal("Cri.Tracing", span.Source);
            Assert.Equal("grpc", span.Attribute("rpc.system.name"));
        }

        Assert.Equal("OK", run.Attribute("rpc.response.status_code"));
        Assert.Equal("Unset", run.Status);
        Assert.Equal("NOT_FOUND", status.Attribute("rpc.response.status_code"));
        Assert.Equal("no-such-sandbox", status.Attribute("cri.pod_sandbox.id"));
        Assert.Equal("Unset", status.Status);
        Assert.Null(status.Attribute("error.type"));
        return (run, status);
    }

    private static void AssertPod(SpanRecord span, string name, string ns, string uid)
    {
        Assert.Equal(name, span.Attribute("k8s.pod.name"));
        Assert.Equal(ns, span.Attribute("k8s.namespace.name"));
        Assert.Equal(uid, span.Attribute("k8s.pod.uid"));
    }

    /// <summary>
    /// Python stubs from the project's own .proto. Debian's protoc (3.21) predates the
    /// <c>debug_redact</c> field option; it is dropped for this compile only (options do not travel on the wire).
    /// </summary>
    private static async Task GenerateStubsAsync(string directory, CancellationToken cancellationToken)
    {
        var proto = (await File.ReadAllTextAsync(RepositoryPaths.RuntimeProto, cancellationToken)).Replace(" [debug_redact = true]", string.Empty, StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(directory, "runtime_v1.proto"), proto, cancellationToken);
        var protoc = await ConsumerRun.RunAsync(
            "/usr/bin/protoc",
            ["-I", directory, "--python_out", directory, "--grpc_python_out", directory, "--plugin=protoc-gen-grpc_python=/usr/bin/grpc_python_plugin", Path.Combine(directory, "runtime_v1.proto")],
            directory,
            TimeSpan.FromMinutes(1),
            cancellationToken);
        Assert.True(protoc.ExitCode == 0, "protoc failed: " + protoc.Output);
    }
}
