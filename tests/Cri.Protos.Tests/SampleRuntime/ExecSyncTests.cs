using Cri.Protos.V1;
using Google.Protobuf;
using Grpc.Core;

namespace Cri.Protos.Tests.SampleRuntime;

public sealed class ExecSyncTests
{
    private static CallOptions Call => SampleRuntimeHarness.Call;

    [Theory]
    [InlineData("echo hello  world", 0, "hello world\n", "")]
    [InlineData("/bin/echo", 0, "\n", "")]
    [InlineData("hostname", 0, "web-0\n", "")]
    [InlineData("true", 0, "", "")]
    [InlineData("false", 1, "", "")]
    [InlineData("exit 42", 42, "", "")]
    [InlineData("exit 300", 44, "", "")]
    [InlineData("exit nope", 2, "", "exit: Illegal number: nope\n")]
    [InlineData("cat /etc/passwd", 127, "", "cat: command not found\n")]
    public async Task Commands_answer_as_a_shell_would(string command, int exitCode, string stdout, string stderr)
    {
        await using var harness = await SampleRuntimeHarness.StartAsync();
        var containerId = await StartAsync(harness);

        var result = await harness.Runtime.ExecSyncAsync(
            new ExecSyncRequest { ContainerId = containerId, Cmd = { command.Split(' ', StringSplitOptions.RemoveEmptyEntries) }, Timeout = 5 },
            Call);

        Assert.Equal(exitCode, result.ExitCode);
        Assert.Equal(stdout, result.Stdout.ToStringUtf8());
        Assert.Equal(stderr, result.Stderr.ToStringUtf8());
    }

    [Fact]
    public async Task A_shell_script_runs_its_command()
    {
        await using var harness = await SampleRuntimeHarness.StartAsync();
        var containerId = await StartAsync(harness);

        var result = await harness.Runtime.ExecSyncAsync(new ExecSyncRequest { ContainerId = containerId, Cmd = { "/bin/sh", "-c", "exit 3" } }, Call);

        Assert.Equal(3, result.ExitCode);
    }

    [Fact]
    public async Task Env_prints_the_container_environment()
    {
        await using var harness = await SampleRuntimeHarness.StartAsync();
        var containerId = await StartAsync(harness);

        var result = await harness.Runtime.ExecSyncAsync(new ExecSyncRequest { ContainerId = containerId, Cmd = { "env" } }, Call);

        var lines = result.Stdout.ToStringUtf8().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("HOSTNAME=web-0", lines);
        Assert.Contains("GREETING=hello", lines);
        Assert.Contains("PATH=/custom/bin", lines);
        Assert.Single(lines, line => line.StartsWith("PATH=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Exec_needs_a_running_container()
    {
        await using var harness = await SampleRuntimeHarness.StartAsync();
        var podId = await harness.RunPodAsync("web-0");
        var containerId = await harness.CreateContainerAsync(podId, "app");

        await PodLifecycleTests.AssertStatusAsync(StatusCode.FailedPrecondition, () => harness.Runtime.ExecSyncAsync(new ExecSyncRequest { ContainerId = containerId, Cmd = { "true" } }, Call));
    }

    private static async Task<string> StartAsync(SampleRuntimeHarness harness)
    {
        var podId = await harness.RunPodAsync("web-0");
        var config = SampleRuntimeHarness.ContainerConfig("app");
        config.Envs.Add(new KeyValue { Key = "GREETING", Value = ByteString.CopyFromUtf8("hello") });
        config.Envs.Add(new KeyValue { Key = "PATH", Value = ByteString.CopyFromUtf8("/custom/bin") });
        var containerId = (await harness.Runtime.CreateContainerAsync(new CreateContainerRequest { PodSandboxId = podId, Config = config }, Call)).ContainerId;
        await harness.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = containerId }, Call);
        return containerId;
    }
}
