using Cri.Protos.V1;
using Cri.Tracing.Logging.Internal;
using FsCheck;
using FsCheck.Fluent;
using Google.Protobuf;

namespace Cri.Tracing.Tests.Logging;

public sealed class PayloadFormatterTests
{
    [Fact]
    public void Registry_credentials_are_redacted_including_the_username()
    {
        var request = new PullImageRequest
        {
            Image = new ImageSpec { Image = "registry.example.com/app:1" },
            Auth = new AuthConfig
            {
                Username = "robot",
                Password = "hunter2",
                Auth = "cm9ib3Q6aHVudGVyMg==",
                ServerAddress = "registry.example.com",
                IdentityToken = "id-token",
                RegistryToken = "registry-token",
            },
        };

        var json = PayloadFormatter.Format(request, 4096);

        Assert.Equal(
            "{\"image\":{\"image\":\"registry.example.com/app:1\"},\"auth\":{\"username\":\"[REDACTED]\",\"password\":\"[REDACTED]\",\"auth\":\"[REDACTED]\",\"serverAddress\":\"registry.example.com\",\"identityToken\":\"[REDACTED]\",\"registryToken\":\"[REDACTED]\"}}",
            json);
    }

    [Fact]
    public void Every_field_marked_debug_redact_is_redacted()
    {
        var marked = RuntimeV1Reflection.Descriptor.MessageTypes
            .SelectMany(Flatten)
            .SelectMany(m => m.Fields.InDeclarationOrder())
            .Where(f => f.GetOptions()?.DebugRedact == true)
            .ToList();

        Assert.Equal(4, marked.Count);
        Assert.All(marked, f => Assert.True(PayloadFormatter.IsRedacted(f), f.FullName));
    }

    [Fact]
    public void No_secret_ever_appears_in_the_output()
        => Prop.ForAll(Secrets(), Secrets(), Secrets(), (password, token, username) =>
        {
            var request = new PullImageRequest { Auth = new AuthConfig { Username = username, Password = password, RegistryToken = token, IdentityToken = token, Auth = password } };
            var json = PayloadFormatter.Format(request, 4096);
            return !json.Contains(password, StringComparison.Ordinal) && !json.Contains(token, StringComparison.Ordinal) && !json.Contains(username, StringComparison.Ordinal);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Output_is_compact_proto3_json()
    {
        var status = new ContainerStatus
        {
            Id = "c1",
            State = ContainerState.ContainerRunning,
            CreatedAt = 1_700_000_000_000_000_000,
            ExitCode = 0,
            Labels = { ["app"] = "web" },
            Mounts = { new Mount { ContainerPath = "/data", Readonly = true } },
            Message = "line\n\"quoted\"",
        };

        Assert.Equal(
            "{\"id\":\"c1\",\"state\":\"CONTAINER_RUNNING\",\"createdAt\":\"1700000000000000000\",\"message\":\"line\\n\\\"quoted\\\"\",\"labels\":{\"app\":\"web\"},\"mounts\":[{\"containerPath\":\"/data\",\"readonly\":true}]}",
            PayloadFormatter.Format(status, 4096));
    }

    [Fact]
    public void Large_payload_is_cut_at_the_bound_and_marked()
    {
        var response = new ListContainersResponse();
        for (var i = 0; i < 10_000; i++)
        {
            response.Containers.Add(new Container { Id = new string('c', 64), PodSandboxId = new string('p', 64) });
        }

        var json = PayloadFormatter.Format(response, 4096);

        Assert.Equal(4096, json.Length);
        Assert.EndsWith(PayloadFormatter.TruncatedMarker, json, StringComparison.Ordinal);
        Assert.StartsWith("{\"containers\":[{\"id\":\"ccc", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Bound_holds_for_any_message_size()
        => Prop.ForAll(Gen.Choose(0, 300).ToArbitrary(), Gen.Choose(64, 2000).ToArbitrary(), (count, bound) =>
        {
            var response = new ListPodSandboxResponse();
            for (var i = 0; i < count; i++)
            {
                response.Items.Add(new PodSandbox { Id = "p" + i, Metadata = new PodSandboxMetadata { Name = "n" + i } });
            }

            var json = PayloadFormatter.Format(response, bound);
            return json.Length <= bound && (json.EndsWith(PayloadFormatter.TruncatedMarker, StringComparison.Ordinal) || json.EndsWith('}'));
        }).QuickCheckThrowOnFailure();

    private static IEnumerable<Google.Protobuf.Reflection.MessageDescriptor> Flatten(Google.Protobuf.Reflection.MessageDescriptor message)
        => [message, .. message.NestedTypes.SelectMany(Flatten)];

    private static Arbitrary<string> Secrets()
        => Gen.ArrayOf(Gen.Elements("abcdefghijklmnopqrstuvwxyz0123456789%\"\\{}:".ToCharArray()), 12)
            .Select(c => "S" + new string(c))
            .ToArbitrary();
}
