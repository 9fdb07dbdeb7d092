using Cri.Protos.V1;
using Cri.SampleClient.Commands;
using Cri.SampleClient.Output;
using Grpc.Core;

namespace Cri.Protos.Tests.SampleClient;

public sealed class OutputFormattingTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Tables_align_like_crictls_tabwriter()
    {
        var table = new TableWriter("A", "LONG HEADER", "LAST");
        table.AddRow("x", "a value that is longer than twenty", "tail");
        using var output = new StringWriter();

        table.WriteTo(output);

        Assert.Equal(
            "A                   LONG HEADER                          LAST\n" +
            "x                   a value that is longer than twenty   tail\n",
            output.ToString());
    }

    [Fact]
    public void A_row_must_have_a_cell_per_header()
    {
        Assert.Throws<ArgumentException>(() => new TableWriter("A", "B").AddRow("only one"));
    }

    [Theory]
    [InlineData(0.5, "Less than a second")]
    [InlineData(1, "1 second")]
    [InlineData(59, "59 seconds")]
    [InlineData(60, "About a minute")]
    [InlineData(119, "About a minute")]
    [InlineData(120, "2 minutes")]
    [InlineData(59 * 60, "59 minutes")]
    [InlineData(60 * 60, "About an hour")]
    [InlineData(89 * 60, "About an hour")]
    [InlineData(90 * 60, "2 hours")]
    [InlineData(47 * 3600, "47 hours")]
    [InlineData(48 * 3600, "2 days")]
    [InlineData(13 * 86400, "13 days")]
    [InlineData(14 * 86400, "2 weeks")]
    [InlineData(60 * 86400, "2 months")]
    [InlineData(800 * 86400, "2 years")]
    [InlineData(-30, "Less than a second")]
    public void Durations_read_as_go_units_words_them(double seconds, string expected)
    {
        Assert.Equal(expected, HumanFormat.Duration(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void Creation_times_are_relative_to_now()
    {
        var created = FakeRuntimeService.ToUnixNanoseconds(Now.AddMinutes(-1.5));

        Assert.Equal("About a minute ago", HumanFormat.Ago(created, Now));
    }

    [Theory]
    [InlineData(0UL, "0B")]
    [InlineData(999UL, "999B")]
    [InlineData(1000UL, "1kB")]
    [InlineData(1_473_024UL, "1.47MB")]
    [InlineData(72_800_000UL, "72.8MB")]
    [InlineData(3_000_000_000UL, "3GB")]
    public void Sizes_read_as_go_units_words_them(ulong bytes, string expected)
    {
        Assert.Equal(expected, HumanFormat.Size(bytes));
    }

    [Theory]
    [InlineData("0123456789abcdef0123", "", "0123456789abc")]
    [InlineData("sha256:0123456789abcdef", "sha256:", "0123456789abc")]
    [InlineData("short", "", "short")]
    [InlineData("sha256:0123456789abcdef", "", "sha256:012345")]
    public void Ids_are_truncated_to_thirteen_characters(string id, string prefix, string expected)
    {
        Assert.Equal(expected, HumanFormat.TruncateId(id, prefix));
    }

    [Theory]
    [InlineData(StatusCode.NotFound, "NotFound")]
    [InlineData(StatusCode.DeadlineExceeded, "DeadlineExceeded")]
    [InlineData(StatusCode.Unavailable, "Unavailable")]
    [InlineData(StatusCode.Cancelled, "Canceled")]
    [InlineData((StatusCode)42, "Code(42)")]
    public void Status_codes_are_named_as_grpc_go_names_them(StatusCode code, string expected)
    {
        Assert.Equal(expected, RpcErrorText.GoCodeName(code));
    }

    [Fact]
    public void Rpc_errors_read_as_crictl_prints_them()
    {
        var error = new RpcException(new Status(StatusCode.NotFound, "pod sandbox \"abc\" not found"));

        Assert.Equal("rpc error: code = NotFound desc = pod sandbox \"abc\" not found", RpcErrorText.Format(error));
    }

    [Fact]
    public void Json_shows_default_values_indented_by_two_spaces()
    {
        var json = MessageText.Format(new PodSandboxMetadata { Name = "web" }, OutputFormat.Json);

        Assert.Equal("{\n  \"name\": \"web\",\n  \"uid\": \"\",\n  \"namespace\": \"\",\n  \"attempt\": 0\n}", json.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Yaml_is_the_json_document_in_yaml()
    {
        var yaml = MessageText.Format(new PodSandbox { Id = "p1", CreatedAt = 1, Labels = { ["app"] = "web" }, Metadata = new PodSandboxMetadata { Name = "n" } }, OutputFormat.Yaml);

        Assert.Contains("id: p1\n", yaml, StringComparison.Ordinal);
        Assert.Contains("createdAt: \"1\"\n", yaml, StringComparison.Ordinal);
        Assert.Contains("labels:\n  app: web", yaml, StringComparison.Ordinal);
        Assert.Contains("  name: n\n", yaml, StringComparison.Ordinal);
        Assert.Contains("state: SANDBOX_READY", yaml, StringComparison.Ordinal);
        Assert.False(yaml.EndsWith('\n'));
    }

    [Fact]
    public void Debug_output_hides_registry_secrets()
    {
        var request = new PullImageRequest
        {
            Image = new ImageSpec { Image = "busybox" },
            Auth = new AuthConfig { Username = "me", Password = "hunter2", IdentityToken = "token" },
        };

        var text = DebugText.Format(request);

        Assert.Contains("\"username\": \"me\"", text, StringComparison.Ordinal);
        Assert.Contains("\"password\": \"[REDACTED]\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"token\"", text, StringComparison.Ordinal);
        Assert.Equal("hunter2", request.Auth.Password);
    }

    [Fact]
    public void Pods_table_has_crictls_columns()
    {
        var pods = new[]
        {
            new PodSandbox
            {
                Id = new string('a', 64),
                Metadata = new PodSandboxMetadata { Name = "web", Namespace = "default", Attempt = 2 },
                State = PodSandboxState.SandboxReady,
                CreatedAt = FakeRuntimeService.ToUnixNanoseconds(Now.AddMinutes(-5)),
            },
            new PodSandbox { Id = "b1", State = PodSandboxState.SandboxNotready, CreatedAt = FakeRuntimeService.ToUnixNanoseconds(Now.AddSeconds(-30)), RuntimeHandler = "kata" },
        };
        using var output = new StringWriter();

        PodCommands.WriteTable(output, pods, Now);

        var lines = output.ToString().Split('\n');
        Assert.Equal("POD ID              CREATED             STATE               NAME                NAMESPACE           ATTEMPT             RUNTIME", lines[0]);
        Assert.Equal("aaaaaaaaaaaaa       5 minutes ago       Ready               web                 default             2                   (default)", lines[1]);
        Assert.Equal("b1                  30 seconds ago      NotReady                                                    0                   kata", lines[2]);
    }

    [Fact]
    public void Containers_table_has_crictls_columns()
    {
        var containers = new[]
        {
            new Container
            {
                Id = new string('c', 64),
                PodSandboxId = new string('p', 64),
                Image = new ImageSpec { Image = "sha256:" + new string('1', 64) },
                Metadata = new ContainerMetadata { Name = "app", Attempt = 1 },
                State = ContainerState.ContainerRunning,
                CreatedAt = FakeRuntimeService.ToUnixNanoseconds(Now.AddHours(-3)),
                Labels = { ["io.kubernetes.pod.name"] = "web" },
            },
            new Container { Id = "c2", PodSandboxId = "p2", Image = new ImageSpec { Image = "docker.io/library/busybox:latest" }, State = ContainerState.ContainerExited },
        };
        using var output = new StringWriter();

        ContainerCommands.WriteTable(output, containers, Now);

        var lines = output.ToString().Split('\n');
        Assert.Equal(["CONTAINER", "IMAGE", "CREATED", "STATE", "NAME", "ATTEMPT", "POD ID", "POD"], lines[0].Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Equal(["ccccccccccccc", "1111111111111", "3 hours ago", "Running", "app", "1", "ppppppppppppp", "web"], lines[1].Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains("docker.io/library/busybox:latest", lines[2], StringComparison.Ordinal);
        Assert.Contains("Exited", lines[2], StringComparison.Ordinal);
        Assert.EndsWith("unknown", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Images_table_has_a_row_per_tag()
    {
        var images = new[]
        {
            new Image { Id = "sha256:" + new string('e', 64), RepoTags = { "docker.io/library/busybox:latest", "docker.io/library/busybox:1.36" }, Size = 4_261_550 },
            new Image { Id = "sha256:" + new string('f', 64), RepoDigests = { "registry.k8s.io/pause@sha256:abc" }, Size = 320_000 },
        };
        using var output = new StringWriter();

        ImageCommands.WriteTable(output, images);

        var rows = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToArray();
        Assert.Equal(["IMAGE", "TAG", "IMAGE ID", "SIZE"], rows[0]);
        Assert.Equal(["docker.io/library/busybox", "latest", "eeeeeeeeeeeee", "4.26MB"], rows[1]);
        Assert.Equal(["docker.io/library/busybox", "1.36", "eeeeeeeeeeeee", "4.26MB"], rows[2]);
        Assert.Equal(["registry.k8s.io/pause", "<none>", "fffffffffffff", "320kB"], rows[3]);
    }

    [Fact]
    public void Repo_tags_split_as_crictl_splits_them()
    {
        Assert.Equal(
            [("localhost:5000/app", "v1"), ("repo", "<none>"), ("errorRepoTag", "errorRepoTag")],
            ImageCommands.SplitRepoTags(["localhost:5000/app:v1", "<none>:<none>", "notag"], "repo"));
        Assert.Equal([("repo", "<none>")], ImageCommands.SplitRepoTags([], "repo"));
    }

    [Fact]
    public void An_event_is_one_line()
    {
        var line = RuntimeCommands.FormatEvent(new ContainerEventResponse
        {
            ContainerId = "c1",
            ContainerEventType = ContainerEventType.ContainerStartedEvent,
            CreatedAt = FakeRuntimeService.ToUnixNanoseconds(Now),
            PodSandboxStatus = new PodSandboxStatus { Id = "p1" },
        });

        Assert.Equal("2025-06-01T00:00:00.000Z  ContainerStartedEvent  container=c1  pod=p1", line);
    }
}
