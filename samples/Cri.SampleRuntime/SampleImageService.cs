using Grpc.Core;
using System.Globalization;
using Cri.Protos;
using Cri.Protos.V1;

namespace Cri.SampleRuntime;

/// <summary><c>runtime.v1.ImageService</c> over the in-memory <see cref="ImageStore"/>.</summary>
internal sealed class SampleImageService(ImageStore images, TimeProvider timeProvider) : ImageService.ImageServiceBase
{
    private const string ImageFilesystem = "/var/lib/cri-sample/images";

    public override Task<ListImagesResponse> ListImages(ListImagesRequest request, ServerCallContext context)
        => Task.FromResult(new ListImagesResponse { Images = { images.List(request.Filter?.Image?.Image).Select(image => image.ToImage()) } });

    public override Task<ImageStatusResponse> ImageStatus(ImageStatusRequest request, ServerCallContext context)
    {
        // An absent image is an empty answer, not an error: that is how the kubelet learns it must pull.
        var image = images.Find(RequireImage(request.Image));
        var response = new ImageStatusResponse { Image = image?.ToImage() };
        if (image is not null && request.Verbose)
        {
            response.Info.Add("reference", image.Reference.ToString());
            response.Info.Add("pulledAt", DateTimeOffset.UnixEpoch.AddTicks(image.PulledAt / TimeSpan.NanosecondsPerTick).ToString("O", CultureInfo.InvariantCulture));
        }

        return Task.FromResult(response);
    }

    public override async Task<PullImageResponse> PullImage(PullImageRequest request, ServerCallContext context)
    {
        var image = await images.PullAsync(RequireImage(request.Image), withCredentials: request.Auth is not null, context.CancellationToken);
        return new PullImageResponse { ImageRef = image.Id };
    }

    public override Task<RemoveImageResponse> RemoveImage(RemoveImageRequest request, ServerCallContext context)
    {
        images.Remove(RequireImage(request.Image));
        return Task.FromResult(new RemoveImageResponse());
    }

    public override Task<ImageFsInfoResponse> ImageFsInfo(ImageFsInfoRequest request, ServerCallContext context)
    {
        var (count, bytes) = images.GetUsage();
        return Task.FromResult(new ImageFsInfoResponse
        {
            ImageFilesystems =
            {
                new FilesystemUsage
                {
                    Timestamp = timeProvider.GetUnixNanoseconds(),
                    FsId = new FilesystemIdentifier { Mountpoint = ImageFilesystem },
                    UsedBytes = new UInt64Value { Value = bytes },

                    // Layers unpack to a few hundred files each.
                    InodesUsed = new UInt64Value { Value = (ulong)count * 300 },
                },
            },
        });
    }

    private static string RequireImage(ImageSpec? spec)
        => string.IsNullOrEmpty(spec?.Image) ? throw new RpcException(new Status(StatusCode.InvalidArgument, "an image name or ID is required")) : spec.Image;
}
