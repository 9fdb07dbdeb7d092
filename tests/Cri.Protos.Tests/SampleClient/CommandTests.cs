using Cri.Protos.V1;
using Cri.SampleClient;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Cri.Protos.Tests.SampleClient;

/// <summary>Each command end to end, over a Unix socket, against an in-memory runtime.</summary>
public sealed class CommandTests : IAsyncLifetime
{
    private FakeCriServer server = null!;

    public async ValueTask InitializeAsync() => this.server = await FakeCriServer.StartAsync();

    public async ValueTask DisposeAsync() => await this.server.DisposeAsync();

    [Fact]
    public async Task Version_prints_crictls_four_lines()
    {
        var result = await this.RunAsync("version");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Version:  0.1.0\nRuntimeName:  fake\nRuntimeVersion:  1.2.3\nRuntimeApiVersion:  v1\n", result.Stdout);
        Assert.Equal("v1", this.server.Runtime.Last<VersionRequest>().Version);
    }

    [Fact]
    public async Task Version_prints_json_on_request()
    {
        var result = await this.RunAsync("version", "-o", "json");

        var response = JsonParser.Default.Parse<VersionResponse>(result.Stdout);
        Assert.Equal("fake", response.RuntimeName);
    }

    [Fact]
    public async Task Info_prints_the_verbose_status_as_json()
    {
        var result = await this.RunAsync("info");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("RuntimeReady", JsonParser.Default.Parse<StatusResponse>(result.Stdout).Status.Conditions[0].Type);
        Assert.True(this.server.Runtime.Last<StatusRequest>().Verbose);
    }

    [Fact]
    public async Task Runp_without_a_file_runs_the_built_in_pod_with_the_flags_applied()
    {
        var result = await this.RunAsync("runp", "--name", "web", "--uid", "u-1", "-r", "kata");

        Assert.Equal(0, result.ExitCode);
        var request = this.server.Runtime.Last<RunPodSandboxRequest>();
        Assert.Equal("web", request.Config.Metadata.Name);
        Assert.Equal("default", request.Config.Metadata.Namespace);
        Assert.Equal("u-1", request.Config.Metadata.Uid);
        Assert.Equal("kata", request.RuntimeHandler);
        Assert.Equal((await this.RunAsync("pods", "-q")).StdoutLines, result.StdoutLines);
    }

    [Fact]
    public async Task Runp_reads_a_pod_config_file_and_flags_override_it()
    {
        var path = WriteTempFile("pod.yaml", "metadata:\n  name: from-file\n  namespace: ns1\n  uid: u-9\nlabels:\n  tier: web\n");
        try
        {
            var result = await this.RunAsync("runp", path, "--namespace", "ns2");

            Assert.Equal(0, result.ExitCode);
            var config = this.server.Runtime.Last<RunPodSandboxRequest>().Config;
            Assert.Equal(("from-file", "ns2", "u-9"), (config.Metadata.Name, config.Metadata.Namespace, config.Metadata.Uid));
            Assert.Equal("web", config.Labels["tier"]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Runp_with_an_unreadable_config_exits_1()
    {
        var result = await this.RunAsync("runp", "/nonexistent/pod.json");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: load PodSandboxConfig from \"/nonexistent/pod.json\"", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(this.server.Runtime.Requests);
    }

    [Fact]
    public async Task Pods_lists_a_table_and_filters()
    {
        var web = await this.RunPodAsync("web", "prod");
        var db = await this.RunPodAsync("db", "prod");
        await this.RunAsync("stopp", db);

        var table = await this.RunAsync("pods");
        var ready = await this.RunAsync("pods", "-q", "--state", "ready");
        var named = await this.RunAsync("pods", "-q", "--name", "^d");
        var labelled = await this.RunAsync("pods", "-q", "--label", "app=web", "--namespace", "pro");

        Assert.Equal(0, table.ExitCode);
        Assert.Equal(["POD ID", "CREATED", "STATE", "NAME", "NAMESPACE", "ATTEMPT", "RUNTIME"], Cells(table.StdoutLines[0]));
        Assert.Contains([web[..13], "About a minute ago", "Ready", "web", "prod", "0", "(default)"], table.StdoutLines.Select(Cells));
        Assert.Contains([db[..13], "About a minute ago", "NotReady", "db", "prod", "0", "(default)"], table.StdoutLines.Select(Cells));
        Assert.Equal([web], ready.StdoutLines);
        Assert.Equal([db], named.StdoutLines);
        Assert.Equal([web], labelled.StdoutLines);
        Assert.Equal("web", this.server.Runtime.Last<ListPodSandboxRequest>().Filter.LabelSelector["app"]);
    }

    [Fact]
    public async Task Pods_prints_the_list_response_as_json()
    {
        var id = await this.RunPodAsync("web", "prod");

        var result = await this.RunAsync("pods", "-o", "json");

        var response = JsonParser.Default.Parse<ListPodSandboxResponse>(result.Stdout);
        Assert.Equal(id, Assert.Single(response.Items).Id);
    }

    [Fact]
    public async Task Stopp_rmp_and_inspectp_act_on_each_pod()
    {
        var first = await this.RunPodAsync("a", "ns");
        var second = await this.RunPodAsync("b", "ns");

        var inspected = await this.RunAsync("inspectp", first);
        var stopped = await this.RunAsync("stopp", first, second);
        var removed = await this.RunAsync("rmp", first);

        Assert.Equal(first, JsonParser.Default.Parse<PodSandboxStatusResponse>(inspected.Stdout).Status.Id);
        Assert.True(this.server.Runtime.Last<PodSandboxStatusRequest>().Verbose);
        Assert.Equal([$"Stopped sandbox {first}", $"Stopped sandbox {second}"], stopped.StdoutLines);
        Assert.Equal([$"Removed sandbox {first}"], removed.StdoutLines);
        Assert.Equal([second], (await this.RunAsync("pods", "-q")).StdoutLines);
    }

    [Fact]
    public async Task Inspectp_of_an_unknown_pod_exits_1_with_the_status_in_crictls_form()
    {
        var result = await this.RunAsync("inspectp", "nope");

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Equal("error: rpc error: code = NotFound desc = pod sandbox \"nope\" not found\n", result.Stderr);
    }

    [Fact]
    public async Task Create_without_files_builds_the_config_from_the_pod_status()
    {
        var pod = await this.RunPodAsync("web", "prod");

        var result = await this.RunAsync("create", pod, "--name", "nginx", "--image", "nginx:1.27");

        Assert.Equal(0, result.ExitCode);
        var request = this.server.Runtime.Last<CreateContainerRequest>();
        Assert.Equal(pod, request.PodSandboxId);
        Assert.Equal(("nginx", "nginx:1.27"), (request.Config.Metadata.Name, request.Config.Image.Image));
        Assert.Equal(("web", "prod"), (request.SandboxConfig.Metadata.Name, request.SandboxConfig.Metadata.Namespace));
        Assert.Equal("web", request.Config.Labels["io.kubernetes.pod.name"]);
        Assert.Equal("nginx", request.Config.Labels["io.kubernetes.container.name"]);
        Assert.Equal(64, Assert.Single(result.StdoutLines).Length);
    }

    [Fact]
    public async Task Create_in_crictls_form_reads_both_config_files()
    {
        var pod = await this.RunPodAsync("web", "prod");
        var containerConfig = WriteTempFile("container.json", """{ "metadata": { "name": "from-file" }, "image": { "image": "busybox" }, "command": ["top"] }""");
        var podConfig = WriteTempFile("pod.json", """{ "metadata": { "name": "web", "namespace": "prod", "uid": "u" } }""");
        try
        {
            var result = await this.RunAsync("create", pod, containerConfig, podConfig);

            Assert.Equal(0, result.ExitCode);
            var request = this.server.Runtime.Last<CreateContainerRequest>();
            Assert.Equal(["top"], request.Config.Command);
            Assert.Equal("from-file", request.Config.Metadata.Name);
            Assert.Equal("u", request.SandboxConfig.Metadata.Uid);
            Assert.Empty(this.server.Runtime.Requests.OfType<PodSandboxStatusRequest>());
        }
        finally
        {
            File.Delete(containerConfig);
            File.Delete(podConfig);
        }
    }

    [Fact]
    public async Task Container_lifecycle_shows_in_ps()
    {
        var pod = await this.RunPodAsync("web", "prod");
        var container = (await this.RunAsync("create", pod, "--name", "app")).StdoutLines[0];

        var runningBeforeStart = await this.RunAsync("ps", "-q");
        var allBeforeStart = await this.RunAsync("ps", "-a");
        var started = await this.RunAsync("start", container);
        var runningAfterStart = await this.RunAsync("ps", "-q", "--pod", pod);
        var stopped = await this.RunAsync("stop", container);
        var exited = await this.RunAsync("ps", "-q", "--state", "exited", "--name", "^app$");
        var removed = await this.RunAsync("rm", container);
        var afterRemove = await this.RunAsync("ps", "-aq");

        Assert.Empty(runningBeforeStart.StdoutLines);
        Assert.Equal(ContainerState.ContainerRunning, this.server.Runtime.Requests.OfType<ListContainersRequest>().First().Filter.State.State);
        Assert.Equal(["CONTAINER", "IMAGE", "CREATED", "STATE", "NAME", "ATTEMPT", "POD ID", "POD"], Cells(allBeforeStart.StdoutLines[0]));
        Assert.Equal([container[..13], "busybox:latest", "About a minute ago", "Created", "app", "0", pod[..13], "web"], Cells(allBeforeStart.StdoutLines[1]));
        Assert.Equal([container], started.StdoutLines);
        Assert.Equal([container], runningAfterStart.StdoutLines);
        Assert.Equal([container], stopped.StdoutLines);
        Assert.Equal([container], exited.StdoutLines);
        Assert.Equal([container], removed.StdoutLines);
        Assert.Empty(afterRemove.StdoutLines);
    }

    [Fact]
    public async Task Inspect_prints_the_container_status()
    {
        var container = await this.CreateContainerAsync();

        var result = await this.RunAsync("inspect", "-o", "yaml", container);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"id: {container}", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("state: CONTAINER_CREATED", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exec_prints_the_output_and_passes_the_commands_flags_through()
    {
        var container = await this.CreateContainerAsync();

        var result = await this.RunAsync("exec", "--sync", container, "ls", "-la", "--color");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("ls -la --color\n", result.Stdout);
        Assert.Equal(["ls", "-la", "--color"], this.server.Runtime.Last<ExecSyncRequest>().Cmd);
    }

    [Fact]
    public async Task Exec_exits_with_the_commands_exit_code()
    {
        var container = await this.CreateContainerAsync();

        var result = await this.RunAsync("exec", container, "exit", "3");

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("exiting with 3\n", result.Stderr);
    }

    [Fact]
    public async Task Images_commands_pull_list_inspect_and_remove()
    {
        var pulled = await this.RunAsync("pull", "--creds", "me:s3cret:with-colon", "busybox");
        var auth = this.server.Images.Last<PullImageRequest>().Auth;
        var table = await this.RunAsync("images");
        var ids = await this.RunAsync("images", "-q", "busy");
        var inspected = await this.RunAsync("inspecti", "busybox");
        var removed = await this.RunAsync("rmi", "busybox");
        var absent = await this.RunAsync("inspecti", "busybox");

        Assert.Equal(0, pulled.ExitCode);
        Assert.StartsWith("Image is up to date for sha256:", pulled.Stdout, StringComparison.Ordinal);
        Assert.Equal(("me", "s3cret:with-colon"), (auth.Username, auth.Password));
        Assert.Equal(["IMAGE", "TAG", "IMAGE ID", "SIZE"], Cells(table.StdoutLines[0]));
        Assert.Equal(["busybox", "latest", ids.StdoutLines[0][7..20], "1.47MB"], Cells(table.StdoutLines[1]));
        Assert.Equal("busy", this.server.Images.Last<ListImagesRequest>().Filter.Image.Image);
        Assert.Equal(["busybox:latest"], JsonParser.Default.Parse<ImageStatusResponse>(inspected.Stdout).Image.RepoTags);
        Assert.Equal(["Deleted: busybox"], removed.StdoutLines);
        Assert.Equal(1, absent.ExitCode);
        Assert.Equal("error: no such image \"busybox\" present\n", absent.Stderr);
    }

    [Fact]
    public async Task Events_prints_a_line_per_event_until_the_limit()
    {
        this.server.Runtime.Events.Add(new ContainerEventResponse { ContainerId = "c1", ContainerEventType = ContainerEventType.ContainerCreatedEvent });
        this.server.Runtime.Events.Add(new ContainerEventResponse { ContainerId = "c1", ContainerEventType = ContainerEventType.ContainerStartedEvent });
        this.server.Runtime.Events.Add(new ContainerEventResponse { ContainerId = "c1", ContainerEventType = ContainerEventType.ContainerStoppedEvent });

        var result = await this.RunAsync("events", "--limit", "2");
        var json = await this.RunAsync("events", "--limit", "1", "-o", "json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(2, result.StdoutLines.Length);
        Assert.Contains("ContainerCreatedEvent  container=c1  pod=-", result.StdoutLines[0], StringComparison.Ordinal);
        Assert.Contains("ContainerStartedEvent", result.StdoutLines[1], StringComparison.Ordinal);
        Assert.Equal("c1", JsonParser.Default.Parse<ContainerEventResponse>(Assert.Single(json.StdoutLines)).ContainerId);
    }

    [Fact]
    public async Task Events_ends_normally_when_interrupted()
    {
        this.server.Runtime.Events.Add(new ContainerEventResponse { ContainerId = "c1", ContainerEventType = ContainerEventType.ContainerDeletedEvent });
        using var interrupt = new CancellationTokenSource();

        var run = CliRun.RunAsync(["-r", this.server.Endpoint, "events"], environment: null, cancellationToken: interrupt.Token);
        await this.server.Runtime.EventsSent.Task;
        await interrupt.CancelAsync();
        var result = await run;

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Stderr);
    }

    [Fact]
    public async Task A_dead_endpoint_exits_1_with_unavailable()
    {
        var result = await CliRun.RunAsync("-r", "unix:///tmp/nonexistent.sock", "version");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: rpc error: code = Unavailable desc = ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Debug_writes_requests_and_responses_without_secrets()
    {
        var result = await this.RunAsync("-D", "pull", "--creds", "me:hunter2", "busybox");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("debug: PullImageRequest: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("debug: PullImageResponse: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("[REDACTED]", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_channel_goes_through_the_callers_interceptors()
    {
        await using var imageServer = await FakeCriServer.StartAsync();
        var interceptors = new List<(CriEndpoint Endpoint, CountingInterceptor Interceptor)>();
        CallInvoker AddInterceptor(CallInvoker invoker, CriEndpoint endpoint)
        {
            var interceptor = new CountingInterceptor();
            interceptors.Add((endpoint, interceptor));
            return invoker.Intercept(interceptor);
        }

        string[] endpoints = ["-r", this.server.Endpoint, "-i", imageServer.Endpoint];
        var version = await SampleClientCli.RunAsync([.. endpoints, "version"], TextWriter.Null, TextWriter.Null, CancellationToken.None, AddInterceptor);
        var pull = await SampleClientCli.RunAsync([.. endpoints, "pull", "busybox"], TextWriter.Null, TextWriter.Null, CancellationToken.None, AddInterceptor);

        Assert.Equal((0, 0), (version, pull));
        Assert.IsType<VersionRequest>(Assert.Single(this.server.Runtime.Requests));
        Assert.IsType<PullImageRequest>(Assert.Single(imageServer.Images.Requests));
        Assert.Equal([1, 1], interceptors.Select(i => i.Interceptor.Calls));
        Assert.Equal([this.server.Endpoint, imageServer.Endpoint], interceptors.Select(i => i.Endpoint.Original));
    }

    private static string[] Cells(string line) => line.Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string WriteTempFile(string name, string text)
    {
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + "-" + name);
        File.WriteAllText(path, text);
        return path;
    }

    private Task<CliResult> RunAsync(params string[] args) => CliRun.RunAsync(["-r", this.server.Endpoint, .. args], environment: null);

    /// <summary>Runs a pod from a config file, labelled app=name.</summary>
    private async Task<string> RunPodAsync(string name, string podNamespace)
    {
        var path = WriteTempFile("pod.yaml", $"metadata:\n  name: {name}\n  namespace: {podNamespace}\n  uid: uid-{name}\nlabels:\n  app: {name}\n");
        try
        {
            var result = await this.RunAsync("runp", path);
            Assert.Equal(0, result.ExitCode);
            return Assert.Single(result.StdoutLines);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private async Task<string> CreateContainerAsync()
    {
        var pod = await this.RunPodAsync("web", "prod");
        var result = await this.RunAsync("create", pod);
        Assert.Equal(0, result.ExitCode);
        return Assert.Single(result.StdoutLines);
    }
}
