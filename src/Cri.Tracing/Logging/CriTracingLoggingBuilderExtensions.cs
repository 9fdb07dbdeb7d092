using Cri.Tracing;
using Cri.Tracing.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Configuration;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Logging;

/// <summary>Registers the CRI log bridge.</summary>
public static class CriTracingLoggingBuilderExtensions
{
    /// <summary>
    /// Adds <see cref="CriTracingLoggerProvider"/>: logs written inside a recording span become
    /// <c>log</c> events on it, as in CRI-O. Its level follows the logging configuration for the
    /// provider alias <c>CriTracing</c> (for example <c>Logging:CriTracing:LogLevel:Default</c>).
    /// </summary>
    /// <param name="builder">The logging builder.</param>
    /// <param name="configure">Adjusts the options.</param>
    /// <returns>The same builder.</returns>
    public static ILoggingBuilder AddCriTracingLogBridge(this ILoggingBuilder builder, Action<CriTracingLogBridgeOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddConfiguration();
        if (configure is not null)
        {
            builder.Services.Configure(configure);
        }

        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ILoggerProvider, CriTracingLoggerProvider>(
            services => new CriTracingLoggerProvider(services.GetRequiredService<IOptions<CriTracingLogBridgeOptions>>().Value)));
        return builder;
    }
}
