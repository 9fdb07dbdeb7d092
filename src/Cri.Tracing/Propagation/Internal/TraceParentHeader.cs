using System.Buffers;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Primitives;

namespace Cri.Tracing.Propagation.Internal;

/// <summary>
/// Validates a W3C <c>traceparent</c> without allocating, for the paths that only forward or
/// consult the header (a call that is filtered or not sampled). Calls that record a span parse it
/// with <see cref="ToRemoteContext"/>, or with OpenTelemetry's
/// <see cref="OpenTelemetry.Context.Propagation.TraceContextPropagator"/> when a <c>tracestate</c>
/// comes with it; they accept the same headers and give the same parent (a property test holds
/// them to it), so whether a call records never changes which parent it has. That includes their
/// reading of later versions: a version whose first digit is 0 must be exactly 55 characters
/// long; from version 10 on, more fields may follow after a dash.
/// </summary>
internal static class TraceParentHeader
{
    public const string Name = "traceparent";

    // "00-" + 32 + "-" + 16 + "-" + 2
    private const int Version0Length = 55;

    private const ActivityTraceFlags KnownFlags = ActivityTraceFlags.Recorded | ActivityTraceFlags.RandomTraceId;

    private static readonly SearchValues<char> LowerHexDigits = SearchValues.Create("0123456789abcdef");

    /// <summary>Reads the header values of a request.</summary>
    /// <param name="values">Every <c>traceparent</c> value of the request.</param>
    /// <param name="traceParent">The single valid value, or <see langword="null"/>.</param>
    /// <returns>What the header says.</returns>
    public static TraceParentState Read(StringValues values, out string? traceParent)
    {
        traceParent = null;
        if (values.Count == 0)
        {
            return TraceParentState.Absent;
        }

        // W3C: more than one traceparent is invalid, like OpenTelemetry's extractor decides.
        if (values.Count != 1 || values[0] is not { } value)
        {
            return TraceParentState.Invalid;
        }

        var state = Parse(value);
        if (state > TraceParentState.Invalid)
        {
            traceParent = value;
        }

        return state;
    }

    /// <summary>Validates one value.</summary>
    /// <param name="value">The header value.</param>
    /// <returns><see cref="TraceParentState.Invalid"/>, or the sampled state of a valid value.</returns>
    public static TraceParentState Parse(ReadOnlySpan<char> value)
    {
        if (value.Length < Version0Length
            || !TryHexNibble(value[0], out var version0)
            || !TryHexNibble(value[1], out var version1)
            || (version0 == 0xF && version1 == 0xF)
            || value[2] != '-'
            || value[35] != '-'
            || value[52] != '-'
            || !IsLowerHexNotAllZero(value.Slice(3, 32))
            || !IsLowerHexNotAllZero(value.Slice(36, 16))
            || !TryHexNibble(value[53], out _)
            || !TryHexNibble(value[54], out var flags))
        {
            return TraceParentState.Invalid;
        }

        if (value.Length > Version0Length && (version0 == 0 || value[Version0Length] != '-'))
        {
            return TraceParentState.Invalid;
        }

        return (flags & 1) == 1 ? TraceParentState.Sampled : TraceParentState.NotSampled;
    }

    /// <summary>
    /// Rewrites a valid value as version 00, the only version this library emits; a version-00
    /// value is returned as is.
    /// </summary>
    public static string AsVersion0(string traceParent)
        => traceParent.Length == Version0Length && traceParent.StartsWith("00", StringComparison.Ordinal)
            ? traceParent
            : string.Concat("00", traceParent.AsSpan(2, Version0Length - 2));

    /// <summary>
    /// Parses a valid value as a remote parent, to the context OpenTelemetry's extractor gives
    /// (of the flags, only sampled and random-trace-id are kept), at half its cost: the runtime's
    /// own W3C parser.
    /// </summary>
    /// <param name="traceParent">A value <see cref="Parse"/> accepted.</param>
    /// <param name="traceState">The validated <c>tracestate</c>, if any.</param>
    public static ActivityContext ToRemoteContext(string traceParent, string? traceState)
    {
        ActivityContext.TryParse(AsVersion0(traceParent), traceState: null, isRemote: true, out var parsed);
        return new ActivityContext(parsed.TraceId, parsed.SpanId, parsed.TraceFlags & KnownFlags, traceState, isRemote: true);
    }

    /// <summary>
    /// Builds an unsampled traceparent with fresh random ids: what Go's tracer sends downstream from
    /// a root it did not sample, so the next hop's parent-based sampler drops the call too.
    /// </summary>
    public static string CreateUnsampled()
    {
        // One draw for both ids; like otel-go's generator they need not be cryptographic. W3C
        // forbids all-zero ids: draw again in that (2^-64) case.
        Span<ulong> ids = stackalloc ulong[3];
        do
        {
            Random.Shared.NextBytes(MemoryMarshal.AsBytes(ids));
        }
        while ((ids[0] | ids[1]) == 0 || ids[2] == 0);

        // Written in place: no intermediate buffer to clear and copy.
        return string.Create(Version0Length, (TraceId: new UInt128(ids[0], ids[1]), SpanId: ids[2]), static (chars, ids) =>
        {
            "00-".AsSpan().CopyTo(chars);
            Convert.TryToHexStringLower(MemoryMarshal.AsBytes(new ReadOnlySpan<UInt128>(in ids.TraceId)), chars.Slice(3, 32), out _);
            chars[35] = '-';
            Convert.TryToHexStringLower(MemoryMarshal.AsBytes(new ReadOnlySpan<ulong>(in ids.SpanId)), chars.Slice(36, 16), out _);
            "-00".AsSpan().CopyTo(chars[52..]);
        });
    }

    // Vectorized: the ids are 48 of the header's 55 characters.
    private static bool IsLowerHexNotAllZero(ReadOnlySpan<char> span)
        => !span.ContainsAnyExcept(LowerHexDigits) && span.ContainsAnyExcept('0');

    private static bool TryHexNibble(char c, out int nibble)
    {
        if (c is >= '0' and <= '9')
        {
            nibble = c - '0';
            return true;
        }

        if (c is >= 'a' and <= 'f')
        {
            nibble = c - 'a' + 10;
            return true;
        }

        nibble = 0;
        return false;
    }
}
