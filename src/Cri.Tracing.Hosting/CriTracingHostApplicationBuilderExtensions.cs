using Cri.Tracing.Configuration;
using Cri.Tracing.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>Adds Cri.Tracing to a host builder.</summary>
public static class CriTracingHostApplicationBuilderExtensions
{
    /// <summary>
    /// Adds CRI tracing driven by the host's configuration (section <see cref="CriTracingOptions.SectionName"/>);
    /// see <see cref="CriTracingServiceCollectionExtensions.AddCriTracing"/>.
    /// </summary>
    /// <typeparam name="TBuilder">The builder's type.</typeparam>
    /// <param name="builder">The host builder.</param>
    /// <param name="configure">Adjusts the hosting options.</param>
    /// <returns>The same builder.</returns>
    public static TBuilder AddCriTracing<TBuilder>(this TBuilder builder, Action<CriTracingHostingOptions>? configure = null)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddCriTracing(builder.Configuration, configure);
        return builder;
    }
}
