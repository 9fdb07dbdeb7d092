using System.Text.Json;

namespace Cri.Packaging.Tests;

/// <summary>One span as the consumer's exporter wrote it.</summary>
/// <param name="Name">The span name.</param>
/// <param name="Source">The ActivitySource.</param>
/// <param name="Kind">SERVER, CLIENT or INTERNAL.</param>
/// <param name="TraceId">The trace id, 32 hex digits.</param>
/// <param name="SpanId">The span id, 16 hex digits.</param>
/// <param name="ParentSpanId">The parent's span id, empty for a root.</param>
/// <param name="Status">Unset, Ok or Error.</param>
/// <param name="Attributes">The attributes, as strings.</param>
public sealed record SpanRecord(string Name, string Source, string Kind, string TraceId, string SpanId, string ParentSpanId, string Status, IReadOnlyDictionary<string, string?> Attributes)
{
    /// <summary>Parses one line of the consumer's spans file.</summary>
    /// <param name="line">The JSON object.</param>
    /// <returns>The span.</returns>
    public static SpanRecord Parse(string line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        return new SpanRecord(
            root.GetProperty("name").GetString()!,
            root.GetProperty("source").GetString()!,
            root.GetProperty("kind").GetString()!,
            root.GetProperty("traceId").GetString()!,
            root.GetProperty("spanId").GetString()!,
            root.GetProperty("parentSpanId").GetString()!,
            root.GetProperty("status").GetString()!,
            root.GetProperty("attributes").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()));
    }

    /// <summary>Gets an attribute, or <see langword="null"/> when the span has none by that name.</summary>
    /// <param name="name">The attribute.</param>
    /// <returns>Its value.</returns>
    public string? Attribute(string name) => this.Attributes.TryGetValue(name, out var value) ? value : null;

    /// <inheritdoc/>
    public override string ToString() => $"{this.Kind} {this.Name} {this.TraceId}/{this.SpanId} <- {this.ParentSpanId} [{this.Status}] {string.Join(", ", this.Attributes.Select(a => a.Key + "=" + a.Value))}";
}
