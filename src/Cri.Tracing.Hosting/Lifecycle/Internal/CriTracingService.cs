using Cri.Tracing.Configuration;
using Cri.Tracing.Hosting.Diagnostics.Internal;
using Cri.Tracing.Sampling;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cri.Tracing.Hosting.Lifecycle.Internal;

/// <summary>
/// Owns the tracer provider for the host's lifetime: starts it before any other hosted service (so the first call is
/// traced) when tracing is enabled, applies reloaded settings, and flushes and stops it after the server has stopped,
/// within <see cref="CriTracingHostingOptions.ShutdownTimeout"/>.
/// </summary>
/// <remarks>
/// Reload semantics: a new sampling rate applies to the next decision, without a rebuild. Turning tracing off
/// shuts the provider down (its listener goes, calls cost nothing again); turning it on builds one. A change of any
/// other setting (endpoint, protocol, TLS files, headers, resource) builds a new provider and retires the old one.
/// Spans in flight during a rebuild or shutdown may be lost. Settings that fail validation never arrive here: the
/// options monitor throws to whoever reloaded, and the running settings stay.
/// </remarks>
internal sealed class CriTracingService : IHostedLifecycleService, IDisposable
{
    private readonly IOptionsMonitor<CriTracingOptions> options;
    private readonly CriTracingHostingOptions hosting;
    private readonly ILogger logger;
    private readonly ReloadablePerMillionSampler sampler;
    private readonly Lock sync = new();
    private TracingPipeline? pipeline;
    private ExportSettings? pipelineSettings;
    private Task retiring = Task.CompletedTask;
    private IDisposable? changeRegistration;
    private bool stopped;

    public CriTracingService(IOptionsMonitor<CriTracingOptions> options, IOptions<CriTracingHostingOptions> hosting, ReloadablePerMillionSampler sampler, ILoggerFactory loggerFactory)
    {
        this.sampler = sampler;
        this.options = options;
        this.hosting = hosting.Value;
        this.logger = loggerFactory.CreateLogger(CriTracingHostingLog.Category);
    }

    /// <summary>Gets the sampler every provider of this host uses.</summary>
    internal ReloadablePerMillionSampler Sampler => this.sampler;

    /// <summary>Gets the running pipeline, or <see langword="null"/> while tracing is off.</summary>
    internal TracingPipeline? Pipeline
    {
        get
        {
            lock (this.sync)
            {
                return this.pipeline;
            }
        }
    }

    /// <inheritdoc/>
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        var current = this.options.CurrentValue;
        lock (this.sync)
        {
            // At start-up a failure propagates: the host does not start half-traced.
            this.Apply(current);
        }

        this.changeRegistration = this.options.OnChange(this.OnChanged);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        Task retired;
        lock (this.sync)
        {
            this.Stop();
            retired = this.retiring;
        }

        // Each retirement keeps to its budget; the host's own shutdown timeout may end the wait sooner.
        await retired.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Task retired;
        lock (this.sync)
        {
            this.Stop();
            retired = this.retiring;
        }

        // The host failed to start, or was disposed without stopping: still bounded by the budget.
        Task.WaitAny([retired], this.hosting.ShutdownTimeout);
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
                CriTracingHostingEventSource.Log.ReloadNotApplied(e.Message);
                CriTracingHostingLog.ReloadNotApplied(this.logger, e.Message);
            }
        }
    }

    private void Apply(CriTracingOptions settings)
    {
        TracingPipeline? started = null;
        var export = ExportSettings.Of(settings);
        if (settings.Enabled && export != this.pipelineSettings)
        {
            // Built before anything changes: if it fails, the running settings stay whole.
            started = TracingPipeline.Start(settings, this.hosting, this.sampler, this.logger);
        }

        this.sampler.SetRate(settings.SamplingRatePerMillion);
        if (!settings.Enabled || started is not null)
        {
            this.Retire();
        }

        if (started is not null)
        {
            this.pipeline = started;
            this.pipelineSettings = export;
        }

        CriTracingHostingEventSource.Log.SettingsApplied(settings.Enabled, settings.SamplingRatePerMillion, started is not null);
    }

    private void Stop()
    {
        this.stopped = true;
        this.changeRegistration?.Dispose();
        this.Retire();
    }

    /// <summary>Detaches the running pipeline and shuts it down in the background, within the budget.</summary>
    private void Retire()
    {
        if (this.pipeline is not { } retired)
        {
            return;
        }

        this.pipeline = null;
        this.pipelineSettings = null;
        var budget = this.hosting.ShutdownTimeout;
        this.retiring = Task.WhenAll(this.retiring, Task.Run(() => retired.Shutdown(budget)));
    }
}
