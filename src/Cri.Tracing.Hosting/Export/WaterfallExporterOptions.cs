using System.Collections.ObjectModel;
using Cri.Tracing.Hosting.Export.Internal;

namespace Cri.Tracing.Hosting.Export;

/// <summary>Options of the <see cref="WaterfallExporter"/>. The exporter takes a snapshot when it is created.</summary>
public sealed class WaterfallExporterOptions
{
    private static readonly ReadOnlyCollection<string> DefaultAttributes = Array.AsReadOnly(
    [
        DisplayedAttributes.RpcResponseStatusCode,
        DisplayedAttributes.PodName,
        DisplayedAttributes.NamespaceName,
        DisplayedAttributes.ContainerName,
        DisplayedAttributes.ContainerId,
        DisplayedAttributes.ContainerImageName,
        "command",
        DisplayedAttributes.ErrorType,
    ]);

    private TextWriter output = Console.Out;
    private int width = 40;
    private bool? useColor;
    private IReadOnlyList<string> attributes = DefaultAttributes;
    private TimeSpan flushDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>Gets or sets where the traces are written. Default: <see cref="Console.Out"/>.</summary>
    public TextWriter Output
    {
        get => this.output;
        set => this.output = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Gets or sets the width of the time bars, in characters. Default: 40. Range: 10 to 200.</summary>
    public int Width
    {
        get => this.width;
        set => this.width = value is >= 10 and <= 200 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Width must be between 10 and 200.");
    }

    /// <summary>
    /// Gets or sets whether to color the output with ANSI escapes (errors red, warnings yellow).
    /// Default: when <see cref="Output"/> is the console's output or error stream, that stream is a
    /// terminal, and the <c>NO_COLOR</c> environment variable is unset or empty.
    /// </summary>
    public bool UseColor
    {
        get => this.useColor ?? this.WritesToTerminal();
        set => this.useColor = value;
    }

    /// <summary>
    /// Gets or sets the span attributes shown after the status, in this order, when a span has
    /// them. Default: <c>rpc.response.status_code</c>, <c>k8s.pod.name</c>,
    /// <c>k8s.namespace.name</c>, <c>container.name</c>, <c>container.id</c>,
    /// <c>container.image.name</c>, <c>command</c>, <c>error.type</c>. Identifiers of 64 hex
    /// digits are shortened to 13, as crictl shows them.
    /// </summary>
    public IReadOnlyList<string> Attributes
    {
        get => this.attributes;
        set => this.attributes = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>
    /// Gets or sets how long a trace must stay quiet (no span of it ending) before it is printed,
    /// so that spans ending just after their root, such as a client span after the server span
    /// it called in the same process, still make it into the tree. Default: 200 ms. Range: 0 to 1
    /// minute.
    /// </summary>
    /// <remarks>
    /// A trace with a span whose parent is still running in this process waits ten times as long,
    /// so a long-running parent still shows its finished children; spans ending later are printed
    /// as a further tree of the same trace. Flushing or shutting down the tracer provider prints
    /// everything at once.
    /// </remarks>
    public TimeSpan FlushDelay
    {
        get => this.flushDelay;
        set => this.flushDelay = value >= TimeSpan.Zero && value <= TimeSpan.FromMinutes(1)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "FlushDelay must be between 0 and 1 minute.");
    }

    private bool WritesToTerminal()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")))
        {
            return false;
        }

        return (ReferenceEquals(this.output, Console.Out) && !Console.IsOutputRedirected)
            || (ReferenceEquals(this.output, Console.Error) && !Console.IsErrorRedirected);
    }
}
