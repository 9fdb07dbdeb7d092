using Microsoft.Extensions.Configuration;

namespace Cri.Tracing.Configuration.Internal;

/// <summary>The configuration source of every Cri.Tracing provider: it only creates the provider.</summary>
internal sealed class CriTracingConfigurationSource(Func<CriTracingConfigurationProvider> createProvider) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => createProvider();
}
