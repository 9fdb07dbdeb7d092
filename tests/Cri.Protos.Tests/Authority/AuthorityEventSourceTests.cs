using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using Cri.Protos.Internal;
using Cri.Testing;
using Cri.Testing.Http2;

namespace Cri.Protos.Tests.Authority;

/// <summary>
/// Cri.Protos.AspNetCore's self-diagnostics: consistent, and written when a connection is rewritten or closed.
/// Run alone: the conformance check expects only its own events, and other tests rewrite connections.
/// </summary>
[Collection(nameof(AuthorityEventSourceTests))]
public sealed class AuthorityEventSourceTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public void Every_event_method_writes_its_declared_id_level_and_parameters()
        => EventSourceConformance.AssertConsistent(CriKestrelEventSource.Log);

    [Fact]
    public async Task A_rewritten_connection_names_the_authority_it_replaced()
    {
        var authority = $"/run/{Guid.NewGuid():N}.sock";
        using var listener = new Listener();
        byte[] input = [.. RawHttp2Connection.Preface, .. RawHttp2Connection.UnaryRequest(1, "/runtime.v1.RuntimeService/Version", authority)];

        var (_, rewritten, _) = await RewriterHarness.RunAsync(input, 64, Cancellation);

        Assert.True(rewritten);
        Assert.Contains(listener.Events, e => e.EventId == 1 && Equals(e.Payload![0], authority));
    }

    [Fact]
    public async Task A_connection_closed_for_a_malformed_header_block_is_reported_with_the_reason()
    {
        using var listener = new Listener();

        // The second block is an indexed field whose index runs past the end of the block.
        byte[] input =
        [
            .. RawHttp2Connection.Preface,
            .. RawHttp2Connection.UnaryRequest(1, "/runtime.v1.RuntimeService/Version", "unix:/run/x.sock"),
            .. RawHttp2Connection.Frame(RawHttp2Frame.Headers, 0x05 /* END_HEADERS | END_STREAM */, 3, [0xFF]),
        ];

        var (_, _, error) = await RewriterHarness.RunAsync(input, 64, Cancellation);

        Assert.IsType<IOException>(error);
        Assert.Contains(listener.Events, e => e.EventId == 2 && e.Level == EventLevel.Warning && !string.IsNullOrEmpty((string?)e.Payload![0]));
    }

    private sealed class Listener : EventListener
    {
        public ConcurrentQueue<EventWrittenEventArgs> Events { get; } = new();

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Cri-Protos-AspNetCore")
            {
                this.EnableEvents(eventSource, EventLevel.Informational);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData) => this.Events.Enqueue(eventData);
    }
}
