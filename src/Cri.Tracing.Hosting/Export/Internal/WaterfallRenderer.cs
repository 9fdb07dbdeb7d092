using System.Collections;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Cri.Tracing.Hosting.Export.Internal;

/// <summary>
/// Renders one trace as an indented tree, each span with its duration, a bar on the trace's time
/// axis, its status and attributes, and its events underneath. Spans in, text out.
/// </summary>
internal static class WaterfallRenderer
{
    public const int MaxEventsPerSpan = 5;

    private const int MaxValueLength = 64;
    private const int MaxMessageLength = 120;

    // crictl's length for shortened identifiers.
    private const int ShortIdLength = 13;
    private const string ExceptionEventName = "exception";
    private const string Indent = "  ";
    private const string Gap = "  ";

    // Left-aligned blocks covering 1/8 to 8/8 of a cell.
    private const string LeftBlocks = "▏▎▍▌▋▊▉█";

    private const string Bold = "\u001b[1m";
    private const string Dim = "\u001b[2m";
    private const string Red = "\u001b[31m";
    private const string Green = "\u001b[32m";
    private const string Yellow = "\u001b[33m";
    private const string Reset = "\u001b[0m";

    /// <summary>Renders the spans of one trace; spans whose parent is not among them are roots.</summary>
    /// <param name="spans">The spans, at least one, all of one trace, in the order they ended.</param>
    /// <param name="width">The width of the bars, in characters.</param>
    /// <param name="useColor">Whether to add ANSI colors.</param>
    /// <returns>The lines of the trace, each ended by a new line.</returns>
    public static string Render(IReadOnlyList<WaterfallSpan> spans, int width, bool useColor)
    {
        var rows = Layout(spans);
        var origin = spans.Min(s => s.Start);
        var end = spans.Max(s => s.End);
        var totalTicks = Math.Max(1, (end - origin).Ticks);
        var labelWidth = rows.Max(r => r.Prefix.Length + r.Span.Name.Length);
        var kindWidth = rows.Max(r => KindText(r.Span.Kind).Length);
        var durationWidth = rows.Max(r => FormatDuration(r.Span.Duration).Length);

        var text = new StringBuilder();
        text.AppendLine(Paint($"trace {spans[0].TraceId}  {SingleLine(rows[0].Span.Name)}  ({FormatDuration(end - origin)})", Bold, useColor));
        foreach (var (span, prefix, eventPrefix) in rows)
        {
            var error = span.Status == ActivityStatusCode.Error;
            text.Append(Indent).Append(Paint(prefix, Dim, useColor)).Append(SingleLine(span.Name).PadRight(labelWidth - prefix.Length)).Append(Gap);
            if (kindWidth > 0)
            {
                text.Append(KindText(span.Kind).PadRight(kindWidth)).Append(Gap);
            }

            text.Append(FormatDuration(span.Duration).PadLeft(durationWidth)).Append(Gap)
                .Append('|').Append(Paint(Bar(span.Start, span.End, origin, totalTicks, width), error ? Red : string.Empty, useColor)).Append('|');
            if (StatusText(span) is { Length: > 0 } status)
            {
                text.Append(Gap).Append(Paint(status, error ? Red : Green, useColor));
            }

            if (span.Attributes.Count > 0)
            {
                text.Append(Gap).AppendJoin(' ', span.Attributes.Select(FormatAttribute));
            }

            text.AppendLine();
            foreach (var spanEvent in span.Events)
            {
                text.Append(Indent).Append(Paint(eventPrefix + "· ", Dim, useColor)).AppendLine(EventText(spanEvent, useColor));
            }

            if (span.EventCount > span.Events.Count)
            {
                text.Append(Indent).AppendLine(Paint(eventPrefix + $"· +{span.EventCount - span.Events.Count} more events", Dim, useColor));
            }
        }

        return text.ToString();
    }

    /// <summary>Draws [start, end) on a time axis of <paramref name="width"/> cells, to the eighth of a cell.</summary>
    internal static string Bar(DateTime start, DateTime end, DateTime origin, long totalTicks, int width)
    {
        var eighths = width * 8;
        var from = Math.Clamp((int)Math.Round((start - origin).Ticks * (double)eighths / totalTicks), 0, eighths - 1);

        // Even an instant span gets an eighth, so it stays visible.
        var to = Math.Clamp((int)Math.Round((end - origin).Ticks * (double)eighths / totalTicks), from + 1, eighths);
        return string.Create(width, (from, to), static (cells, range) =>
        {
            for (var cell = 0; cell < cells.Length; cell++)
            {
                var cellFrom = Math.Max(range.from - (cell * 8), 0);
                var cellTo = Math.Min(range.to - (cell * 8), 8);
                cells[cell] = cellTo <= cellFrom ? ' ' : Block(cellFrom, cellTo);
            }
        });
    }

    /// <summary>Formats a duration for people: <c>850 µs</c>, <c>52.3 ms</c>, <c>1.25 s</c>, <c>2m05s</c>.</summary>
    internal static string FormatDuration(TimeSpan duration) => duration.Ticks switch
    {
        < TimeSpan.TicksPerMillisecond => string.Create(CultureInfo.InvariantCulture, $"{duration.Ticks / TimeSpan.TicksPerMicrosecond} µs"),
        < TimeSpan.TicksPerSecond => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMilliseconds:0.0} ms"),
        < TimeSpan.TicksPerMinute => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.00} s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{(long)duration.TotalMinutes}m{duration.Seconds:00}s"),
    };

    /// <summary>Formats an attribute value on one line: strings quoted when blank or spaced, 64-hex ids shortened, arrays in brackets.</summary>
    internal static string FormatValue(object? value) => value switch
    {
        string text => Quote(Truncate(ShortenId(SingleLine(text)), MaxValueLength)),
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable items => Truncate("[" + string.Join(", ", items.Cast<object?>().Select(FormatValue)) + "]", MaxValueLength),
        _ => SingleLine(value?.ToString() ?? string.Empty),
    };

    private static List<Row> Layout(IReadOnlyList<WaterfallSpan> spans)
    {
        var ids = spans.Select(s => s.SpanId).ToHashSet(StringComparer.Ordinal);
        var children = spans
            .Where(s => s.ParentSpanId is not null && ids.Contains(s.ParentSpanId))
            .OrderBy(s => s.Start)
            .ToLookup(s => s.ParentSpanId!, StringComparer.Ordinal);
        var rows = new List<Row>(spans.Count);
        foreach (var root in spans.Where(s => s.ParentSpanId is null || !ids.Contains(s.ParentSpanId)).OrderBy(s => s.Start))
        {
            AddRows(root, string.Empty, string.Empty, children, rows);
        }

        return rows;
    }

    private static void AddRows(WaterfallSpan span, string prefix, string childPrefix, ILookup<string, WaterfallSpan> children, List<Row> rows)
    {
        var own = children[span.SpanId].ToList();
        rows.Add(new Row(span, prefix, childPrefix + (own.Count > 0 ? "│  " : "   ")));
        for (var i = 0; i < own.Count; i++)
        {
            var last = i == own.Count - 1;
            AddRows(own[i], childPrefix + (last ? "└─ " : "├─ "), childPrefix + (last ? "   " : "│  "), children, rows);
        }
    }

    // The part [from, to) of one cell, in eighths. Unicode has left-aligned blocks for every
    // eighth but right-aligned ones only for 1/8 and 1/2, so a bar's start snaps to the nearest.
    private static char Block(int from, int to) => (from, to) switch
    {
        (0, _) => LeftBlocks[to - 1],
        (_, 8) => from <= 2 ? '█' : from <= 5 ? '▐' : '▕',

        // A sliver inside one cell: its length says more than its place.
        _ => LeftBlocks[to - from - 1],
    };

    private static string KindText(ActivityKind kind) => kind switch
    {
        ActivityKind.Client => "CLIENT",
        ActivityKind.Server => "SERVER",
        ActivityKind.Producer => "PRODUCER",
        ActivityKind.Consumer => "CONSUMER",
        _ => string.Empty,
    };

    private static string StatusText(WaterfallSpan span) => span.Status switch
    {
        ActivityStatusCode.Ok => "OK",
        ActivityStatusCode.Error when string.IsNullOrEmpty(span.StatusDescription) => "ERROR",
        ActivityStatusCode.Error => "ERROR: " + Truncate(SingleLine(span.StatusDescription), MaxMessageLength),
        _ => string.Empty,
    };

    private static string EventText(WaterfallEvent spanEvent, bool useColor)
    {
        var attributes = spanEvent.Attributes;
        if (spanEvent.Name == DisplayedAttributes.LogEventName && Find(attributes, DisplayedAttributes.LogMessage) is { } message)
        {
            var severity = Find(attributes, DisplayedAttributes.LogSeverity)?.ToString() ?? string.Empty;
            var exception = ExceptionText(attributes);
            return $"log  {Paint(severity, SeverityColor(severity), useColor)}  {Truncate(SingleLine(message.ToString() ?? string.Empty), MaxMessageLength)}"
                + (exception.Length > 0 ? $"  ({exception})" : string.Empty);
        }

        if (spanEvent.Name == ExceptionEventName)
        {
            return $"{Paint(ExceptionEventName, Red, useColor)}  {ExceptionText(attributes)}";
        }

        var name = SingleLine(spanEvent.Name);
        return attributes.Count == 0 ? name : $"{name}  {string.Join(' ', attributes.Select(FormatAttribute))}";
    }

    private static string ExceptionText(IReadOnlyList<KeyValuePair<string, object?>> attributes)
    {
        var type = Find(attributes, DisplayedAttributes.ExceptionType)?.ToString();
        var message = Find(attributes, DisplayedAttributes.ExceptionMessage)?.ToString();
        var text = type is null ? message : message is null ? type : $"{type}: {message}";
        return Truncate(SingleLine(text ?? string.Empty), MaxMessageLength);
    }

    private static string SeverityColor(string severity) => severity.ToUpperInvariant() switch
    {
        "WARN" or "WARNING" => Yellow,
        "ERROR" or "FATAL" or "PANIC" or "CRITICAL" => Red,
        _ => string.Empty,
    };

    private static object? Find(IReadOnlyList<KeyValuePair<string, object?>> attributes, string key)
    {
        foreach (var attribute in attributes)
        {
            if (attribute.Key == key)
            {
                return attribute.Value;
            }
        }

        return null;
    }

    private static string FormatAttribute(KeyValuePair<string, object?> attribute) => $"{SingleLine(attribute.Key)}={FormatValue(attribute.Value)}";

    private static string ShortenId(string text) => text.Length == 64 && text.All(char.IsAsciiHexDigit) ? text[..ShortIdLength] : text;

    private static string Quote(string text) => text.Length == 0 || text.Contains(' ', StringComparison.Ordinal) ? $"\"{text}\"" : text;

    private static string Truncate(string text, int maxLength) => text.Length <= maxLength ? text : string.Concat(text.AsSpan(0, maxLength - 1), "…");

    // Values are printed to a terminal: line breaks and escapes in them must not break the layout.
    private static string SingleLine(string text)
        => !text.Any(char.IsControl)
            ? text
            : string.Create(text.Length, text, static (chars, source) =>
            {
                for (var i = 0; i < chars.Length; i++)
                {
                    chars[i] = char.IsControl(source[i]) ? ' ' : source[i];
                }
            });

    private static string Paint(string text, string color, bool useColor)
        => useColor && color.Length > 0 && text.Length > 0 ? color + text + Reset : text;

    private readonly record struct Row(WaterfallSpan Span, string Prefix, string EventPrefix);
}
