using System.Diagnostics;
using Cri.Testing;
using Cri.Tracing.Hosting.Export.Internal;
using static Cri.Tracing.Hosting.Tests.Export.WaterfallSpans;

namespace Cri.Tracing.Hosting.Tests.Export;

public sealed class WaterfallRendererTests
{
    private const string SandboxId = "9f3c2a7b1e4d5c6b8a9f0e1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a7f8e9d0c1b";

    [Fact]
    public void A_CRI_call_renders_as_a_tree_on_the_time_axis()
    {
        // In the order they end: children first.
        WaterfallSpan[] spans =
        [
            Span("0000000000000004", "0000000000000003", "setup_network", 2.0, 10.1, events: [Log("INFO", "CNI plugin bridge added eth0")]),
            Span("0000000000000005", "0000000000000003", "create_sandbox_container", 12.5, 27.5, attributes: [new("container.id", SandboxId)]),
            Span("0000000000000006", "0000000000000003", "start_sandbox_container", 40.2, 10.3, events: [Log("WARN", "slow start: 10 ms")]),
            Span("0000000000000003", "0000000000000002", "runtime.v1.RuntimeService/RunPodSandbox", 1.0, 49.8, ActivityKind.Server, attributes:
            [
                new("rpc.response.status_code", "OK"),
                new("k8s.pod.name", "nginx-demo"),
                new("k8s.namespace.name", "default"),
            ]),
            Span("0000000000000002", "0000000000000001", "runtime.v1.RuntimeService/RunPodSandbox", 0.6, 51.0, ActivityKind.Client, ActivityStatusCode.Ok),
            Span("0000000000000001", null, "runp", 0, 52.3),
        ];

        Approvals.Verify(WaterfallRenderer.Render(spans, 40, useColor: false), "Waterfall.CriCall");
    }

    [Fact]
    public void Errors_events_and_several_roots_render_plainly()
    {
        WaterfallEvent[] events =
        [
            new("exception", [new("exception.type", "System.IO.FileNotFoundException"), new("exception.message", "image not found")]),
            Log("ERROR", "pull failed\nretrying", new("exception.type", "System.Net.Http.HttpRequestException"), new("exception.message", "503")),
            new("retry", [new("attempt", 2), new("backoff", "1s")]),
            Log("DEBUG", "Request: {}"),
            Log("DEBUG", "Response error: NotFound"),
            Log("DEBUG", "dropped from the output"),
            Log("DEBUG", "dropped too"),
        ];
        WaterfallSpan[] spans =
        [
            Span("0000000000000012", "0000000000000011", "pull_image", 1, 0, status: ActivityStatusCode.Ok),
            Span("0000000000000011", null, "runtime.v1.RuntimeService/CreateContainer", 0, 1250, ActivityKind.Server, ActivityStatusCode.Error, "image \"busybox\" not found", [
                new("rpc.response.status_code", "NOT_FOUND"),
                new("k8s.pod.name", new string('p', 80)),
                new("command", new[] { "sh", "-c", "echo hello" }),
                new("error.type", "NOT_FOUND"),
            ], events),

            // Its parent ran in another process: a root of its own.
            Span("0000000000000021", "00000000000000ff", "syncPod", 600, 700, ActivityKind.Consumer, ActivityStatusCode.Error),
        ];

        Approvals.Verify(WaterfallRenderer.Render(spans, 20, useColor: false), "Waterfall.ErrorsAndEvents");
    }

    [Fact]
    public void Color_marks_status_severity_and_error_bars()
    {
        WaterfallSpan[] spans =
        [
            Span("0000000000000002", "0000000000000001", "child", 0, 5, status: ActivityStatusCode.Error, statusDescription: "boom", events: [Log("WARN", "careful")]),
            Span("0000000000000001", null, "root", 0, 10, status: ActivityStatusCode.Ok),
        ];

        var colored = WaterfallRenderer.Render(spans, 10, useColor: true);
        var plain = WaterfallRenderer.Render(spans, 10, useColor: false);

        Assert.Contains("\u001b[1mtrace 4bf92f3577b34da6a3ce929d0e0e4736  root  (10.0 ms)\u001b[0m", colored, StringComparison.Ordinal);
        Assert.Contains("|\u001b[31m█████     \u001b[0m|  \u001b[31mERROR: boom\u001b[0m", colored, StringComparison.Ordinal);
        Assert.Contains("|██████████|  \u001b[32mOK\u001b[0m", colored, StringComparison.Ordinal);
        Assert.Contains("log  \u001b[33mWARN\u001b[0m  careful", colored, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', plain);
    }

    [Theory]
    [InlineData(0, 100, "██████████")]
    [InlineData(0, 50, "█████     ")]
    [InlineData(25, 75, "  ▐████▌  ")]
    [InlineData(24.5, 50, "  ▐██     ")]
    [InlineData(0, 23, "██▎       ")]
    [InlineData(0, 1, "▏         ")]
    [InlineData(50, 50, "     ▏    ")]
    [InlineData(51.25, 53.75, "     ▎    ")]
    [InlineData(98, 100, "         ▕")]
    public void Bars_sit_on_the_time_axis_to_the_eighth_of_a_cell(double start, double end, string expected)
    {
        // A 100 ms trace on 10 cells: one cell is 10 ms, one eighth 1.25 ms.
        var bar = WaterfallRenderer.Bar(Origin.AddMilliseconds(start), Origin.AddMilliseconds(end), Origin, TimeSpan.FromMilliseconds(100).Ticks, 10);

        Assert.Equal(expected, bar);
    }

    [Theory]
    [InlineData(0, "0 µs")]
    [InlineData(8_500, "850 µs")]
    [InlineData(523_000, "52.3 ms")]
    [InlineData(12_500_000, "1.25 s")]
    [InlineData(1_250_000_000, "2m05s")]
    public void Durations_read_in_the_unit_that_fits(long ticks, string expected)
        => Assert.Equal(expected, WaterfallRenderer.FormatDuration(TimeSpan.FromTicks(ticks)));

    [Fact]
    public void Attribute_values_stay_on_one_short_line()
    {
        Assert.Equal("nginx", WaterfallRenderer.FormatValue("nginx"));
        Assert.Equal("\"\"", WaterfallRenderer.FormatValue(string.Empty));
        Assert.Equal("\"echo hi\"", WaterfallRenderer.FormatValue("echo hi"));
        Assert.Equal("\"a b\"", WaterfallRenderer.FormatValue("a\nb"));
        Assert.Equal("\"a \"", WaterfallRenderer.FormatValue("a\u001b"));
        Assert.Equal("9f3c2a7b1e4d5", WaterfallRenderer.FormatValue(SandboxId));
        Assert.Equal(new string('x', 63) + "…", WaterfallRenderer.FormatValue(new string('x', 100)));
        Assert.Equal("true", WaterfallRenderer.FormatValue(true));
        Assert.Equal("10250", WaterfallRenderer.FormatValue(10250L));
        Assert.Equal("0.5", WaterfallRenderer.FormatValue(0.5));
        Assert.Equal("[sh, -c, \"echo hi\"]", WaterfallRenderer.FormatValue(new[] { "sh", "-c", "echo hi" }));
    }
}
