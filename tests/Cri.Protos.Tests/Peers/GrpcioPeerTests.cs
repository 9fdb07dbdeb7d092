using System.Text.Json;
using Cri.SampleRuntime;
using Cri.Testing;
using Cri.Testing.Peers;

namespace Cri.Protos.Tests.Peers;

/// <summary>
/// The reference gRPC stack (Debian's python3-grpcio, C-core) as the client of the sample
/// runtime, with stubs generated at test time from the project's own .proto.
/// </summary>
public sealed class GrpcioPeerTests
{
    /// <summary>
    /// Each <c>:authority</c> a real client sends on a Unix socket: grpcio 1.51's default
    /// (<c>localhost</c>), the %-encoded path of C-core 1.57+, the raw path of older grpc-go and
    /// grpcurl, and the <c>unix:</c> target. Kestrel alone refuses all but the first.
    /// </summary>
    [Theory]
    [InlineData("default")]
    [InlineData("localhost")]
    [InlineData("%-encoded path")]
    [InlineData("path")]
    [InlineData("unix:path")]
    public async Task Grpcio_drives_a_full_pod_lifecycle_a_stream_a_deadline_and_garbage(string authority)
    {
        PeerTools.RequirePythonGrpc();
        var cancellationToken = TestContext.Current.CancellationToken;
        var directory = Directory.CreateTempSubdirectory("grpcio").FullName;
        try
        {
            GenerateStubs(directory);
            var socket = Path.Combine(directory, "rt.sock");
            var endpoint = "unix://" + socket;
            await using var runtime = await SampleRuntimeHost.StartAsync(endpoint, cancellationToken: cancellationToken);
            string[] authorityArgument = authority switch
            {
                "default" => [],
                "%-encoded path" => [Uri.EscapeDataString(socket)],
                "path" => [socket],
                "unix:path" => ["unix:" + socket],
                _ => [authority],
            };

            var script = Path.Combine(AppContext.BaseDirectory, "Peers", "grpcio_client.py");
            var run = await Task.Run(() => ProcessRunner.Run(PeerTools.DebianPython, [script, directory, endpoint, .. authorityArgument], TimeSpan.FromMinutes(2)), cancellationToken);

            Assert.True(run.ExitCode == 0, $"grpcio client failed ({run.ExitCode}):\n{run.StandardError}\n{run.StandardOutput}");
            using var results = JsonDocument.Parse(run.StandardOutput);
            var root = results.RootElement;
            Assert.Equal("cri-sample", root.GetProperty("version").GetProperty("runtime_name").GetString());
            Assert.Equal("v1", root.GetProperty("version").GetProperty("runtime_api_version").GetString());
            Assert.Equal("CONTAINER_RUNNING", root.GetProperty("listed")[0].GetProperty("state").GetString());
            Assert.Equal("hello\n", root.GetProperty("exec").GetProperty("stdout").GetString());
            Assert.Equal(0, root.GetProperty("exec").GetProperty("exit_code").GetInt32());
            Assert.Equal("NOT_FOUND", root.GetProperty("removed_pod_status").GetString());
            Assert.Equal("OK", root.GetProperty("remove_again").GetString());
            string[] lifecycle = ["CONTAINER_CREATED_EVENT", "CONTAINER_STARTED_EVENT", "CONTAINER_STOPPED_EVENT", "CONTAINER_DELETED_EVENT"];
            Assert.Equal(lifecycle, root.GetProperty("container_events").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal(lifecycle, root.GetProperty("sandbox_events").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal("DEADLINE_EXCEEDED", root.GetProperty("deadline").GetString());
            // grpc-dotnet answers a request it cannot parse as it answers any exception from the
            // call: UNKNOWN (grpc-go and C-core say INTERNAL). Either way the call fails and the
            // server keeps serving (still_serving below).
            Assert.Equal("UNKNOWN", root.GetProperty("garbage").GetString());
            Assert.Equal("UNIMPLEMENTED", root.GetProperty("unknown_method").GetString());
            Assert.Equal("cri-sample", root.GetProperty("still_serving").GetString());
            Assert.Equal(200, root.GetProperty("repeated").GetInt32());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>
    /// Debian's protoc (3.21) predates the <c>debug_redact</c> field option; it is dropped for
    /// this compile only. Field options do not travel on the wire, so the stubs speak the same contract.
    /// </summary>
    private static void GenerateStubs(string directory)
    {
        var proto = File.ReadAllText(RepositoryPaths.RuntimeProto).Replace(" [debug_redact = true]", string.Empty, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(directory, "runtime_v1.proto"), proto);
        var protoc = ProcessRunner.Run(
            "/usr/bin/protoc",
            ["-I", directory, "--python_out", directory, "--grpc_python_out", directory, "--plugin=protoc-gen-grpc_python=/usr/bin/grpc_python_plugin", Path.Combine(directory, "runtime_v1.proto")],
            TimeSpan.FromMinutes(1));
        Assert.True(protoc.ExitCode == 0, "protoc failed: " + protoc.StandardError);
    }
}
