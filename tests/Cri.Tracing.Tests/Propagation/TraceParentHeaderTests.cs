using System.Diagnostics;
using Cri.Tracing.Propagation.Internal;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.Primitives;
using OpenTelemetry.Context.Propagation;

namespace Cri.Tracing.Tests.Propagation;

public sealed class TraceParentHeaderTests
{
    private const string Valid = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    [Theory]
    [InlineData(Valid, "Sampled")]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00", "NotSampled")]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-09", "Sampled")]
    [InlineData("01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "Sampled")]
    [InlineData("01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-future", "Invalid")]
    [InlineData("10-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-future", "Sampled")]
    [InlineData("10-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01future", "Invalid")]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-extra", "Invalid")]
    [InlineData("ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "Invalid")]
    [InlineData("00-00000000000000000000000000000000-b7ad6b7169203331-01", "Invalid")]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01", "Invalid")]
    [InlineData("00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01", "Invalid")]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-0", "Invalid")]
    [InlineData("00_0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "Invalid")]
    [InlineData("", "Invalid")]
    [InlineData("garbage", "Invalid")]
    public void Parses_w3c_traceparent(string value, string expected)
        => Assert.Equal(expected, TraceParentHeader.Parse(value).ToString());

    [Fact]
    public void Several_values_are_invalid_and_none_is_absent()
    {
        Assert.Equal(TraceParentState.Invalid, TraceParentHeader.Read(new StringValues([Valid, Valid]), out var several));
        Assert.Null(several);
        Assert.Equal(TraceParentState.Absent, TraceParentHeader.Read(StringValues.Empty, out var none));
        Assert.Null(none);
        Assert.Equal(TraceParentState.Sampled, TraceParentHeader.Read(Valid, out var one));
        Assert.Same(Valid, one);
    }

    [Fact]
    public void Later_versions_are_forwarded_as_version_00()
    {
        Assert.Same(Valid, TraceParentHeader.AsVersion0(Valid));
        Assert.Equal(Valid, TraceParentHeader.AsVersion0("01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));
        Assert.Equal(Valid, TraceParentHeader.AsVersion0("10-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-future"));
    }

    [Fact]
    public void Fresh_unsampled_parent_is_valid_not_sampled_and_unique()
    {
        var first = TraceParentHeader.CreateUnsampled();
        Assert.Equal(TraceParentState.NotSampled, TraceParentHeader.Parse(first));
        Assert.NotEqual(first, TraceParentHeader.CreateUnsampled());
    }

    [Fact]
    public void Agrees_with_opentelemetrys_extractor_on_mutated_headers_and_parses_the_same_parent()
    {
        var propagator = new TraceContextPropagator();
        Prop.ForAll(MutatedTraceParents(), value =>
        {
            var extracted = propagator.Extract(default, value, static (carrier, name) => name == "traceparent" ? [carrier] : []).ActivityContext;
            var state = TraceParentHeader.Parse(value);
            var expected = extracted == default
                ? TraceParentState.Invalid
                : (extracted.TraceFlags & ActivityTraceFlags.Recorded) != 0 ? TraceParentState.Sampled : TraceParentState.NotSampled;
            var context = state == TraceParentState.Invalid ? default : TraceParentHeader.ToRemoteContext(value, traceState: null);
            return (state == expected).Label($"'{value}': ours {state}, OpenTelemetry {expected}")
                .And((context == extracted).Label($"'{value}': ours {context.TraceId}-{context.SpanId}-{context.TraceFlags} remote {context.IsRemote}, OpenTelemetry {extracted.TraceId}-{extracted.SpanId}-{extracted.TraceFlags} remote {extracted.IsRemote}"));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(3000));
    }

    private static Arbitrary<string> MutatedTraceParents()
    {
        var hexChars = "0123456789abcdef".ToCharArray();
        var anyChars = "0123456789abcdefABCDEF-_ xz".ToCharArray();
        Gen<string> Hex(int length) => Gen.ArrayOf(Gen.Elements(hexChars), length).Select(c => new string(c));
        var version = Gen.OneOf(Gen.Constant("00"), Gen.Constant("ff"), Gen.Constant("01"), Gen.Constant("10"), Hex(2));
        var traceId = Gen.Frequency((8, Hex(32)), (1, Gen.Constant(new string('0', 32))), (1, Hex(32).Select(s => s.ToUpperInvariant())));
        var spanId = Gen.Frequency((8, Hex(16)), (1, Gen.Constant(new string('0', 16))));
        var flags = Gen.OneOf(Gen.Constant("00"), Gen.Constant("01"), Hex(2));
        var suffix = Gen.Frequency((6, Gen.Constant(string.Empty)), (1, Gen.Constant("-x")), (1, Gen.Constant("x")), (1, Gen.Constant("-")));
        var wellFormed = from v in version
                         from t in traceId
                         from s in spanId
                         from f in flags
                         from x in suffix
                         select $"{v}-{t}-{s}-{f}{x}";

        // Then break one character or cut the value short, sometimes.
        return (from header in wellFormed
                from mutate in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Constant(1)), (1, Gen.Constant(2)))
                from position in Gen.Choose(0, header.Length - 1)
                from replacement in Gen.Elements(anyChars)
                select mutate switch
                {
                    1 => string.Concat(header.AsSpan(0, position), [replacement], header.AsSpan(position + 1)),
                    2 => header[..position],
                    _ => header,
                }).ToArbitrary();
    }
}
