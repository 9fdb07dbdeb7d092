using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Cri.Tracing.Benchmarks.Support;

/// <summary>The trailers of an in-process response, where Kestrel would keep them.</summary>
internal sealed class ResponseTrailersFeature : IHttpResponseTrailersFeature
{
    public IHeaderDictionary Trailers { get; set; } = new HeaderDictionary();
}
