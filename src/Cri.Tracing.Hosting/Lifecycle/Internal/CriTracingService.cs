using System.Diagnostics;
using Cri.Tracing.Configuration;
using Cri.Tracing.Hosting.Collector.Internal;
using Cri.Tracing.Hosting.Diagnostics.Internal;
using Cri.Tracing.Sampling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Trace;

namespace Cri.Tracing.Hosting.Lifecycle.Internal;

/// <summary>
/// Applies the CRI tracing settings to the application's one tracer provider for the host's lifetime: before any
/// other hosted service starts (so the first call is traced) it builds the provider and switches the sampler and the
/// collector export on or off; it applies reloaded settings in place; after the server has stopped it flushes and
/// stops the export, within <see cref="CriTracingHostingOptions.ShutdownTimeout"/> of the host starting to stop
/// (the signal), so that the server's draining and the flush together keep to one deadline. The provider itself belongs to
/// OpenTelemetry's hosting, which disposes it with the services.
/// </summary>
/// <remarks>
/// Reload semantics: a new sampling rate applies to the next decision. Turning tracing off switches the sampler off
/// (the interceptors skip every call before doing any work) and retires the export; turning it on switches them back.
/// A change of another export setting (endpoint, protocol, TLS files, headers) starts a new export and retires the
/// old one; the resource is the provider's and stays until a restart. Spans in flight during a swap may be lost and
/// are counted. Settings that fail validation never arrive here: the options monitor throws to whoever reloaded, and
/// the running settings stay.
/// </remarks>
internal sealed class CriTracingService(
    IOptionsMonitor<CriTracingOptions> options,
    IOptions<CriTracingHostingOptions> hosting,
    ReloadablePerMillionSampler sampler,
    IServiceProvider services,
    ILoggerFactory loggerFactory)
    : IHostedLifecycleService, IDisposable
{
    private readonly ILogger logger = loggerFactory.CreateLogger(CriTracingHostingLog.Category);
    private readonly Lock sync = new();
    private TracerProvider? provider;
    private CollectorExport? export;
    private ExportSettings? exportSettings;
    private string? resource;
    private Task retiring = Task.CompletedTask;
    private IDisposable? changeRegistration;
    private long? stoppingSince;
    private bool stopped;

    /// <summary>Gets the sampler of the application's tracer provider.</summary>
    internal ReloadablePerMillionSampler Sampler => sampler;

    /// <summary>Gets the running collector export, or <see langword="null"/> while spans are not exported.</summary>
    internal CollectorExport? Export
    {
        get
        {
            lock (this.sync)
            {
                return this.export;
            }
        }
    }

    /// <inheritdoc/>
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        var current = options.CurrentValue;
        lock (this.sync)
        {
            // Built now rather than by OpenTelemetry's hosted service, which may start after the server.
            this.provider = services.GetRequiredService<TracerProvider>();
            this.resource = ServiceResource.Key(current);

            // At start-up a failure propagates: the host does not start half-traced.
            this.Apply(current);
        }

        this.changeRegistration = options.OnChange(this.OnChanged);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task StoppingAsync(CancellationToken cancellationToken)
    {
        this.stoppingSince = Stopwatch.GetTimestamp();
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        // Each retirement keeps to its budget; the host's own shutdown timeout may end the wait sooner.
        await this.Stop().WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        // The host failed to start, or was disposed without stopping: still bounded by the budget.
        Task.WaitAny([this.Stop()], hosting.Value.ShutdownTimeout);
    }

    private void OnChanged(CriTracingOptions changed)
    {
        lock (this.sync)
        {
            if (this.stopped)
            {
                return;
            }

            try
            {
                this.Apply(changed);
            }
            catch (Exception e)
            {
                // Never thrown at whoever reloaded (a SIGHUP handler, a file watcher): the running settings stay.
                this.ReportNotApplied(e.Message);
            }

            var resource = ServiceResource.Key(changed);
            if (resource != this.resource)
            {
                this.resource = resource;
                this.ReportNotApplied($"{CriTracingOptions.SectionName}:{nameof(CriTracingOptions.ServiceName)} and {CriTracingOptions.SectionName}:{nameof(CriTracingOptions.ResourceAttributes)} are the tracer provider's resource, read once when it is built; the new ones apply at the next start.");
            }
        }
    }

    private void ReportNotApplied(string reason)
    {
        CriTracingHostingEventSource.Log.ReloadNotApplied(reason);
        CriTracingHostingLog.ReloadNotApplied(this.logger, reason);
    }

    private void Apply(CriTracingOptions settings)
    {
        CollectorExport? started = null;
        var exportTo = settings.Enabled && hosting.Value.ExportToCollector ? ExportSettings.Of(settings) : null;
        if (exportTo is not null && exportTo != this.exportSettings)
        {
            // Built before anything changes: if it fails, the running settings stay whole.
            started = CollectorExport.Create(settings, hosting.Value, this.logger);
            this.provider?.AddProcessor(started.Processor);
        }

        sampler.SetRate(settings.SamplingRatePerMillion);
        sampler.Enabled = settings.Enabled;
        if (exportTo is null || started is not null)
        {
            this.Retire(hosting.Value.ShutdownTimeout);
        }

        if (started is not null)
        {
            this.export = started;
            this.exportSettings = exportTo;
        }

        CriTracingHostingEventSource.Log.SettingsApplied(settings.Enabled, settings.SamplingRatePerMillion, started is not null);
    }

    private Task Stop()
    {
        lock (this.sync)
        {
            this.stopped = true;
            sampler.Enabled = false;
            this.changeRegistration?.Dispose();
            var budget = hosting.Value.ShutdownTimeout;
            if (this.stoppingSince is { } since)
            {
                budget -= Stopwatch.GetElapsedTime(since);
            }

            this.Retire(budget > TimeSpan.Zero ? budget : TimeSpan.Zero);
            return this.retiring;
        }
    }

    /// <summary>Detaches the running export and shuts it down in the background, within <paramref name="budget"/>.</summary>
    private void Retire(TimeSpan budget)
    {
        if (this.export is not { } retired)
        {
            return;
        }

        this.export = null;
        this.exportSettings = null;
        retired.Processor.Detach();
        this.retiring = Task.WhenAll(this.retiring, Task.Run(() => retired.Shutdown(budget)));
    }
}
