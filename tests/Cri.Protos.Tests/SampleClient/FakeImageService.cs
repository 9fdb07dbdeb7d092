using System.Collections.Concurrent;
using Cri.Protos.V1;
using Google.Protobuf;
using Grpc.Core;

namespace Cri.Protos.Tests.SampleClient;

/// <summary>An in-memory ImageService: pulled images are listed, inspected and removed; every request is recorded.</summary>
internal sealed class FakeImageService : ImageService.ImageServiceBase
{
    private readonly ConcurrentDictionary<string, Image> images = new(StringComparer.Ordinal);

    public ConcurrentQueue<IMessage> Requests { get; } = new();

    public T Last<T>()
        where T : IMessage => this.Requests.OfType<T>().Last();

    public override Task<PullImageResponse> PullImage(PullImageRequest request, ServerCallContext context)
    {
        this.Requests.Enqueue(request);
        var reference = request.Image.Image.Contains(':', StringComparison.Ordinal) ? request.Image.Image : request.Image.Image + ":latest";
        var image = new Image
        {
            Id = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(reference))),
            RepoTags = { reference },
            Size = 1_473_024,
            Spec = new ImageSpec { Image = reference },
        };
        this.images[reference] = image;
        return Task.FromResult(new PullImageResponse { ImageRef = image.Id });
    }

    public override Task<ListImagesResponse> ListImages(ListImagesRequest request, ServerCallContext context)
    {
        this.Requests.Enqueue(request);
        var wanted = request.Filter?.Image?.Image ?? string.Empty;
        var matches = this.images.Values.Where(i => wanted.Length == 0 || i.RepoTags.Any(t => t.StartsWith(wanted, StringComparison.Ordinal)));
        return Task.FromResult(new ListImagesResponse { Images = { matches } });
    }

    public override Task<ImageStatusResponse> ImageStatus(ImageStatusRequest request, ServerCallContext context)
    {
        this.Requests.Enqueue(request);
        return Task.FromResult(this.Find(request.Image.Image) is { } image ? new ImageStatusResponse { Image = image } : new ImageStatusResponse());
    }

    public override Task<RemoveImageResponse> RemoveImage(RemoveImageRequest request, ServerCallContext context)
    {
        this.Requests.Enqueue(request);
        if (this.Find(request.Image.Image) is { } image)
        {
            this.images.TryRemove(image.RepoTags[0], out _);
        }

        return Task.FromResult(new RemoveImageResponse());
    }

    private Image? Find(string reference)
        => this.images.Values.FirstOrDefault(i => i.Id == reference || i.RepoTags.Contains(reference) || i.RepoTags.Contains(reference + ":latest"));
}
