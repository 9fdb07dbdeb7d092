using Grpc.Core;
using Cri.Protos;

namespace Cri.SampleRuntime;

/// <summary>The images the runtime holds, keyed by ID. Pulls are simulated and never touch the network.</summary>
internal sealed class ImageStore(PhaseSimulator phases, TimeProvider timeProvider, ILogger<ImageStore> logger)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, ImageRecord> images = new(StringComparer.Ordinal);

    /// <summary>Finds an image by tag, digest reference or ID; <see langword="null"/> when absent or the name is malformed.</summary>
    public ImageRecord? Find(string image)
    {
        lock (this.gate)
        {
            return this.images.Values.FirstOrDefault(record => record.IsNamedBy(image));
        }
    }

    public IReadOnlyList<ImageRecord> List(string? image)
    {
        lock (this.gate)
        {
            return [.. this.images.Values
                .Where(record => string.IsNullOrEmpty(image) || record.IsNamedBy(image))
                .OrderBy(record => record.Reference.ToString(), StringComparer.Ordinal)];
        }
    }

    /// <summary>
    /// Pulls an image, again if it is present, as a runtime asks the registry each time.
    /// Whether credentials came along is all that is known of them here: they are neither logged nor kept.
    /// </summary>
    public async Task<ImageRecord> PullAsync(string image, bool withCredentials, CancellationToken cancellationToken)
    {
        if (!ImageReference.TryParse(image, out var reference))
        {
            throw ImageReference.IsImageId(image)
                ? new RpcException(new Status(StatusCode.NotFound, $"image \"{image}\" not found: an image ID cannot be pulled"))
                : new RpcException(new Status(StatusCode.InvalidArgument, $"invalid reference format: \"{image}\""));
        }

        var name = reference.ToString();
        SampleRuntimeLog.PullingImage(logger, name, withCredentials);
        await phases.RunAsync(RuntimePhases.PullImage, [new("container.image.name", name)], cancellationToken);
        var pulled = ImageRecord.Create(reference, timeProvider.GetUnixNanoseconds());
        lock (this.gate)
        {
            this.images[pulled.Id] = pulled;
        }

        SampleRuntimeLog.PulledImage(logger, name, pulled.Id, pulled.Size);
        return pulled;
    }

    /// <summary>Removes an image; removing an absent one succeeds, as the CRI asks.</summary>
    public void Remove(string image)
    {
        ImageRecord? removed;
        lock (this.gate)
        {
            removed = this.images.Values.FirstOrDefault(record => record.IsNamedBy(image));
            if (removed is not null)
            {
                this.images.Remove(removed.Id);
            }
        }

        if (removed is null)
        {
            SampleRuntimeLog.AlreadyGone(logger, "Image", image);
        }
        else
        {
            SampleRuntimeLog.RemovedImage(logger, removed.Reference.ToString(), removed.Id);
        }
    }

    public (int Count, ulong Bytes) GetUsage()
    {
        lock (this.gate)
        {
            return (this.images.Count, this.images.Values.Aggregate(0UL, (total, record) => total + record.Size));
        }
    }
}
