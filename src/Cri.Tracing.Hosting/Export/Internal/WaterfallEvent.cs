namespace Cri.Tracing.Hosting.Export.Internal;

/// <summary>A span event as the waterfall shows it.</summary>
internal sealed record WaterfallEvent(string Name, IReadOnlyList<KeyValuePair<string, object?>> Attributes);
