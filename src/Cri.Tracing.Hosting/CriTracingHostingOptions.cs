using System.Reflection;
using Cri.Tracing.Configuration;
using Cri.Tracing.Hosting.Export;
using Cri.Tracing.Instrumentation;
using Microsoft.Extensions.Logging;

namespace Cri.Tracing.Hosting;

/// <summary>
/// What <c>AddCriTracing</c> takes from code rather than configuration: the instrumentation's options, extra
/// activity sources, the service's name, and the limits that keep export from hurting the runtime. Whether tracing is
/// on, where spans go and how many are sampled come from <see cref="CriTracingOptions"/> (configuration section
/// <c>CriTracing</c>), which can change while the host runs.
/// </summary>
public sealed class CriTracingHostingOptions
{
    /// <summary>The export queue CRI-O and the kubelet use: spans beyond it are dropped.</summary>
    public const int DefaultMaxQueueSize = 2048;

    private string defaultServiceName = EntryAssembly?.GetName().Name ?? "unknown_service";
    private TimeSpan exportTimeout = TimeSpan.FromSeconds(5);
    private TimeSpan exportInterval = TimeSpan.FromSeconds(5);
    private TimeSpan shutdownTimeout = TimeSpan.FromSeconds(3);
    private int maxQueueSize = DefaultMaxQueueSize;

    /// <summary>
    /// Gets the options of the <see cref="CriServerTracingInterceptor"/> that <c>AddCriTracing</c> adds to
    /// Grpc.AspNetCore's services: excluded methods, kubelet polling, CRI-O's span layout, payload capture. The
    /// sampling rate is the host's (<c>AddCriTracing</c> owns the sampler and keeps the interceptors' rate equal to
    /// it, reloads included).
    /// </summary>
    public CriServerTracingOptions Server { get; } = new();

    /// <summary>
    /// Gets the options of the <see cref="CriClientTracingInterceptor"/> of the clients <c>AddCriClient</c>
    /// registers. The sampling rate is the host's, as for <see cref="Server"/>.
    /// </summary>
    public CriClientTracingOptions Client { get; } = new();

    /// <summary>
    /// Gets the names of further <see cref="System.Diagnostics.ActivitySource"/>s to record, such as the host's own
    /// phases under the CRI spans. <see cref="CriTracing.ActivitySourceName"/> is always recorded.
    /// </summary>
    public IList<string> AdditionalSources { get; } = [];

    /// <summary>
    /// Gets or sets the <c>service.name</c> used when neither <see cref="CriTracingOptions.ServiceName"/> nor
    /// <c>OTEL_SERVICE_NAME</c> / <c>OTEL_RESOURCE_ATTRIBUTES</c> name the service, as CRI-O uses <c>crio</c>.
    /// Default: the entry assembly's name.
    /// </summary>
    public string DefaultServiceName
    {
        get => this.defaultServiceName;
        set => this.defaultServiceName = string.IsNullOrWhiteSpace(value)
            ? throw new ArgumentException("DefaultServiceName must not be blank.", nameof(value))
            : value;
    }

    /// <summary>Gets or sets the <c>service.version</c>, or <see langword="null"/> for none. Default: the entry assembly's informational version.</summary>
    public string? ServiceVersion { get; set; } = EntryAssembly?.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;

    /// <summary>
    /// Gets or sets the lowest level of the logs the log bridge turns into span events, whatever the other loggers
    /// show; <see langword="null"/> leaves it to the logging configuration (<c>Logging:CriTracing:LogLevel</c>).
    /// Default: <see cref="LogLevel.Information"/>. The framework's per-request logs (categories
    /// <c>Microsoft.AspNetCore</c> and <c>System.Net.Http</c>) become events from <see cref="LogLevel.Warning"/>
    /// (or this level, if higher), unless <c>Logging:CriTracing:LogLevel</c> names their category.
    /// </summary>
    public LogLevel? LogBridgeMinimumLevel { get; set; } = LogLevel.Information;

    /// <summary>
    /// Gets or sets whether spans are exported to the OTLP collector of <see cref="CriTracingOptions.Endpoint"/>.
    /// Turn it off to only print them with <see cref="ConsoleWaterfall"/>. Default: <see langword="true"/>.
    /// </summary>
    public bool ExportToCollector { get; set; } = true;

    /// <summary>
    /// Gets or sets how long one export (connecting included) may take before it is abandoned and its spans dropped,
    /// so a hung collector holds nothing for long. Default: 5 seconds. Range: 1 ms to 10 minutes.
    /// </summary>
    public TimeSpan ExportTimeout
    {
        get => this.exportTimeout;
        set => this.exportTimeout = InRange(value, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(10), nameof(this.ExportTimeout));
    }

    /// <summary>
    /// Gets or sets how long spans wait in the queue before they are sent, unless a full batch of 512 is ready first.
    /// Default: 5 seconds, as in CRI-O. Range: 1 ms to 10 minutes.
    /// </summary>
    public TimeSpan ExportInterval
    {
        get => this.exportInterval;
        set => this.exportInterval = InRange(value, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(10), nameof(this.ExportInterval));
    }

    /// <summary>
    /// Gets or sets the most spans waiting for export; when the collector cannot keep up, further spans are dropped
    /// and counted, and calls never wait. Default: <see cref="DefaultMaxQueueSize"/>. Minimum: 1.
    /// </summary>
    public int MaxQueueSize
    {
        get => this.maxQueueSize;
        set => this.maxQueueSize = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "MaxQueueSize must be at least 1.");
    }

    /// <summary>
    /// Gets or sets how long after the host starts stopping (SIGTERM) the spans still queued may still be sent, the
    /// server's draining included; what is left then is dropped and counted, so a hung collector never holds SIGTERM
    /// longer. Default: 3 seconds, so that the process ends within 5 seconds of the signal. Range: 0 to 10 minutes.
    /// </summary>
    public TimeSpan ShutdownTimeout
    {
        get => this.shutdownTimeout;
        set => this.shutdownTimeout = InRange(value, TimeSpan.Zero, TimeSpan.FromMinutes(10), nameof(this.ShutdownTimeout));
    }

    /// <summary>
    /// Gets or sets the options of a console waterfall printed beside (or, with <see cref="ExportToCollector"/> off,
    /// instead of) the export, or <see langword="null"/> (the default) for none.
    /// </summary>
    public WaterfallExporterOptions? ConsoleWaterfall { get; set; }

    private static Assembly? EntryAssembly => Assembly.GetEntryAssembly();

    private static TimeSpan InRange(TimeSpan value, TimeSpan min, TimeSpan max, string name)
        => value >= min && value <= max
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"{name} must be between {min} and {max}.");
}
